"use server";

import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { changePassword } from "@/server/accounts/profile";
import { endAllSessions } from "@/server/accounts/sessions";
import { auth, signIn, signOut } from "@/server/auth";
import { PortalError } from "@/server/lib/portal-error";

export interface PasswordFormState {
  error?: string;
  fieldErrors?: Partial<Record<"currentPassword" | "newPassword" | "confirmPassword", string>>;
}

/**
 * Changes the password, which ends every session of the account, then signs this browser in
 * again with the new password: the person stays signed in here and nowhere else.
 */
export async function changePasswordAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  const session = await auth();
  if (!session?.user?.id) return { error: "Your session has ended. Sign in again." };
  const input = {
    currentPassword: String(form.get("currentPassword") ?? ""),
    newPassword: String(form.get("newPassword") ?? ""),
    confirmPassword: String(form.get("confirmPassword") ?? ""),
  };
  let email: string;
  try {
    ({ email } = await changePassword(await getDb(), session.user.id, input));
  } catch (error) {
    if (error instanceof ZodError) {
      const fieldErrors: PasswordFormState["fieldErrors"] = {};
      for (const issue of error.issues) fieldErrors[issue.path[0] as keyof NonNullable<PasswordFormState["fieldErrors"]>] ??= issue.message;
      return { fieldErrors };
    }
    if (error instanceof PortalError) return { fieldErrors: { currentPassword: error.message } };
    throw error;
  }
  // Throws Next's redirect on success, which must propagate.
  await signIn("credentials", { email, password: input.newPassword, redirectTo: "/account?passwordChanged=1" });
  return {};
}

/** Ends every session of the account, on every device, and this one. */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await auth();
  if (session?.user?.id) await endAllSessions(await getDb(), session.user.id);
  await signOut({ redirectTo: "/signin?signedOut=everywhere" });
}
