"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge, EnvironmentBadge, StatusCodeBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock, CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, FormError, Input, inputClass, Select } from "@/components/ui/field";
import { absoluteTime, TimeAgo } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import type { inferRouterOutputs } from "@trpc/server";
import { errorMessage, useTRPC } from "@/components/trpc";
import type { AppRouter } from "@/server/api/root";
import { PIO_EVENT_TYPES } from "@/server/service/events";
import { usePortal, useScope } from "../context";

type RouterOutputs = inferRouterOutputs<AppRouter>;
type Endpoint = RouterOutputs["webhooks"]["list"][number];
type Delivery = RouterOutputs["webhooks"]["deliveries"]["deliveries"][number];

const EVENT_HELP: Record<(typeof PIO_EVENT_TYPES)[number], string> = {
  "ingestion.completed": "an ingestion finished processing (with its counts)",
  "ingestion.failed": "an ingestion failed after its retries",
  "memory.created": "a memory was added",
  "memory.updated": "a memory was changed",
  "memory.deleted": "a memory was deleted",
  "stage3.completed": "Stage 3 answered its questions about a user",
  "user.deleted": "a user and all their data were erased",
};

/** The field a server error names (DomainError.field, when the transport passes it on). */
function errorField(error: unknown): string | null {
  const data = (error as { data?: { domainError?: { field?: string | null } } } | null)?.data;
  return data?.domainError?.field ?? null;
}

/**
 * Webhook endpoints of the current environment and their delivery log: add, edit, rotate the
 * signing secret (shown once), delete, and resend a delivery.
 */
export function WebhooksCard() {
  const trpc = useTRPC();
  const scope = useScope();
  const { environment, isOwner } = usePortal();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions(scope));
  const [editing, setEditing] = useState<Endpoint | "new" | null>(null);
  const [revealed, setRevealed] = useState<{ url: string; secret: string; rotated: boolean } | null>(null);
  const [rotating, setRotating] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const readOnly = environment === "live" && !isOwner;

  return (
    <Card aria-labelledby="webhooks-title">
      <CardHeader
        id="webhooks-title"
        title="Webhooks"
        description={
          <>
            Pio POSTs signed JSON events to these URLs for <EnvironmentBadge environment={environment} /> users. Verify the{" "}
            <code className="font-mono text-xs">Pio-Signature</code> header with the endpoint&apos;s secret (see the docs, “Webhooks”).
          </>
        }
        actions={
          !readOnly && (
            <Button onClick={() => setEditing("new")} disabled={endpoints.isPending}>
              Add endpoint
            </Button>
          )
        }
      />
      {readOnly && <p className="px-4 pb-2 text-sm text-slate-500 sm:px-5">Only owners can change live endpoints.</p>}
      {endpoints.isPending ? (
        <LoadingRows rows={2} label="Loading webhook endpoints" />
      ) : endpoints.isError ? (
        <ErrorState message={errorMessage(endpoints.error)} onRetry={() => endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <EmptyState
          title="No webhook endpoints yet"
          description={`Add a URL to be told when ingestions finish, memories change or users are erased in ${environment}.`}
        />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Webhook endpoints">
          {endpoints.data.map((e) => (
            <li key={e.id} className="flex flex-wrap items-start gap-3 px-4 py-3 sm:px-5" data-testid="webhook-endpoint">
              <div className="min-w-0 flex-1">
                <p className="break-all font-mono text-sm text-slate-900">{e.url}</p>
                {e.description && <p className="mt-0.5 text-sm text-slate-600">{e.description}</p>}
                <div className="mt-1.5 flex flex-wrap gap-1">
                  {e.events.map((ev) => (
                    <Badge key={ev} tone="blue" className="font-mono">
                      {ev}
                    </Badge>
                  ))}
                </div>
                <p className="mt-1.5 text-xs text-slate-500">
                  Secret <code className="font-mono">{e.secretStart}</code> · added <TimeAgo date={e.createdAt} />
                </p>
              </div>
              {!readOnly && (
                <div className="flex flex-wrap gap-1">
                  <Button size="sm" variant="secondary" onClick={() => setEditing(e)} aria-label={`Edit ${e.url}`}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setRotating(e)} aria-label={`Rotate the secret of ${e.url}`}>
                    Rotate secret
                  </Button>
                  <Button size="sm" variant="ghost" className="text-rose-700" onClick={() => setDeleting(e)} aria-label={`Delete ${e.url}`}>
                    Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {endpoints.data && endpoints.data.length > 0 && <DeliveryLog endpoints={endpoints.data} readOnly={readOnly} />}

      <EndpointDialog
        key={editing === null ? "closed" : editing === "new" ? "new" : editing.id}
        editing={editing}
        onClose={() => setEditing(null)}
        onCreated={(url, secret) => {
          setEditing(null);
          setRevealed({ url, secret, rotated: false });
        }}
      />
      <RotateDialog endpoint={rotating} onClose={() => setRotating(null)} onRotated={(url, secret) => {
        setRotating(null);
        setRevealed({ url, secret, rotated: true });
      }} />
      <DeleteDialog endpoint={deleting} onClose={() => setDeleting(null)} />
      <Dialog
        open={Boolean(revealed)}
        onClose={() => setRevealed(null)}
        title={revealed?.rotated ? "New signing secret" : "Endpoint added"}
        size="lg"
        dismissible={false}
      >
        {revealed && <SecretReveal {...revealed} onDone={() => setRevealed(null)} />}
      </Dialog>
    </Card>
  );
}

function SecretReveal({ url, secret, rotated, onDone }: { url: string; secret: string; rotated: boolean; onDone: () => void }) {
  const id = useId();
  return (
    <div className="space-y-4">
      <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <strong className="font-semibold">Copy this signing secret now. You won&apos;t see it again.</strong>{" "}
        {rotated ? "The old secret stopped signing at once: update your receiver." : "Use it to verify that deliveries come from Pio."}
      </div>
      <p className="break-all text-sm text-slate-700">
        For <code className="font-mono">{url}</code>
      </p>
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          Signing secret
        </label>
        <div className="mt-1.5 flex flex-col gap-2 sm:flex-row sm:items-start">
          <input id={id} readOnly value={secret} data-testid="webhook-secret" onFocus={(e) => e.currentTarget.select()} className={inputClass + " font-mono text-xs"} />
          <CopyButton text={secret} label="Copy secret" ariaLabel="Copy signing secret" variant="primary" size="md" />
        </div>
      </div>
      <CodeBlock
        label="Verify a delivery (Node)"
        code={`import { verifyWebhook } from "@pio/sdk";\n\n// rawBody: the request body exactly as received (a string)\nconst event = verifyWebhook(rawBody, req.headers["pio-signature"], process.env.PIO_WEBHOOK_SECRET);`}
      />
      <DialogActions>
        <Button onClick={onDone}>I&apos;ve copied it</Button>
      </DialogActions>
    </div>
  );
}

function EndpointDialog({ editing, onClose, onCreated }: { editing: Endpoint | "new" | null; onClose: () => void; onCreated: (url: string, secret: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const existing = editing && editing !== "new" ? editing : null;
  const [url, setUrl] = useState(existing?.url ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [events, setEvents] = useState<string[]>(existing?.events ?? ["ingestion.completed"]);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (r) => {
        await invalidate();
        onCreated(r.endpoint.url, r.secret);
      },
    }),
  );
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
    }),
  );
  const error = create.error ?? update.error;
  const field = error ? errorField(error) : null;
  const message = error ? errorMessage(error) : null;
  const pending = create.isPending || update.isPending;
  return (
    <Dialog open={editing !== null} onClose={onClose} title={existing ? "Edit endpoint" : "Add a webhook endpoint"} size="lg">
      <form
        className="space-y-4"
        noValidate
        aria-label={existing ? "Edit webhook endpoint" : "Add webhook endpoint"}
        onSubmit={(e) => {
          e.preventDefault();
          const input = { ...scope, url, events, description: description.trim() || null };
          if (existing) update.mutate({ ...input, id: existing.id });
          else create.mutate(input);
        }}
      >
        <FormError>{message && field !== "url" && field !== "events" ? message : null}</FormError>
        <Field label="Endpoint URL" hint="A public https:// URL (http:// is accepted in sandbox)." error={field === "url" ? message : null}>
          {({ id, describedBy, invalid }) => (
            <Input
              id={id}
              name="url"
              type="url"
              inputMode="url"
              placeholder="https://example.com/webhooks/pio"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              autoFocus
            />
          )}
        </Field>
        <Field label="Description (optional)">
          {({ id }) => <Input id={id} name="description" value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <div className="mt-1.5 grid gap-2 sm:grid-cols-2">
            {PIO_EVENT_TYPES.map((ev) => (
              <label key={ev} className="flex items-start gap-2 rounded-md border border-slate-200 p-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={events.includes(ev)}
                  onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))}
                />
                <span>
                  <span className="block font-mono text-xs text-slate-900">{ev}</span>
                  <span className="block text-xs text-slate-500">{EVENT_HELP[ev]}</span>
                </span>
              </label>
            ))}
          </div>
          {field === "events" && <p className="mt-1.5 text-xs font-medium text-rose-600">{message}</p>}
        </fieldset>
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {existing ? "Save endpoint" : "Add endpoint"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function RotateDialog({ endpoint, onClose, onRotated }: { endpoint: Endpoint | null; onClose: () => void; onRotated: (url: string, secret: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: async (r) => {
        await qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
        onRotated(r.endpoint.url, r.secret);
      },
    }),
  );
  return (
    <Dialog open={Boolean(endpoint)} onClose={onClose} title="Rotate the signing secret?">
      <p className="text-sm text-slate-700">
        A new secret signs every delivery from now on; the old one stops at once, so update your receiver right after.
      </p>
      <div className="mt-4">
        <FormError>{rotate.error ? errorMessage(rotate.error) : null}</FormError>
      </div>
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button loading={rotate.isPending} onClick={() => endpoint && rotate.mutate({ ...scope, id: endpoint.id })}>
          Rotate secret
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function DeleteDialog({ endpoint, onClose }: { endpoint: Endpoint | null; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const del = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
        await qc.invalidateQueries({ queryKey: trpc.webhooks.deliveries.infiniteQueryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog open={Boolean(endpoint)} onClose={onClose} title="Delete this endpoint?">
      <p className="break-all text-sm text-slate-700">
        <code className="font-mono">{endpoint?.url}</code> stops receiving events, its pending retries stop, and its delivery log is deleted.
      </p>
      <div className="mt-4">
        <FormError>{del.error ? errorMessage(del.error) : null}</FormError>
      </div>
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" loading={del.isPending} onClick={() => endpoint && del.mutate({ ...scope, id: endpoint.id })}>
          Delete endpoint
        </Button>
      </DialogActions>
    </Dialog>
  );
}

const STATUS_TONE = { succeeded: "green", failed: "red", pending: "amber" } as const;

function DeliveryLog({ endpoints, readOnly }: { endpoints: Endpoint[]; readOnly: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const [endpointId, setEndpointId] = useState("");
  const [open, setOpen] = useState<Delivery | null>(null);
  const deliveries = useInfiniteQuery({
    ...trpc.webhooks.deliveries.infiniteQueryOptions(
      { ...scope, endpointId: endpointId || undefined, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    // Pending deliveries change on their own (retries): keep the log current while there are any.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.deliveries.some((d) => d.status === "pending")) ? 2000 : 15_000),
  });
  const resend = useMutation(
    trpc.webhooks.resend.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.webhooks.deliveries.infiniteQueryKey() }) }),
  );
  const rows = deliveries.data?.pages.flatMap((p) => p.deliveries) ?? [];
  const urlOf = (id: string) => endpoints.find((e) => e.id === id)?.url ?? id;
  return (
    <section aria-labelledby="deliveries-title" className="border-t border-slate-100">
      <div className="flex flex-wrap items-end justify-between gap-3 px-4 pt-4 sm:px-5">
        <h3 id="deliveries-title" className="text-sm font-semibold text-slate-900">
          Recent deliveries
        </h3>
        <div className="flex items-end gap-2">
          <label className="text-xs text-slate-500">
            <span className="sr-only">Endpoint</span>
            <Select value={endpointId} onChange={(e) => setEndpointId(e.target.value)} aria-label="Filter deliveries by endpoint" className="h-8 py-1 text-xs">
              <option value="">All endpoints</option>
              {endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.url}
                </option>
              ))}
            </Select>
          </label>
          <Button size="sm" variant="secondary" loading={deliveries.isRefetching && !deliveries.isFetchingNextPage} onClick={() => deliveries.refetch()}>
            Refresh
          </Button>
        </div>
      </div>
      {resend.error && (
        <div className="px-4 pt-3 sm:px-5">
          <FormError>{errorMessage(resend.error)}</FormError>
        </div>
      )}
      {deliveries.isPending ? (
        <LoadingRows rows={3} label="Loading deliveries" />
      ) : deliveries.isError ? (
        <ErrorState message={errorMessage(deliveries.error)} onRetry={() => deliveries.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No deliveries yet" description="Events appear here as they are sent, with the receiver's answer." />
      ) : (
        <div className="overflow-x-auto p-4 sm:p-5">
          <table className="w-full min-w-[40rem] text-left text-sm" aria-label="Webhook deliveries">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1.5 pr-3 font-medium">Event</th>
                <th className="py-1.5 pr-3 font-medium">Endpoint</th>
                <th className="py-1.5 pr-3 font-medium">Status</th>
                <th className="py-1.5 pr-3 font-medium">Response</th>
                <th className="py-1.5 pr-3 font-medium">Attempts</th>
                <th className="py-1.5 pr-3 font-medium">Sent</th>
                <th className="py-1.5 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((d) => (
                <tr key={d.id} data-testid="webhook-delivery">
                  <td className="py-2 pr-3">
                    <button type="button" className="font-mono text-xs text-brand-700 hover:underline" onClick={() => setOpen(d)}>
                      {d.eventType}
                    </button>
                    {d.resendOf && <span className="ml-1 text-xs text-slate-500">(resent)</span>}
                  </td>
                  <td className="max-w-[14rem] truncate py-2 pr-3 font-mono text-xs text-slate-600" title={urlOf(d.endpointId)}>
                    {urlOf(d.endpointId)}
                  </td>
                  <td className="py-2 pr-3">
                    <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                  </td>
                  <td className="py-2 pr-3">{d.responseStatus ? <StatusCodeBadge status={d.responseStatus} /> : <span className="text-slate-400">—</span>}</td>
                  <td className="py-2 pr-3 tabular-nums">
                    {d.attempts}
                    {d.status === "pending" && d.nextAttemptAt && (
                      <span className="block text-xs text-slate-500">
                        next <TimeAgo date={d.nextAttemptAt} />
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-3 text-xs text-slate-600" title={absoluteTime(d.createdAt)}>
                    <TimeAgo date={d.createdAt} />
                  </td>
                  <td className="py-2 text-right">
                    {!readOnly && (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={resend.isPending && resend.variables?.deliveryId === d.id}
                        disabled={d.status === "pending"}
                        onClick={() => resend.mutate({ ...scope, deliveryId: d.id })}
                        aria-label={`Resend ${d.eventType} delivery ${d.id}`}
                      >
                        Resend
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {deliveries.hasNextPage && (
            <div className="mt-3 text-center">
              <Button variant="secondary" size="sm" loading={deliveries.isFetchingNextPage} onClick={() => deliveries.fetchNextPage()}>
                Show older deliveries
              </Button>
            </div>
          )}
        </div>
      )}
      <Dialog open={Boolean(open)} onClose={() => setOpen(null)} title={open ? `${open.eventType} · ${open.eventId}` : ""} size="lg">
        {open && (
          <div className="space-y-3 text-sm">
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              <div>
                <dt className="text-xs text-slate-500">Status</dt>
                <dd>
                  <Badge tone={STATUS_TONE[open.status]}>{open.status}</Badge>
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Response</dt>
                <dd>{open.responseStatus ?? "—"}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Attempts</dt>
                <dd>{open.attempts}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Delivered</dt>
                <dd>{open.deliveredAt ? <TimeAgo date={open.deliveredAt} /> : "—"}</dd>
              </div>
            </dl>
            {open.lastError && (
              <p className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-rose-800" data-testid="webhook-last-error">
                {open.lastError}
              </p>
            )}
            <CodeBlock label="Payload (the signed body)" code={JSON.stringify(open.payload, null, 2)} />
          </div>
        )}
      </Dialog>
    </section>
  );
}
