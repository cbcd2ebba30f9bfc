import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { changePassword } from "@/server/accounts/profile";
import { authenticate } from "@/server/accounts/service";
import { countActiveSessions, endAllSessions, endSession } from "@/server/accounts/sessions";
import { endTokenSession, refreshSessionToken, type SessionClaims } from "@/server/auth/session-token";
import { portalAccount } from "../helpers/portal";

beforeAll(async () => {
  await getDb();
});

/**
 * What next-auth's callbacks run (server/auth/config.ts): at sign-in (with `user`) and on every
 * request after (the token alone). The browser-level proof is e2e/auth-security.spec.ts.
 */
const jwt = ({ token, user }: { token: SessionClaims; user?: { id: string } }) => refreshSessionToken({ ...token }, user);
const signIn = (accountId: string) => jwt({ token: {}, user: { id: accountId } });

describe("portal sessions are revocable", () => {
  it("a token is accepted until its session is ended by signing out, then refused wherever it is replayed", async () => {
    const a = await portalAccount("Session Sam");
    const token = (await signIn(a.account.id))!;
    expect(token).toMatchObject({ sub: a.account.id, sid: expect.stringMatching(/^sess_/), email: a.account.email, verifiedEmail: true });
    expect(await jwt({ token })).toMatchObject({ sub: a.account.id });

    // Signing out (next-auth's signOut event with the decoded token) ends the session.
    await endTokenSession(token);
    expect(await jwt({ token })).toBeNull();
  });

  it("a token without a session id (older tokens) is refused; names and emails come from the database", async () => {
    const a = await portalAccount("Session Sid");
    expect(await jwt({ token: { sub: a.account.id, email: a.account.email } })).toBeNull();
    const token = (await signIn(a.account.id))!;
    const other = await portalAccount("Session Other");
    expect(await jwt({ token: { ...token, email: other.account.email, name: "Someone else" } })).toMatchObject({
      sub: a.account.id,
      email: a.account.email,
      name: "Session Sid",
    });
    // Another account's id with this session id does not pass either.
    expect(await jwt({ token: { ...token, sub: other.account.id } })).toBeNull();
  });

  it("signing out everywhere ends every session of the account, and only of that account", async () => {
    const a = await portalAccount("Everywhere Eve");
    const b = await portalAccount("Bystander Bo");
    const laptop = (await signIn(a.account.id))!;
    const phone = (await signIn(a.account.id))!;
    const bystander = (await signIn(b.account.id))!;
    expect(await countActiveSessions(a.db, a.account.id)).toBe(2);
    expect(await endAllSessions(a.db, a.account.id)).toBe(2);
    expect(await jwt({ token: laptop })).toBeNull();
    expect(await jwt({ token: phone })).toBeNull();
    expect(await jwt({ token: bystander })).not.toBeNull();
    expect(await countActiveSessions(a.db, a.account.id)).toBe(0);
  });

  it("changing the password needs the current one, ends every session, and the new password signs in", async () => {
    const a = await portalAccount("Password Pat");
    const token = (await signIn(a.account.id))!;
    await expect(
      changePassword(a.db, a.account.id, { currentPassword: "wrong", newPassword: "a brand new password", confirmPassword: "a brand new password" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      changePassword(a.db, a.account.id, { currentPassword: "a long enough password", newPassword: "short", confirmPassword: "short" }),
    ).rejects.toThrow();
    expect(await jwt({ token })).not.toBeNull();
    const changed = await changePassword(a.db, a.account.id, {
      currentPassword: "a long enough password",
      newPassword: "a brand new password",
      confirmPassword: "a brand new password",
    });
    expect(changed).toEqual({ email: a.account.email, endedSessions: 1 });
    expect(await jwt({ token })).toBeNull();
    expect(await authenticate(a.db, { email: a.account.email, password: "a long enough password" }, null)).toMatchObject({ ok: false });
    expect(await authenticate(a.db, { email: a.account.email, password: "a brand new password" }, null)).toMatchObject({ ok: true });
  });

  it("a session ended by id stays ended", async () => {
    const a = await portalAccount("Ended Ed");
    const token = (await signIn(a.account.id))!;
    await endSession(a.db, token.sid as string);
    await endSession(a.db, token.sid as string);
    expect(await jwt({ token })).toBeNull();
  });
});
