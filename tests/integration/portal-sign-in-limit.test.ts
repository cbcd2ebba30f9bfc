import { beforeEach, describe, expect, it, beforeAll } from "vitest";
import { getDb } from "@/db/client";
import { signUp } from "@/server/accounts/service";
import { authorizeCredentials } from "@/server/auth/credentials";
import { clientIp } from "@/server/auth/client-ip";
import { checkSignIn, MAX_FAILURES, MAX_FAILURES_PER_EMAIL, recordSignInFailure, resetSignInLimits } from "@/server/auth/sign-in-limit";

// Opening the database (and migrating it) is set-up, not the test.
beforeAll(async () => {
  await getDb();
});

beforeEach(() => resetSignInLimits());

const from = (ip: string) => new Headers({ "x-forwarded-for": ip });

describe("the sign-in limit and X-Forwarded-For", () => {
  it("a client that sends a different X-Forwarded-For with each attempt is still limited", async () => {
    const db = await getDb();
    await signUp(db, { email: "rotating@example.com", password: "the right password" });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await authorizeCredentials(db, { email: "rotating@example.com", password: `wrong ${i}` }, from(`203.0.113.${i + 1}`));
      outcomes.push(r.ok ? "ok" : r.reason);
    }
    expect(outcomes.slice(0, MAX_FAILURES)).toEqual(Array(MAX_FAILURES).fill("invalid"));
    expect(outcomes.slice(MAX_FAILURES)).toEqual(Array(12 - MAX_FAILURES).fill("rate_limited"));
  });
});

describe("which address a sign-in comes from", () => {
  it("trusts no forwarded header by default", () => {
    expect(clientIp(from("203.0.113.9"), 0)).toBeNull();
    expect(clientIp(new Headers(), 0)).toBeNull();
  });

  it("with TRUST_PROXY=N takes the N-th address from the right, which the proxies wrote", () => {
    // The client sent "1.1.1.1"; the one proxy in front appended the address it saw.
    expect(clientIp(from("1.1.1.1, 203.0.113.9"), 1)).toBe("203.0.113.9");
    // A CDN and a load balancer: the CDN saw the client, the balancer saw the CDN.
    expect(clientIp(from("1.1.1.1, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    // Fewer entries than proxies, or garbage: unknown, never a made-up address.
    expect(clientIp(from("203.0.113.9"), 2)).toBeNull();
    expect(clientIp(from("not-an-ip"), 1)).toBeNull();
  });

  it("with a trusted address, limits per email and address, per address, and per email across addresses", async () => {
    const t0 = 5_000_000;
    for (let i = 0; i < MAX_FAILURES; i++) recordSignInFailure("a@example.com", "203.0.113.1", t0);
    expect(checkSignIn("a@example.com", "203.0.113.1", t0)).toMatchObject({ ok: false });
    expect(checkSignIn("a@example.com", "203.0.113.2", t0)).toEqual({ ok: true });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) recordSignInFailure("b@example.com", `198.51.100.${i}`, t0);
    expect(checkSignIn("b@example.com", "198.51.100.250", t0)).toMatchObject({ ok: false });
    expect(checkSignIn("c@example.com", "198.51.100.250", t0)).toEqual({ ok: true });
  });
});
