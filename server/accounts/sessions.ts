import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, accountSessions, type AccountSession } from "@/db/schema";
import { newId } from "@/server/lib/ids";

/** A session lasts as long as its JWT (next-auth's maxAge), unless it is ended first. */
export const SESSION_MAX_AGE_SEC = 30 * 24 * 3600;

export async function startSession(db: Database, accountId: string, now = new Date()): Promise<AccountSession> {
  const [row] = await db
    .insert(accountSessions)
    .values({ id: newId("sess"), accountId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SEC * 1000) })
    .returning();
  return row!;
}

export interface SessionAccount {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
}

/**
 * The account behind a session token, read fresh on every request: null once the session was
 * ended (signed out, out everywhere, password changed), expired, or the account is gone.
 */
export async function sessionAccount(db: Database, sessionId: string, accountId: string, now = new Date()): Promise<SessionAccount | null> {
  const [row] = await db
    .select({ id: accounts.id, email: accounts.email, name: accounts.name, emailVerifiedAt: accounts.emailVerifiedAt })
    .from(accountSessions)
    .innerJoin(accounts, eq(accounts.id, accountSessions.accountId))
    .where(
      and(
        eq(accountSessions.id, sessionId),
        eq(accountSessions.accountId, accountId),
        isNull(accountSessions.revokedAt),
        gt(accountSessions.expiresAt, now),
      ),
    )
    .limit(1);
  return row ? { id: row.id, email: row.email, name: row.name, emailVerified: row.emailVerifiedAt !== null } : null;
}

/** Ends one session (signing out): its token is refused from the next request on, anywhere. */
export async function endSession(db: Database, sessionId: string, now = new Date()): Promise<void> {
  await db.update(accountSessions).set({ revokedAt: now }).where(and(eq(accountSessions.id, sessionId), isNull(accountSessions.revokedAt)));
}

/** Ends every session of the account (but `except`); returns how many were ended. */
export async function endAllSessions(db: Database, accountId: string, opts: { except?: string; now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const rows = await db
    .update(accountSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(accountSessions.accountId, accountId),
        isNull(accountSessions.revokedAt),
        opts.except ? ne(accountSessions.id, opts.except) : undefined,
      ),
    )
    .returning({ id: accountSessions.id });
  // Old rows are no use to anyone: drop the ones that ended more than a session's life ago.
  await db
    .delete(accountSessions)
    .where(and(eq(accountSessions.accountId, accountId), sql`${accountSessions.expiresAt} < ${new Date(now.getTime() - SESSION_MAX_AGE_SEC * 1000)}`));
  return rows.length;
}

export async function countActiveSessions(db: Database, accountId: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accountSessions)
    .where(and(eq(accountSessions.accountId, accountId), isNull(accountSessions.revokedAt), gt(accountSessions.expiresAt, now)));
  return Number(row?.n ?? 0);
}
