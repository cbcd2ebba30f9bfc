import { createHash } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, emailVerifications } from "@/db/schema";
import { randomBase58 } from "@/server/lib/base58";
import { PortalError } from "@/server/lib/portal-error";
import { sendMail } from "@/server/mail";

/**
 * Proving an address. Accepting an invitation, and any other flow that trusts an email, needs
 * `accounts.email_verified_at`: it is set only by opening a link mailed to that address (or by
 * an OAuth provider that vouches for it, see signInWithOAuth).
 */
const LINK_TTL_MS = 24 * 3600_000;
/** One link a minute is plenty, and keeps the resend button from mailing someone a hundred times. */
const RESEND_AFTER_MS = 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function verificationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/verify-email?token=${encodeURIComponent(token)}`;
}

/**
 * Mails a verification link for the account's current address. `returnTo` (a path on this
 * site) is where the link leads after verifying, e.g. the invitation that asked for it.
 */
export async function sendVerificationEmail(
  db: Database,
  accountId: string,
  origin: string,
  opts: { returnTo?: string; now?: Date } = {},
): Promise<{ sentTo: string; alreadyVerified: boolean }> {
  const now = opts.now ?? new Date();
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account) throw new PortalError("NOT_FOUND", "This account no longer exists.");
  if (account.emailVerifiedAt) return { sentTo: account.email, alreadyVerified: true };
  const [last] = await db
    .select({ createdAt: emailVerifications.createdAt })
    .from(emailVerifications)
    .where(eq(emailVerifications.accountId, accountId))
    .orderBy(desc(emailVerifications.createdAt))
    .limit(1);
  if (last && now.getTime() - last.createdAt.getTime() < RESEND_AFTER_MS) {
    throw new PortalError("TOO_MANY_REQUESTS", "We sent a link less than a minute ago. Check your inbox (and spam), or try again in a minute.");
  }
  const token = `ev_${randomBase58(24)}`;
  await db.insert(emailVerifications).values({
    tokenHash: hashToken(token),
    accountId,
    email: account.email,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LINK_TTL_MS),
  });
  let link = verificationLink(origin, token);
  if (opts.returnTo) link += `&next=${encodeURIComponent(opts.returnTo)}`;
  await sendMail({
    to: account.email,
    subject: "Verify your email for Pio",
    text: [
      `Hello${account.name ? ` ${account.name}` : ""},`,
      "",
      `Open this link to confirm that ${account.email} is your address:`,
      link,
      "",
      "It works once, for 24 hours. If you did not create a Pio account, ignore this message.",
    ].join("\n"),
  });
  return { sentTo: account.email, alreadyVerified: false };
}

export type Verification =
  | { ok: true; accountId: string; email: string }
  | { ok: false; reason: "unknown" | "expired" | "used" | "changed" };

/** Opens a verification link: valid once, within a day, for the address it was sent to. */
export async function verifyEmail(db: Database, token: string, now = new Date()): Promise<Verification> {
  if (typeof token !== "string" || token.length < 8 || token.length > 128) return { ok: false, reason: "unknown" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ v: emailVerifications, accountEmail: accounts.email, verifiedAt: accounts.emailVerifiedAt })
      .from(emailVerifications)
      .innerJoin(accounts, eq(accounts.id, emailVerifications.accountId))
      .where(eq(emailVerifications.tokenHash, hashToken(token)))
      .for("update")
      .limit(1);
    if (!row) return { ok: false, reason: "unknown" } as const;
    if (row.v.usedAt) {
      // A second click on the same link after it worked is not an error worth alarming anyone.
      return row.verifiedAt && row.accountEmail === row.v.email
        ? ({ ok: true, accountId: row.v.accountId, email: row.v.email } as const)
        : ({ ok: false, reason: "used" } as const);
    }
    if (row.v.expiresAt <= now) return { ok: false, reason: "expired" } as const;
    if (row.accountEmail !== row.v.email) return { ok: false, reason: "changed" } as const;
    await tx.update(emailVerifications).set({ usedAt: now }).where(eq(emailVerifications.tokenHash, row.v.tokenHash));
    await tx
      .update(accounts)
      .set({ emailVerifiedAt: now })
      .where(and(eq(accounts.id, row.v.accountId), isNull(accounts.emailVerifiedAt)));
    return { ok: true, accountId: row.v.accountId, email: row.v.email } as const;
  });
}

export async function isEmailVerified(db: Database, accountId: string): Promise<boolean> {
  const [row] = await db.select({ at: accounts.emailVerifiedAt }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return Boolean(row?.at);
}
