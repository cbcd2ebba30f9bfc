"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { errorMessage, useTRPC } from "@/components/trpc";

/**
 * "Verify your email": what the address is needed for, and a button that mails the link
 * again. `returnTo` is where the link leads once opened.
 */
export function VerifyEmailNotice({ email, returnTo, reason, compact }: { email: string; returnTo?: string; reason: string; compact?: boolean }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  return (
    <div
      role="status"
      aria-label="Verification needed"
      className={
        compact
          ? "flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-sky-200 bg-sky-50 px-4 py-1.5 text-xs text-sky-950 sm:px-6 sm:text-sm"
          : "rounded-md border border-sky-200 bg-sky-50 px-3 py-3 text-sm text-sky-950"
      }
    >
      <span className="min-w-0">
        <strong className="font-semibold">Verify your email.</strong> {reason} We sent a link to <strong className="break-all">{email}</strong>.
      </span>
      {resend.isSuccess ? (
        <span className="font-medium">Sent: check your inbox.</span>
      ) : (
        <Button
          size="sm"
          variant={compact ? "ghost" : "secondary"}
          className={compact ? "h-7 px-2 underline underline-offset-2" : "mt-2"}
          loading={resend.isPending}
          onClick={() => resend.mutate({ returnTo })}
        >
          Send the link again
        </Button>
      )}
      {resend.error && <span className="text-rose-700">{errorMessage(resend.error)}</span>}
    </div>
  );
}
