import { getDb } from "@/db/client";
import { endSession, sessionAccount, startSession } from "@/server/accounts/sessions";

/** The claims of a portal session token that Pio reads (next-auth's JWT, see config.ts). */
export interface SessionClaims {
  sub?: string;
  sid?: unknown;
  email?: string | null;
  name?: string | null;
  verifiedEmail?: boolean;
  [claim: string]: unknown;
}

/**
 * next-auth's `jwt` callback. At sign-in (`user` given) it starts a session row and names it in
 * the token; on every request after, the token stands only while that row is active, and the
 * account's name, email and verification are read fresh. Null ends the session: next-auth then
 * clears the cookie. What a client sends to `update()` is never read.
 */
export async function refreshSessionToken<T extends SessionClaims>(token: T, user?: { id?: string }): Promise<T | null> {
  const db = await getDb();
  if (user?.id) {
    const started = await startSession(db, user.id);
    token.sub = user.id;
    token.sid = started.id;
  }
  if (typeof token.sid !== "string" || typeof token.sub !== "string") return null;
  const current = await sessionAccount(db, token.sid, token.sub);
  if (!current) return null;
  token.email = current.email;
  token.name = current.name;
  token.verifiedEmail = current.emailVerified;
  return token;
}

/** next-auth's signOut event: ends the session itself, not only this browser's cookie. */
export async function endTokenSession(token: SessionClaims | null | undefined): Promise<void> {
  if (typeof token?.sid === "string") await endSession(await getDb(), token.sid);
}
