"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { changePasswordAction, signOutEverywhereAction, type PasswordFormState } from "@/app/(portal)/account/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, FormError, Input } from "@/components/ui/field";
import { TimeAgo } from "@/components/ui/format";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import { VerifyEmailNotice } from "../verify-email-notice";

/** The person's own account: name, email and its verification, password, sessions. */
export function AccountPage({ passwordChanged }: { passwordChanged: boolean }) {
  const trpc = useTRPC();
  // Always fresh: after a password change the session count has just changed.
  const account = useQuery({ ...trpc.account.get.queryOptions(), staleTime: 0 });
  return (
    <>
      <PageHeader title="Your account" description="Your name, your password and where you are signed in. Workspaces have their own settings." />
      {passwordChanged && (
        <p role="status" className="mb-6 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Your password was changed. Every other session has been signed out; this one continues.
        </p>
      )}
      {account.isPending ? (
        <Card>
          <LoadingRows rows={5} label="Loading your account" />
        </Card>
      ) : account.isError ? (
        <Card>
          <ErrorState message={errorMessage(account.error)} onRetry={() => account.refetch()} />
        </Card>
      ) : (
        <div className="space-y-6">
          <ProfileCard account={account.data} />
          <PasswordCard hasPassword={account.data.hasPassword} />
          <SessionsCard activeSessions={account.data.activeSessions} />
        </div>
      )}
    </>
  );
}

type AccountData = { email: string; name: string | null; emailVerified: boolean; createdAt: Date };

function ProfileCard({ account }: { account: AccountData }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(account.name ?? "");
  const update = useMutation(
    trpc.account.update.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.account.get.queryKey() });
        router.refresh();
      },
    }),
  );
  const fieldError = (update.error?.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError
    ?.fieldErrors?.name?.[0];
  const dirty = name.trim() !== (account.name ?? "");
  return (
    <Card aria-labelledby="profile-title">
      <CardHeader id="profile-title" title="Profile" description={<>Member since <TimeAgo date={account.createdAt} />.</>} />
      <form
        className="space-y-4 p-4 sm:p-5"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ name });
        }}
      >
        <Field label="Your name" hint="Shown to the people you work with in a workspace." error={fieldError}>
          {({ id, describedBy, invalid }) => (
            <Input
              id={id}
              value={name}
              maxLength={120}
              autoComplete="name"
              onChange={(e) => {
                setName(e.target.value);
                update.reset();
              }}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div>
          <p className="text-sm font-medium text-slate-800">Email</p>
          <p className="mt-1.5 flex flex-wrap items-center gap-2 text-sm text-slate-900">
            <span className="break-all">{account.email}</span>
            {account.emailVerified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Not verified</Badge>}
          </p>
          {!account.emailVerified && (
            <div className="mt-3">
              <VerifyEmailNotice email={account.email} returnTo="/account" reason="Accepting an invitation to a workspace needs a verified address." />
            </div>
          )}
        </div>
        <FormError>{update.error && !fieldError ? errorMessage(update.error) : null}</FormError>
        <div className="flex items-center gap-3">
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save name
          </Button>
          {update.isSuccess && !dirty && (
            <span role="status" className="text-sm text-emerald-700">
              Saved.
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}

function PasswordCard({ hasPassword }: { hasPassword: boolean }) {
  const [state, action, pending] = useActionState<PasswordFormState, FormData>(changePasswordAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <Card aria-labelledby="password-title">
      <CardHeader
        id="password-title"
        title={hasPassword ? "Change password" : "Set a password"}
        description="Changing it signs you out of every other session, on every device."
      />
      <form action={action} className="space-y-4 p-4 sm:p-5" noValidate>
        <FormError>{state.error}</FormError>
        {hasPassword && (
          <Field label="Current password" error={fe.currentPassword}>
            {({ id, describedBy, invalid }) => (
              <Input id={id} name="currentPassword" type="password" autoComplete="current-password" required aria-describedby={describedBy} aria-invalid={invalid} />
            )}
          </Field>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="New password" hint="At least 8 characters." error={fe.newPassword}>
            {({ id, describedBy, invalid }) => (
              <Input id={id} name="newPassword" type="password" autoComplete="new-password" minLength={8} required aria-describedby={describedBy} aria-invalid={invalid} />
            )}
          </Field>
          <Field label="Repeat the new password" error={fe.confirmPassword}>
            {({ id, describedBy, invalid }) => (
              <Input id={id} name="confirmPassword" type="password" autoComplete="new-password" required aria-describedby={describedBy} aria-invalid={invalid} />
            )}
          </Field>
        </div>
        <Button type="submit" loading={pending}>
          {hasPassword ? "Change password" : "Set password"}
        </Button>
      </form>
    </Card>
  );
}

function SessionsCard({ activeSessions }: { activeSessions: number }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <Card aria-labelledby="sessions-title">
      <CardHeader
        id="sessions-title"
        title="Sessions"
        description={`You are signed in on ${activeSessions} ${activeSessions === 1 ? "session" : "sessions"} (browsers and devices), this one included.`}
      />
      <div className="p-4 sm:p-5">
        <p className="text-sm text-slate-600">Lost a laptop, or signed in on a shared computer? End every session at once; you sign in again here.</p>
        <Button variant="danger" className="mt-3" onClick={() => setOpen(true)}>
          Sign out of every session
        </Button>
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title="Sign out of every session?" description="Every browser and device signed in to this account is signed out at once, this one too.">
        <form action={signOutEverywhereAction} onSubmit={() => setPending(true)}>
          <DialogActions>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" loading={pending}>
              Sign out everywhere
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </Card>
  );
}
