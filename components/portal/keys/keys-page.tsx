"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { ChevronRightIcon, KeyIcon, PlusIcon } from "@/components/ui/icons";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { TimeAgo } from "@/components/ui/format";
import { cn } from "@/components/ui/cn";
import { errorMessage, useTRPC } from "@/components/trpc";
import type { Environment } from "@/db/schema";
import type { PublicApiKey } from "@/server/api/routers/keys";
import { usePortal } from "../context";
import { KeyReveal } from "../key-reveal";

type Filter = "all" | Environment;

const GRACE_OPTIONS = [
  { value: 0, label: "Immediately", hint: "The old key stops working now." },
  { value: 3600, label: "In 1 hour", hint: "Time to redeploy with the new key." },
  { value: 86_400, label: "In 24 hours", hint: "" },
  { value: 604_800, label: "In 7 days", hint: "" },
] as const;
const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
] as const;

function StatusBadge({ k }: { k: PublicApiKey }) {
  if (k.status === "revoked") return <Badge tone="red">Revoked</Badge>;
  if (k.status === "expired") return <Badge tone="gray">Expired</Badge>;
  if (k.expiresAt && k.expiresAt.getTime() - Date.now() < 7 * 86_400_000) return <Badge tone="amber">Expiring</Badge>;
  return <Badge tone="green">Active</Badge>;
}

export function KeysPage() {
  const trpc = useTRPC();
  const { workspace, environment, isOwner } = usePortal();
  const keys = useQuery(trpc.keys.list.queryOptions({ workspaceId: workspace.id }));
  const [filter, setFilter] = useState<Filter>("all");
  const [showInactive, setShowInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<PublicApiKey | null>(null);
  const [rolling, setRolling] = useState<PublicApiKey | null>(null);
  const inactiveId = useId();

  const all = (keys.data ?? []).filter((k) => k.kind !== "playground");
  const playground = (keys.data ?? []).filter((k) => k.kind === "playground");
  const visible = all.filter((k) => (filter === "all" || k.environment === filter) && (showInactive || k.status === "active"));
  const hiddenInactive = all.filter((k) => (filter === "all" || k.environment === filter) && k.status !== "active").length;
  const canManage = (k: PublicApiKey) => k.environment === "sandbox" || isOwner;
  const byId = new Map((keys.data ?? []).map((k) => [k.id, k]));
  const show = (id: string) => {
    const target = byId.get(id);
    if (target && target.status !== "active") setShowInactive(true);
    requestAnimationFrame(() => {
      const el = document.getElementById(`key-${id}`) ?? document.getElementById(`key-card-${id}`);
      el?.scrollIntoView({ block: "center", behavior: "smooth" });
      el?.focus({ preventScroll: true });
    });
  };
  const listProps = { byId, canManage, onRoll: setRolling, onRevoke: setRevoking, onShow: show };

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Send a key in the <code className="font-mono">x-api-key</code> header. <code className="font-mono">pio_sk_test_</code> keys reach
            sandbox data, <code className="font-mono">pio_sk_live_</code> keys reach live data. Pio stores only a hash: a key is shown once.
          </>
        }
        actions={
          <Button onClick={() => setCreating(true)}>
            <PlusIcon /> Create key
          </Button>
        }
      />
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
          <div role="group" aria-label="Filter by environment" className="flex rounded-md border border-slate-200 p-0.5 text-sm">
            {(["all", "sandbox", "live"] as const).map((f) => (
              <button
                key={f}
                type="button"
                aria-pressed={filter === f}
                onClick={() => setFilter(f)}
                className={cn("rounded px-3 py-1 capitalize", filter === f ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100")}
              >
                {f}
              </button>
            ))}
          </div>
          <div className="flex items-center gap-2 text-sm text-slate-600">
            <input
              id={inactiveId}
              type="checkbox"
              checked={showInactive}
              onChange={(e) => setShowInactive(e.target.checked)}
              className="h-4 w-4 rounded border-slate-300"
            />
            <label htmlFor={inactiveId}>Show revoked and expired{hiddenInactive && !showInactive ? ` (${hiddenInactive})` : ""}</label>
          </div>
        </div>
        {keys.isPending ? (
          <LoadingRows rows={4} label="Loading keys" />
        ) : keys.isError ? (
          <ErrorState message={errorMessage(keys.error)} onRetry={() => keys.refetch()} />
        ) : visible.length === 0 ? (
          <EmptyState
            icon={<KeyIcon />}
            title={all.length ? "No keys match" : "No API keys yet"}
            description={
              all.length ? "Change the filter, or show revoked and expired keys." : "Create a sandbox key to start calling the API."
            }
            action={
              <Button onClick={() => setCreating(true)}>
                <PlusIcon /> Create key
              </Button>
            }
          />
        ) : (
          <KeyList keys={visible} label={`API keys of ${workspace.name}`} {...listProps} />
        )}
      </Card>
      {playground.length > 0 && (
        <details className="group mt-6 rounded-lg border border-slate-200 bg-white shadow-xs" data-testid="playground-keys">
          <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-2 gap-y-1 px-4 py-3 text-sm sm:px-5">
            <ChevronRightIcon className="h-4 w-4 text-slate-400 transition-transform group-open:rotate-90" />
            <span className="font-semibold text-slate-900">Playground keys</span>
            <span className="text-slate-500">
              ({playground.filter((k) => k.status === "active").length} active) · the playground&apos;s own sandbox key, one per person
            </span>
          </summary>
          <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500 sm:px-5">
            Each person&apos;s playground sends its requests with one of these. Revoke one and the playground makes a new one the next time it
            opens.
          </p>
          <KeyList keys={playground.filter((k) => showInactive || k.status === "active")} label="Playground keys" {...listProps} />
        </details>
      )}
      <CreateKeyDialog open={creating} onClose={() => setCreating(false)} defaultEnvironment={environment} />
      {revoking && <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />}
      {rolling && <RollDialog apiKey={rolling} onClose={() => setRolling(null)} />}
    </>
  );
}

interface KeyListProps {
  keys: PublicApiKey[];
  label: string;
  byId: Map<string, PublicApiKey>;
  canManage: (k: PublicApiKey) => boolean;
  onRoll: (k: PublicApiKey) => void;
  onRevoke: (k: PublicApiKey) => void;
  onShow: (id: string) => void;
}

/** Expiry, or for a retired key when it was revoked and what replaced it. */
function Lifecycle({ k, byId, onShow }: { k: PublicApiKey; byId: Map<string, PublicApiKey>; onShow: (id: string) => void }) {
  const replacement = k.replacedBy ? byId.get(k.replacedBy) : undefined;
  return (
    <span className="flex flex-col gap-0.5">
      {k.revokedAt ? (
        <span>
          Revoked <TimeAgo date={k.revokedAt} />
        </span>
      ) : (
        <span>
          {k.status === "expired" ? "Expired " : k.expiresAt ? "Expires " : ""}
          <TimeAgo date={k.expiresAt} fallback="Never expires" />
        </span>
      )}
      {replacement && (
        <span className="text-xs">
          Replaced by{" "}
          <button type="button" onClick={() => onShow(replacement.id)} className="font-mono text-brand-700 underline-offset-2 hover:underline">
            …{replacement.masked.slice(-4)}
          </button>
        </span>
      )}
    </span>
  );
}

/** Keys as a table on laptops, as cards on phones and tablets; every action in reach at every width. */
function KeyList({ keys, label, byId, canManage, onRoll, onRevoke, onShow }: KeyListProps) {
  return (
    <>
      <ul className="divide-y divide-slate-100 lg:hidden" aria-label={label}>
        {keys.map((k) => (
          <li key={k.id} id={`key-card-${k.id}`} tabIndex={-1} className={cn("space-y-2 px-4 py-3 outline-none focus:bg-brand-50/40", k.status !== "active" && "text-slate-500")}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{k.name}</span>
              <EnvironmentBadge environment={k.environment} />
              <StatusBadge k={k} />
            </div>
            <p className="break-all font-mono text-xs">{k.masked}</p>
            <div className="text-xs text-slate-500">
              <p>
                Created <TimeAgo date={k.createdAt} /> · last used <TimeAgo date={k.lastUsedAt} fallback="never" />
              </p>
              <Lifecycle k={k} byId={byId} onShow={onShow} />
            </div>
            {k.status === "active" && <KeyActions k={k} canManage={canManage(k)} onRoll={onRoll} onRevoke={onRevoke} />}
          </li>
        ))}
      </ul>
      <table className="hidden w-full text-left text-sm lg:table">
        <caption className="sr-only">{label}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium sm:px-5">Name</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Environment</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Created</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Last used</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Expires</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
            <th scope="col" className="px-4 py-2.5 sm:px-5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((k) => (
            <tr
              key={k.id}
              id={`key-${k.id}`}
              tabIndex={-1}
              data-testid={`key-row-${k.id}`}
              className={cn("align-top outline-none focus:bg-brand-50/40", k.status !== "active" && "text-slate-500")}
            >
              <td className="px-4 py-3 sm:px-5">
                <span className="block font-medium text-slate-900">{k.name}</span>
                <span className="block whitespace-nowrap font-mono text-xs">{k.masked}</span>
              </td>
              <td className="px-3 py-3">
                <EnvironmentBadge environment={k.environment} />
              </td>
              <td className="px-3 py-3">
                <TimeAgo date={k.createdAt} />
              </td>
              <td className="px-3 py-3">
                <TimeAgo date={k.lastUsedAt} fallback="Never" />
              </td>
              <td className="px-3 py-3">
                <Lifecycle k={k} byId={byId} onShow={onShow} />
              </td>
              <td className="px-3 py-3">
                <StatusBadge k={k} />
              </td>
              <td className="px-4 py-3 text-right sm:px-5">
                {k.status === "active" && <KeyActions k={k} canManage={canManage(k)} onRoll={onRoll} onRevoke={onRevoke} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function KeyActions({
  k,
  canManage,
  onRoll,
  onRevoke,
}: {
  k: PublicApiKey;
  canManage: boolean;
  onRoll: (k: PublicApiKey) => void;
  onRevoke: (k: PublicApiKey) => void;
}) {
  return (
    <div className="flex gap-1.5 lg:justify-end">
      {k.kind !== "playground" && (
        <Button
          size="sm"
          variant="secondary"
          disabled={!canManage}
          title={canManage ? undefined : "Only owners can roll live keys"}
          aria-label={`Roll key ${k.name}`}
          onClick={() => onRoll(k)}
        >
          Roll
        </Button>
      )}
      <Button
        size="sm"
        variant="secondary"
        className="text-rose-700"
        disabled={!canManage}
        title={canManage ? undefined : "Only owners can revoke live keys"}
        aria-label={`Revoke key ${k.name}`}
        onClick={() => onRevoke(k)}
      >
        Revoke
      </Button>
    </div>
  );
}

function useInvalidateKeys() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.keys.list.queryKey() });
}

function CreateKeyDialog({ open, onClose, defaultEnvironment }: { open: boolean; onClose: () => void; defaultEnvironment: Environment }) {
  const trpc = useTRPC();
  const { workspace, isOwner } = usePortal();
  const invalidate = useInvalidateKeys();
  const create = useMutation(trpc.keys.create.mutationOptions({ onSuccess: invalidate }));
  const [env, setEnv] = useState<Environment>(defaultEnvironment === "live" && isOwner ? "live" : "sandbox");
  const close = () => {
    create.reset();
    onClose();
  };
  const fieldErrors =
    (create.error?.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError?.fieldErrors ?? {};
  return (
    <Dialog
      open={open}
      onClose={close}
      size="lg"
      dismissible={!create.data}
      title={create.data ? `Your new ${create.data.apiKey.environment} key` : "Create an API key"}
      description={create.data ? `“${create.data.apiKey.name}” is ready.` : "Give the key a name you will recognise, such as where it is deployed."}
    >
      {create.data ? (
        <KeyReveal apiKey={create.data.key} onDone={close} />
      ) : (
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const days = String(f.get("expires") ?? "");
            create.mutate({
              workspaceId: workspace.id,
              name: String(f.get("name") ?? ""),
              environment: env,
              expiresInDays: days ? (Number(days) as 7 | 30 | 90 | 365) : null,
            });
          }}
        >
          <FormError>{create.error && !fieldErrors.name ? errorMessage(create.error) : null}</FormError>
          <Field label="Name" error={fieldErrors.name?.[0]}>
            {({ id, describedBy, invalid }) => (
              <Input id={id} name="name" placeholder="Development" autoFocus aria-describedby={describedBy} aria-invalid={invalid} />
            )}
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Environment</legend>
            <div className="mt-1.5 grid gap-2 sm:grid-cols-2">
              {(["sandbox", "live"] as const).map((e) => {
                const disabled = e === "live" && !isOwner;
                return (
                  <label
                    key={e}
                    className={cn(
                      "flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm",
                      env === e ? "border-brand-500 ring-2 ring-brand-500/20" : "border-slate-200",
                      disabled && "cursor-not-allowed opacity-60",
                    )}
                  >
                    <input type="radio" name="environment" value={e} checked={env === e} disabled={disabled} onChange={() => setEnv(e)} className="mt-0.5" />
                    <span>
                      <span className="font-medium capitalize">{e}</span>
                      <span className="block text-xs text-slate-500">
                        {e === "sandbox" ? "pio_sk_test_… · test data only" : disabled ? "Only owners can create live keys" : "pio_sk_live_… · production data"}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          <Field label="Expires" hint="An expired key is refused with 401 expired_api_key.">
            {({ id, describedBy }) => (
              <Select id={id} name="expires" defaultValue="" aria-describedby={describedBy}>
                {EXPIRY_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}

function RevokeDialog({ apiKey, onClose }: { apiKey: PublicApiKey; onClose: () => void }) {
  const trpc = useTRPC();
  const { workspace } = usePortal();
  const invalidate = useInvalidateKeys();
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
    }),
  );
  return (
    <Dialog open onClose={onClose} title={`Revoke “${apiKey.name}”?`} description="This cannot be undone.">
      <p className="text-sm text-slate-700">
        Requests with <code className="font-mono">{apiKey.masked}</code> will be refused with <strong>401</strong> from their next request. Anything
        still using it stops working.
      </p>
      <div className="mt-4">
        <FormError>{revoke.error ? errorMessage(revoke.error) : null}</FormError>
      </div>
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" loading={revoke.isPending} onClick={() => revoke.mutate({ workspaceId: workspace.id, keyId: apiKey.id })}>
          Revoke key
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function RollDialog({ apiKey, onClose }: { apiKey: PublicApiKey; onClose: () => void }) {
  const trpc = useTRPC();
  const { workspace } = usePortal();
  const invalidate = useInvalidateKeys();
  const roll = useMutation(trpc.keys.roll.mutationOptions({ onSuccess: invalidate }));
  const [grace, setGrace] = useState<0 | 3600 | 86_400 | 604_800>(3600);
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      dismissible={!roll.data}
      title={roll.data ? `New key for “${apiKey.name}”` : `Roll “${apiKey.name}”`}
      description={
        roll.data
          ? grace === 0
            ? "The old key has been revoked."
            : "The old key keeps working until the end of the grace period."
          : "Creates a new key with the same name, environment and lifetime, and retires this one."
      }
    >
      {roll.data ? (
        <KeyReveal apiKey={roll.data.key} onDone={onClose} />
      ) : (
        <>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Retire the old key</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {GRACE_OPTIONS.map((o) => (
                <label
                  key={o.value}
                  className={cn(
                    "flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm",
                    grace === o.value ? "border-brand-500 ring-2 ring-brand-500/20" : "border-slate-200",
                  )}
                >
                  <input type="radio" name="grace" value={o.value} checked={grace === o.value} onChange={() => setGrace(o.value)} className="mt-0.5" />
                  <span>
                    <span className="font-medium">{o.label}</span>
                    {o.hint && <span className="block text-xs text-slate-500">{o.hint}</span>}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="mt-4">
            <FormError>{roll.error ? errorMessage(roll.error) : null}</FormError>
          </div>
          <DialogActions>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button loading={roll.isPending} onClick={() => roll.mutate({ workspaceId: workspace.id, keyId: apiKey.id, graceSeconds: grace })}>
              Roll key
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
