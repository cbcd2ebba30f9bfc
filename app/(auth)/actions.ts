"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { sendVerificationEmail } from "@/server/accounts/email-verification";
import { signUp, signUpInput } from "@/server/accounts/service";
import { signIn, signOut } from "@/server/auth";
import { enabledOAuthProviders, SignInRateLimited, type OAuthProviderId } from "@/server/auth/config";
import { describeWait } from "@/server/auth/sign-in-limit";
import { publicOrigin } from "@/server/http/origin";
import { PortalError } from "@/server/lib/portal-error";
import { safeCallbackUrl } from "@/lib/callback-url";

export interface AuthFormState {
  error?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string>>;
  values?: { name?: string; email?: string };
}

function signInProblem(error: unknown): string | null {
  if (error instanceof SignInRateLimited) {
    return `Too many failed sign-in attempts. Try again in ${describeWait(error.retryAfterSec)}.`;
  }
  if (error instanceof AuthError && error.type === "CredentialsSignin") return "Wrong email or password.";
  return null;
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const values = { email };
  if (!email) return { fieldErrors: { email: "Enter your email address." }, values };
  if (!password) return { fieldErrors: { password: "Enter your password." }, values };
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn("credentials", { email, password, redirectTo: safeCallbackUrl(form.get("callbackUrl"), "/dashboard") });
  } catch (error) {
    const problem = signInProblem(error);
    if (problem) return { error: problem, values };
    throw error;
  }
  return {};
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const values = { name: raw.name, email: raw.email };
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: AuthFormState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as "name" | "email" | "password";
      fieldErrors[field] ??= issue.message;
    }
    return { fieldErrors, values };
  }
  const db = await getDb();
  let accountId: string;
  try {
    accountId = (await signUp(db, parsed.data)).id;
  } catch (error) {
    if (error instanceof PortalError && error.code === "CONFLICT") return { fieldErrors: { email: error.message }, values };
    throw error;
  }
  // The address is unproven until its owner opens this link (invitations need it). A mail
  // failure must not lose the new account: the portal offers to send the link again.
  const returnTo = safeCallbackUrl(form.get("callbackUrl"), "");
  await sendVerificationEmail(db, accountId, publicOrigin(await headers()), { returnTo: returnTo || undefined }).catch((e: unknown) =>
    console.error("[pio] could not send the verification mail:", e),
  );
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(form.get("callbackUrl"), "/onboarding"),
    });
  } catch (error) {
    const problem = signInProblem(error);
    if (problem) return { error: `Your account was created, but signing in failed: ${problem}`, values };
    throw error;
  }
  return {};
}

export async function oauthSignInAction(provider: OAuthProviderId, callbackUrl: string): Promise<void> {
  // Arguments of a server action come from the browser: only configured OAuth providers.
  if (!enabledOAuthProviders().includes(provider)) throw new Error("This sign-in provider is not enabled.");
  await signIn(provider, { redirectTo: safeCallbackUrl(callbackUrl, "/dashboard") });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
