import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { accounts } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { PortalError } from "@/server/lib/portal-error";
import { passwordField } from "./service";
import { countActiveSessions, endAllSessions } from "./sessions";

export const accountNameInput = z.object({
  name: z.string().trim().max(120, "Use at most 120 characters."),
});

/** The account page: who you are, whether the address is verified, how many sessions are open. */
export async function accountOverview(db: Database, accountId: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!row) throw new PortalError("NOT_FOUND", "This account no longer exists.");
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.emailVerifiedAt !== null,
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt,
    activeSessions: await countActiveSessions(db, accountId),
  };
}

export async function updateAccountName(db: Database, accountId: string, raw: z.input<typeof accountNameInput>) {
  const { name } = accountNameInput.parse(raw);
  const [row] = await db
    .update(accounts)
    .set({ name: name || null })
    .where(eq(accounts.id, accountId))
    .returning({ id: accounts.id, name: accounts.name });
  if (!row) throw new PortalError("NOT_FOUND", "This account no longer exists.");
  return row;
}

export const changePasswordInput = z
  .object({
    currentPassword: z.string().max(200).default(""),
    newPassword: passwordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ." });

/**
 * Sets a new password (the current one is required when there is one) and ends every session
 * of the account, this one included: whoever held the old password, or a session opened with
 * it, is out. The caller signs the person in again with the new password.
 */
export async function changePassword(
  db: Database,
  accountId: string,
  raw: z.input<typeof changePasswordInput>,
): Promise<{ email: string; endedSessions: number }> {
  const input = changePasswordInput.parse(raw);
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!row) throw new PortalError("NOT_FOUND", "This account no longer exists.");
  if (row.passwordHash && !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new PortalError("BAD_REQUEST", "The current password is wrong.");
  }
  await db.update(accounts).set({ passwordHash: await hashPassword(input.newPassword) }).where(eq(accounts.id, accountId));
  const endedSessions = await endAllSessions(db, accountId);
  return { email: row.email, endedSessions };
}
