import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { getDb, type Database } from "@/db/client";
import { accounts, oauthIdentities } from "@/db/schema";
import { authenticate, signInWithOAuth, signUp } from "@/server/accounts/service";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { checkSignIn, MAX_FAILURES, MAX_FAILURES_PER_IP, recordSignInFailure, resetSignInLimits, WINDOW_MS } from "@/server/auth/sign-in-limit";
import { PortalError } from "@/server/lib/portal-error";

let db: Database;
beforeAll(async () => {
  db = await getDb();
});
beforeEach(() => resetSignInLimits());

describe("password hashing", () => {
  it("stores scrypt with its parameters and a 16-byte salt, and verifies only the right password", async () => {
    const stored = await hashPassword("hunter2 but longer");
    const [kind, n, r, p, salt, hash] = stored.split("$");
    expect([kind, n, r, p]).toEqual(["scrypt", "16384", "8", "1"]);
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(Buffer.from(hash!, "base64")).toHaveLength(64);
    expect(stored).not.toContain("hunter2");
    expect(await verifyPassword("hunter2 but longer", stored)).toBe(true);
    expect(await verifyPassword("hunter2 but longer ", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash, and refuses malformed stored values", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
    for (const bad of ["", "plain", "scrypt$1$2$3", "bcrypt$16384$8$1$AAAA$AAAA", "scrypt$x$8$1$AAAA$AAAA", "scrypt$16384$8$1$$"]) {
      expect(await verifyPassword("anything", bad), bad).toBe(false);
    }
  });
});

describe("sign-up and sign-in", () => {
  it("creates an account with a lower-cased email and no password in clear", async () => {
    const account = await signUp(db, { name: "Ada", email: "  Ada.Lovelace@Example.COM ", password: "analytical engine" });
    expect(account.email).toBe("ada.lovelace@example.com");
    const [row] = await db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain("analytical engine");
  });

  it("refuses a second account with the same email, and short passwords", async () => {
    await signUp(db, { email: "twice@example.com", password: "long enough password" });
    await expect(signUp(db, { email: "TWICE@example.com", password: "another password" })).rejects.toMatchObject({
      code: "CONFLICT",
    } satisfies Partial<PortalError>);
    await expect(signUp(db, { email: "short@example.com", password: "1234567" })).rejects.toBeInstanceOf(ZodError);
    await expect(signUp(db, { email: "not-an-email", password: "long enough password" })).rejects.toBeInstanceOf(ZodError);
  });

  it("authenticates the right password; a wrong password and an unknown email get the same answer", async () => {
    await signUp(db, { email: "grace@example.com", password: "compilers are fun" });
    const ok = await authenticate(db, { email: "Grace@example.com", password: "compilers are fun" }, "10.0.0.1");
    expect(ok).toMatchObject({ ok: true, account: { email: "grace@example.com" } });
    expect(await authenticate(db, { email: "grace@example.com", password: "wrong" }, "10.0.0.1")).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db, { email: "nobody@example.com", password: "wrong" }, "10.0.0.1")).toEqual({ ok: false, reason: "invalid" });
  });

  it("limits sign-in attempts per email and IP: after 5 failures even the right password is refused, with a wait", async () => {
    await signUp(db, { email: "limited@example.com", password: "the right password" });
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(await authenticate(db, { email: "limited@example.com", password: `wrong ${i}` }, "10.0.0.2")).toMatchObject({ reason: "invalid" });
    }
    const limited = await authenticate(db, { email: "limited@example.com", password: "the right password" }, "10.0.0.2");
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((limited as { retryAfterSec: number }).retryAfterSec).toBeGreaterThan(0);
    expect((limited as { retryAfterSec: number }).retryAfterSec).toBeLessThanOrEqual(WINDOW_MS / 1000);
    // Another address is not affected, and a success there clears nothing here.
    expect(await authenticate(db, { email: "limited@example.com", password: "the right password" }, "10.0.0.3")).toMatchObject({ ok: true });
    expect(await authenticate(db, { email: "limited@example.com", password: "the right password" }, "10.0.0.2")).toMatchObject({ reason: "rate_limited" });
  });

  it("lets attempts through again once the failures leave the window; a success resets the count", async () => {
    const t0 = 1_000_000;
    for (let i = 0; i < MAX_FAILURES; i++) recordSignInFailure("w@example.com", "ip", t0 + i * 1000);
    expect(checkSignIn("w@example.com", "ip", t0 + 10_000)).toMatchObject({ ok: false });
    expect(checkSignIn("w@example.com", "ip", t0 + WINDOW_MS + 1000)).toEqual({ ok: true });

    // One address spraying many emails is stopped too.
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) recordSignInFailure(`spray${i}@example.com`, "ip9", t0);
    expect(checkSignIn("fresh@example.com", "ip9", t0 + 1000)).toMatchObject({ ok: false });
    expect(checkSignIn("fresh@example.com", "ip10", t0 + 1000)).toEqual({ ok: true });

    await signUp(db, { email: "reset@example.com", password: "the right password" });
    for (let i = 0; i < MAX_FAILURES - 1; i++) await authenticate(db, { email: "reset@example.com", password: "x" }, "ip2");
    expect(await authenticate(db, { email: "reset@example.com", password: "the right password" }, "ip2")).toMatchObject({ ok: true });
    for (let i = 0; i < MAX_FAILURES - 1; i++) await authenticate(db, { email: "reset@example.com", password: "x" }, "ip2");
    expect(await authenticate(db, { email: "reset@example.com", password: "the right password" }, "ip2")).toMatchObject({ ok: true });
  });
});

describe("OAuth sign-in", () => {
  it("creates an account for a new identity and finds it again; never takes over a password account", async () => {
    const first = await signInWithOAuth(db, { provider: "github", providerAccountId: "42", email: "Octo@Example.com", name: "Octo" });
    expect(first).toMatchObject({ ok: true, account: { email: "octo@example.com" } });
    const again = await signInWithOAuth(db, { provider: "github", providerAccountId: "42", email: "changed@example.com" });
    expect(again.ok && first.ok && again.account.id === first.account.id).toBe(true);
    const links = await db.select().from(oauthIdentities).where(eq(oauthIdentities.providerAccountId, "42"));
    expect(links).toHaveLength(1);

    await signUp(db, { email: "taken@example.com", password: "a password here" });
    expect(await signInWithOAuth(db, { provider: "google", providerAccountId: "g-1", email: "taken@example.com" })).toEqual({
      ok: false,
      reason: "not_linked",
    });
    expect(await signInWithOAuth(db, { provider: "google", providerAccountId: "g-2", email: null })).toEqual({ ok: false, reason: "no_email" });
  });
});
