"use client";

import { useActionState } from "react";
import { oauthSignInAction, signInAction, signUpAction, type AuthFormState } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import type { OAuthProviderId } from "@/server/auth/config";

const PROVIDER_NAMES: Record<OAuthProviderId, string> = { github: "GitHub", google: "Google" };

export function AuthForm({
  mode,
  callbackUrl,
  providers,
  initialError,
}: {
  mode: "signin" | "signup";
  callbackUrl: string;
  providers: OAuthProviderId[];
  initialError?: string;
}) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(mode === "signin" ? signInAction : signUpAction, {
    error: initialError,
  });
  const fe = state.fieldErrors ?? {};
  return (
    <div className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      {providers.length > 0 && (
        <>
          <div className="grid gap-2">
            {providers.map((p) => (
              <form key={p} action={oauthSignInAction.bind(null, p, callbackUrl)}>
                <Button type="submit" variant="secondary" className="w-full">
                  Continue with {PROVIDER_NAMES[p]}
                </Button>
              </form>
            ))}
          </div>
          <div className="my-5 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400">
            <span className="h-px flex-1 bg-slate-200" /> or with email <span className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      )}
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <FormError>{state.error}</FormError>
        {mode === "signup" && (
          <Field label="Your name" hint="Optional. Shown to people you invite." error={fe.name}>
            {({ id, describedBy, invalid }) => (
              <Input id={id} name="name" autoComplete="name" defaultValue={state.values?.name} aria-describedby={describedBy} aria-invalid={invalid} />
            )}
          </Field>
        )}
        <Field label="Email" error={fe.email}>
          {({ id, describedBy, invalid }) => (
            <Input
              id={id}
              name="email"
              type="email"
              autoComplete="email"
              required
              defaultValue={state.values?.email}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field label="Password" hint={mode === "signup" ? "At least 8 characters." : undefined} error={fe.password}>
          {({ id, describedBy, invalid }) => (
            <Input
              id={id}
              name="password"
              type="password"
              autoComplete={mode === "signup" ? "new-password" : "current-password"}
              required
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Button type="submit" className="w-full" loading={pending}>
          {mode === "signin" ? "Sign in" : "Create account"}
        </Button>
      </form>
    </div>
  );
}
