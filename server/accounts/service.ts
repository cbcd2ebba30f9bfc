import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { accounts, oauthIdentities, type Account } from "@/db/schema";
import { dummyPasswordHash, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from "@/server/auth/password";
import { checkSignIn, clearSignInFailures, recordSignInFailure } from "@/server/auth/sign-in-limit";
import { newId } from "@/server/lib/ids";
import { PortalError } from "@/server/lib/portal-error";

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(320, "That email address is too long."));

export const passwordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const signUpInput = z.object({
  name: z.string().trim().max(120, "That name is too long.").optional(),
  email: emailField,
  password: passwordField,
});
export type SignUpInput = z.input<typeof signUpInput>;

export const signInInput = z.object({
  email: emailField,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});

/** The account fields that are safe to put in a session or send to the browser. */
export type PublicAccount = Pick<Account, "id" | "email" | "name">;
const toPublic = (a: Account): PublicAccount => ({ id: a.id, email: a.email, name: a.name });

export async function findAccountByEmail(db: Database, email: string): Promise<Account | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

export async function getAccount(db: Database, id: string): Promise<PublicAccount | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row ? toPublic(row) : null;
}

/** Creates an account with an email and password. */
export async function signUp(db: Database, raw: SignUpInput): Promise<PublicAccount> {
  const input = signUpInput.parse(raw);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(accounts)
    .values({ id: newId("acct"), email: input.email, name: input.name || null, passwordHash })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new PortalError("CONFLICT", "An account with this email already exists. Sign in instead.");
  return toPublic(row);
}

export type Authentication =
  | { ok: true; account: PublicAccount }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSec: number };

/**
 * Checks an email and password, limited per email and source (`ip`, null when unknown: see
 * server/auth/client-ip.ts). An unknown email costs the same time as a wrong password, and both
 * give the same answer.
 */
export async function authenticate(
  db: Database,
  credentials: { email: string; password: string },
  ip: string | null,
): Promise<Authentication> {
  const parsed = signInInput.safeParse(credentials);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const gate = checkSignIn(email, ip);
  if (!gate.ok) return { ok: false, reason: "rate_limited", retryAfterSec: gate.retryAfterSec };
  const account = await findAccountByEmail(db, email);
  const valid = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  if (!account?.passwordHash || !valid) {
    recordSignInFailure(email, ip);
    return { ok: false, reason: "invalid" };
  }
  clearSignInFailures(email, ip);
  return { ok: true, account: toPublic(account) };
}

export type OAuthSignIn = { ok: true; account: PublicAccount } | { ok: false; reason: "not_linked" | "no_email" };

/**
 * Finds the account of an OAuth identity, or creates one. An existing password account with
 * the same email is not taken over silently: the person signs in with the password first.
 */
export async function signInWithOAuth(
  db: Database,
  identity: { provider: string; providerAccountId: string; email?: string | null; name?: string | null; emailVerified?: boolean },
): Promise<OAuthSignIn> {
  const [linked] = await db
    .select({ account: accounts })
    .from(oauthIdentities)
    .innerJoin(accounts, eq(accounts.id, oauthIdentities.accountId))
    .where(and(eq(oauthIdentities.provider, identity.provider), eq(oauthIdentities.providerAccountId, identity.providerAccountId)))
    .limit(1);
  if (linked) return { ok: true, account: toPublic(linked.account) };
  const email = identity.email?.trim().toLowerCase();
  if (!email) return { ok: false, reason: "no_email" };
  if (await findAccountByEmail(db, email)) return { ok: false, reason: "not_linked" };
  const account = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(accounts)
      .values({ id: newId("acct"), email, name: identity.name ?? null, emailVerifiedAt: identity.emailVerified ? new Date() : null })
      .returning();
    await tx.insert(oauthIdentities).values({ provider: identity.provider, providerAccountId: identity.providerAccountId, accountId: row!.id });
    return row!;
  });
  return { ok: true, account: toPublic(account) };
}
