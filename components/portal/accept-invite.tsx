"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import { VerifyEmailNotice } from "./verify-email-notice";

const PROBLEMS = {
  unknown: "This invitation link is not valid. Ask the person who invited you for a new one.",
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
  accepted: "This invitation has already been used.",
} as const;

export function AcceptInvite({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const info = useQuery(trpc.members.inviteInfo.queryOptions({ token }));
  const accept = useMutation(
    trpc.members.accept.mutationOptions({ onSuccess: (r) => router.push(`/w/${r.workspaceId}`) }),
  );
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      {info.isPending ? (
        <LoadingRows rows={3} label="Loading the invitation" />
      ) : info.isError ? (
        <ErrorState message={errorMessage(info.error)} onRetry={() => info.refetch()} />
      ) : !info.data.ok ? (
        <>
          <h1 className="text-xl font-semibold tracking-tight">Invitation unavailable</h1>
          <p className="mt-2 text-sm text-slate-600">{PROBLEMS[info.data.reason]}</p>
          <Link href="/dashboard" className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline">
            Go to your workspaces
          </Link>
        </>
      ) : (
        <>
          <h1 className="text-xl font-semibold tracking-tight">Join {info.data.workspaceName}</h1>
          <p className="mt-2 text-sm text-slate-600">
            You have been invited as <strong>{info.data.role}</strong>.
          </p>
          {info.data.matchesAccount && !info.data.emailVerified && (
            <div className="mt-3">
              <VerifyEmailNotice
                email={info.data.email}
                returnTo={`/invite/${encodeURIComponent(token)}`}
                reason="Open the link we sent to prove the address is yours, then come back here to accept."
              />
            </div>
          )}
          {!info.data.matchesAccount && (
            <p className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              This invitation is for <strong>{info.data.email}</strong>, but you are signed in as <strong>{email}</strong>. Sign in with the invited
              email to accept it.
            </p>
          )}
          <div className="mt-4">
            <FormError>{accept.error ? errorMessage(accept.error) : null}</FormError>
          </div>
          <div className="mt-4 flex gap-2">
            <Button onClick={() => accept.mutate({ token })} loading={accept.isPending} disabled={!info.data.matchesAccount || !info.data.emailVerified}>
              Accept invitation
            </Button>
            <Link href="/dashboard" className="inline-flex items-center px-3 text-sm text-slate-600 hover:text-slate-900">
              Not now
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
