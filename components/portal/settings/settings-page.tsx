"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, FormError, Input, inputClass, Select } from "@/components/ui/field";
import { TimeAgo } from "@/components/ui/format";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import { REGIONS } from "@/lib/workspace-options";
import { usePortal } from "../context";
import { checkWorkspaceForm, WorkspaceFields, type WorkspaceErrors, type WorkspaceValues } from "../workspace-fields";
import { useOrigin } from "../key-reveal";
import { WebhooksCard } from "./webhooks-card";

export function SettingsPage() {
  const trpc = useTRPC();
  const { workspace, isOwner } = usePortal();
  const ws = useQuery(trpc.workspace.get.queryOptions({ workspaceId: workspace.id }));
  return (
    <>
      <PageHeader title="Settings" description="The workspace, its members and invitations, and webhooks. Your own name and password are on your account page." />
      <div className="space-y-6">
        <Card aria-labelledby="workspace-title">
          <CardHeader
            id="workspace-title"
            title="Workspace"
            description={isOwner ? "Owners can change these at any time." : "Only owners can change these."}
          />
          {ws.isPending ? (
            <LoadingRows rows={3} label="Loading the workspace" />
          ) : ws.isError ? (
            <ErrorState message={errorMessage(ws.error)} onRetry={() => ws.refetch()} />
          ) : (
            <>
              {isOwner ? (
                <WorkspaceForm workspace={ws.data} />
              ) : (
                <dl className="grid gap-x-6 gap-y-4 p-4 text-sm sm:grid-cols-2 sm:p-5 lg:grid-cols-3">
                  {[
                    ["Name", ws.data.name],
                    ["Use case", ws.data.useCase ?? "—"],
                    ["Default region", REGIONS.find((r) => r.id === ws.data.region)?.label ?? ws.data.region],
                    ["Time zone", ws.data.timezone],
                  ].map(([k, v]) => (
                    <div key={k} className="min-w-0">
                      <dt className="text-xs font-medium text-slate-500">{k}</dt>
                      <dd className="mt-0.5 break-words text-slate-900">{v}</dd>
                    </div>
                  ))}
                </dl>
              )}
              <dl className="grid gap-x-6 gap-y-4 border-t border-slate-100 p-4 text-sm sm:grid-cols-2 sm:p-5 lg:grid-cols-3">
                <div>
                  <dt className="text-xs font-medium text-slate-500">Your role</dt>
                  <dd className="mt-0.5 text-slate-900">{ws.data.role}</dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs font-medium text-slate-500">Workspace id</dt>
                  <dd className="mt-0.5 flex items-center gap-2">
                    <code className="truncate font-mono text-slate-900">{ws.data.id}</code>
                    <CopyButton text={ws.data.id} ariaLabel="Copy workspace id" variant="ghost" />
                  </dd>
                </div>
              </dl>
            </>
          )}
        </Card>
        <MembersCard />
        <WebhooksCard />
        {isOwner && <DangerZone />}
      </div>
    </>
  );
}

function WorkspaceForm({ workspace }: { workspace: { id: string; name: string; useCase: string | null; region: string; timezone: string } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const initial: WorkspaceValues = { name: workspace.name, useCase: workspace.useCase ?? "", region: workspace.region, timezone: workspace.timezone };
  const [values, setValues] = useState<WorkspaceValues>(initial);
  const [errors, setErrors] = useState<WorkspaceErrors>({});
  const update = useMutation(
    trpc.workspace.update.mutationOptions({
      onSuccess: async (saved) => {
        qc.setQueryData(trpc.workspace.get.queryKey({ workspaceId: workspace.id }), saved);
        // The name also shows in the header and the workspace switcher, rendered by the server.
        router.refresh();
      },
    }),
  );
  const serverErrors =
    (update.error?.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError?.fieldErrors ?? {};
  const dirty = (Object.keys(initial) as (keyof WorkspaceValues)[]).some((k) => values[k].trim() !== initial[k]);
  return (
    <form
      className="space-y-4 p-4 sm:p-5"
      noValidate
      aria-label="Workspace settings"
      onSubmit={(e) => {
        e.preventDefault();
        const checked = checkWorkspaceForm(e.currentTarget, values);
        if (!checked.ok) return setErrors(checked.errors);
        setErrors({});
        update.mutate({ workspaceId: workspace.id, ...checked.input });
      }}
    >
      <FormError>{update.error && !Object.keys(serverErrors).length ? errorMessage(update.error) : null}</FormError>
      <WorkspaceFields
        values={values}
        errors={{ ...Object.fromEntries(Object.entries(serverErrors).map(([k, v]) => [k, v?.[0]])), ...errors }}
        onChange={(patch) => {
          setValues((v) => ({ ...v, ...patch }));
          setErrors({});
          update.reset();
        }}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" loading={update.isPending} disabled={!dirty}>
          Save changes
        </Button>
        {dirty && (
          <Button variant="ghost" onClick={() => setValues(initial)}>
            Discard
          </Button>
        )}
        {update.isSuccess && !dirty && (
          <span role="status" className="text-sm text-emerald-700">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

function MembersCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { workspace, isOwner } = usePortal();
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId: workspace.id }));
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const [removing, setRemoving] = useState<{ accountId: string; email: string } | null>(null);
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async (_r, vars) => {
        if (members.data && vars.accountId === members.data.you) {
          router.push("/dashboard");
          router.refresh();
          return;
        }
        await invalidate();
        setRemoving(null);
      },
    }),
  );
  const revokeInvite = useMutation(trpc.members.revokeInvite.mutationOptions({ onSuccess: invalidate }));

  return (
    <Card aria-labelledby="members-title">
      <CardHeader id="members-title" title="Members" description="Owners manage members, live keys and live data; members work in sandbox and read live." />
      {members.isPending ? (
        <LoadingRows rows={3} label="Loading members" />
      ) : members.isError ? (
        <ErrorState message={errorMessage(members.error)} onRetry={() => members.refetch()} />
      ) : (
        <>
          <ul className="divide-y divide-slate-100" aria-label="Members">
            {members.data.members.map((m) => (
              <li key={m.accountId} className="flex flex-wrap items-center gap-3 px-4 py-3 sm:px-5">
                <span aria-hidden className="grid h-8 w-8 place-items-center rounded-full bg-slate-100 text-sm font-semibold text-slate-600">
                  {(m.name || m.email).slice(0, 1).toUpperCase()}
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-slate-900">
                    {m.name ?? m.email}
                    {m.accountId === members.data.you && <span className="font-normal text-slate-500"> (you)</span>}
                  </p>
                  {m.name && <p className="truncate text-xs text-slate-500">{m.email}</p>}
                </div>
                <Badge tone={m.role === "owner" ? "blue" : "gray"}>{m.role}</Badge>
                <span className="hidden text-xs text-slate-500 sm:inline">
                  joined <TimeAgo date={m.joinedAt} />
                </span>
                {(isOwner || m.accountId === members.data.you) &&
                  !(m.role === "owner" && members.data.members.filter((x) => x.role === "owner").length === 1) && (
                  <Button size="sm" variant="ghost" className="text-rose-700" onClick={() => setRemoving({ accountId: m.accountId, email: m.email })}>
                    {m.accountId === members.data.you ? "Leave" : "Remove"}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {isOwner && (
            <div className="border-t border-slate-100 p-4 sm:p-5">
              <InviteForm onInvited={invalidate} />
              {members.data.invites.length > 0 && (
                <div className="mt-6">
                  <h3 className="text-sm font-semibold text-slate-900">Pending invitations</h3>
                  <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
                    {members.data.invites.map((i) => (
                      <li key={i.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                        <span className="min-w-0 flex-1 truncate">{i.email}</span>
                        <Badge>{i.role}</Badge>
                        <span className="text-xs text-slate-500">
                          expires <TimeAgo date={i.expiresAt} />
                        </span>
                        <Button
                          size="sm"
                          variant="ghost"
                          className="text-rose-700"
                          loading={revokeInvite.isPending && revokeInvite.variables?.inviteId === i.id}
                          onClick={() => revokeInvite.mutate({ workspaceId: workspace.id, inviteId: i.id })}
                        >
                          Revoke
                        </Button>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
        </>
      )}
      <Dialog
        open={Boolean(removing)}
        onClose={() => setRemoving(null)}
        title={removing && members.data && removing.accountId === members.data.you ? `Leave ${workspace.name}?` : `Remove ${removing?.email}?`}
      >
        <p className="text-sm text-slate-700">They lose access to this workspace at once. Keys they created keep working until revoked.</p>
        <div className="mt-4">
          <FormError>{remove.error ? errorMessage(remove.error) : null}</FormError>
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={() => setRemoving(null)}>
            Cancel
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => removing && remove.mutate({ workspaceId: workspace.id, accountId: removing.accountId })}>
            {removing && members.data && removing.accountId === members.data.you ? "Leave workspace" : "Remove member"}
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const trpc = useTRPC();
  const { workspace } = usePortal();
  const origin = useOrigin();
  const invite = useMutation(trpc.members.invite.mutationOptions({ onSuccess: onInvited }));
  const fieldErrors =
    (invite.error?.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError?.fieldErrors ?? {};
  const link = invite.data ? `${origin}/invite/${invite.data.token}` : "";
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">Invite someone</h3>
      <form
        className="mt-2 grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          invite.mutate({ workspaceId: workspace.id, email: String(f.get("email") ?? ""), role: f.get("role") === "owner" ? "owner" : "member" });
        }}
      >
        <Field label="Email" error={fieldErrors.email?.[0]}>
          {({ id, describedBy, invalid }) => (
            <Input id={id} name="email" type="email" placeholder="teammate@example.com" aria-describedby={describedBy} aria-invalid={invalid} />
          )}
        </Field>
        <Field label="Role">
          {({ id }) => (
            <Select id={id} name="role" defaultValue="member">
              <option value="member">Member</option>
              <option value="owner">Owner</option>
            </Select>
          )}
        </Field>
        <Button type="submit" loading={invite.isPending} className="sm:mt-6">
          Create invitation
        </Button>
      </form>
      <div className="mt-3">
        <FormError>{invite.error && !fieldErrors.email ? errorMessage(invite.error) : null}</FormError>
      </div>
      {invite.data && (
        <div role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p>
            Invitation for <strong className="break-all">{invite.data.email}</strong> as {invite.data.role}.{" "}
            {invite.data.mailed
              ? "We mailed them this link; you can also pass it on yourself (valid for 7 days, shown once)."
              : "No mail server is configured (SMTP_URL), so it was not mailed: share this link with them (valid for 7 days, shown once)."}{" "}
            They accept it with a verified address.
          </p>
          <div className="mt-2 flex gap-2">
            <label htmlFor="invite-link" className="sr-only">
              Invitation link
            </label>
            <input id="invite-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} className={inputClass + " font-mono text-xs"} />
            <CopyButton text={link} ariaLabel="Copy invitation link" />
          </div>
        </div>
      )}
    </div>
  );
}

function DangerZone() {
  const trpc = useTRPC();
  const router = useRouter();
  const { workspace } = usePortal();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const del = useMutation(
    trpc.workspace.delete.mutationOptions({
      onSuccess: () => {
        router.push("/dashboard");
        router.refresh();
      },
    }),
  );
  return (
    <Card className="border-rose-200" aria-labelledby="danger-title">
      <CardHeader id="danger-title" title="Delete workspace" description="Deletes its keys, members, all end users and their data in both environments, and its logs." />
      <div className="p-4 sm:p-5">
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete {workspace.name}
        </Button>
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${workspace.name}?`} description="This cannot be undone. Every key stops working at once.">
        <Field label={`Type “${workspace.name}” to confirm`}>
          {({ id }) => <Input id={id} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
        </Field>
        <div className="mt-4">
          <FormError>{del.error ? errorMessage(del.error) : null}</FormError>
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={typed.trim() !== workspace.name} loading={del.isPending} onClick={() => del.mutate({ workspaceId: workspace.id, confirmName: typed })}>
            Delete workspace
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}
