import { beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { createApiKey, getApiKey, rollApiKey, verifyApiKey } from "@/server/keys/service";
import { acceptInvite, createInvite } from "@/server/workspaces/members";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let workspaceId: string;
beforeAll(async () => {
  a = await portalAccount("Keys");
  workspaceId = (await onboard(a, "Keys Inc")).workspace.id;
});

const registerWith = (key: string) => call(register, "POST", "/register", { key, body: { user_id: `u-${Math.random().toString(36).slice(2)}` } });

describe("keys from the portal", () => {
  it("create → shown once → works; revoke → the next request is refused with 401", async () => {
    const created = await a.caller.keys.create({ workspaceId, name: "CI", environment: "sandbox", expiresInDays: 30 });
    expect(created.key).toMatch(/^pio_sk_test_/);
    expect(created.apiKey).toMatchObject({ name: "CI", environment: "sandbox", status: "active", masked: `${created.key.slice(0, 16)}…${created.key.slice(-4)}` });
    expect(created.apiKey.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = await a.caller.keys.list({ workspaceId });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed.find((k) => k.id === created.apiKey.id)).not.toHaveProperty("hash");
    expect((await registerWith(created.key)).status).toBe(201);

    await a.caller.keys.revoke({ workspaceId, keyId: created.apiKey.id });
    const refused = await registerWith(created.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("revoked_api_key");
    expect((await a.caller.keys.list({ workspaceId })).find((k) => k.id === created.apiKey.id)?.status).toBe("revoked");
    await expect(a.caller.keys.revoke({ workspaceId, keyId: created.apiKey.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("roll with grace 0: a new key with the same settings, the old one refused at once", async () => {
    const old = await a.caller.keys.create({ workspaceId, name: "Server", environment: "live", expiresInDays: 90 });
    const rolled = await a.caller.keys.roll({ workspaceId, keyId: old.apiKey.id, graceSeconds: 0 });
    expect(rolled.key).toMatch(/^pio_sk_live_/);
    expect(rolled.key).not.toBe(old.key);
    expect(rolled.apiKey).toMatchObject({ name: "Server", environment: "live", status: "active" });
    // Same lifetime as the old key, counted from now.
    expect(Math.abs(rolled.apiKey.expiresAt!.getTime() - (Date.now() + 90 * 86_400_000))).toBeLessThan(60_000);
    expect(rolled.previous.status).toBe("revoked");
    expect((await registerWith(old.key)).status).toBe(401);
    expect((await registerWith(rolled.key)).status).toBe(201);
  });

  it("roll with a grace period of 1 h: the old key still works, and is expired after the grace", async () => {
    const old = await createApiKey(a.db, { workspaceId, environment: "sandbox", name: "Worker" });
    const rolled = await rollApiKey(a.db, workspaceId, old.apiKey.id, 3600);
    expect(rolled).not.toBeNull();
    expect(rolled!.apiKey.expiresAt).toBeNull();
    expect((await registerWith(old.key)).status).toBe(201);
    expect((await verifyApiKey(a.db, old.key, new Date(Date.now() + 3500_000))).ok).toBe(true);
    expect(await verifyApiKey(a.db, old.key, new Date(Date.now() + 3601_000))).toMatchObject({ ok: false, reason: "expired" });
    expect((await verifyApiKey(a.db, rolled!.key, new Date(Date.now() + 3601_000))).ok).toBe(true);
    // A retired key cannot be rolled again, and a grace never extends an earlier expiry.
    const soon = await createApiKey(a.db, { workspaceId, environment: "sandbox", name: "Soon", expiresAt: new Date(Date.now() + 600_000) });
    await rollApiKey(a.db, workspaceId, soon.apiKey.id, 7 * 86_400);
    expect((await getApiKey(a.db, workspaceId, soon.apiKey.id))!.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
    const revoked = await createApiKey(a.db, { workspaceId, environment: "sandbox", name: "Gone" });
    await a.caller.keys.revoke({ workspaceId, keyId: revoked.apiKey.id });
    expect(await rollApiKey(a.db, workspaceId, revoked.apiKey.id, 0)).toBeNull();
  });

  it("refuses grace periods other than 0, 1 h, 24 h and 7 days", async () => {
    const k = await createApiKey(a.db, { workspaceId, environment: "sandbox", name: "Odd" });
    await expect(a.caller.keys.roll({ workspaceId, keyId: k.apiKey.id, graceSeconds: 5 as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("the playground key is a real sandbox key; renewing it revokes the old one at once", async () => {
    const first = await a.caller.playground.issueKey({ workspaceId });
    expect(first.key).toMatch(/^pio_sk_test_/);
    expect(first.masked).toBe(`${first.key.slice(0, 16)}…${first.key.slice(-4)}`);
    expect((await registerWith(first.key)).status).toBe(201);
    const second = await a.caller.playground.renewKey({ workspaceId });
    expect(second.key).not.toBe(first.key);
    expect((await registerWith(second.key)).status).toBe(201);
    expect((await registerWith(first.key)).status).toBe(401);
    expect((await a.caller.playground.issueKey({ workspaceId })).key).toBe(second.key);
    // Revoked from the keys page: the playground gets a new one on its next call.
    await a.caller.keys.revoke({ workspaceId, keyId: second.keyId });
    const third = await a.caller.playground.issueKey({ workspaceId });
    expect(third.key).not.toBe(second.key);
    expect((await registerWith(third.key)).status).toBe(201);
    await expect(a.caller.keys.roll({ workspaceId, keyId: third.keyId, graceSeconds: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const active = (await a.caller.keys.list({ workspaceId })).filter((k) => k.kind === "playground" && k.status === "active");
    expect(active.map((k) => k.id)).toEqual([third.keyId]);
    expect(await getApiKey(a.db, workspaceId, third.keyId)).toMatchObject({ expiresAt: null, createdBy: a.account.id });
  });

  it("a person removed from the workspace takes no working playground key along", async () => {
    const m = await portalAccount("Leaving Member");
    const { token } = await createInvite(a.db, workspaceId, a.account.id, { email: m.account.email, role: "member" });
    await acceptInvite(a.db, token, m.account);
    const theirs = await m.caller.playground.issueKey({ workspaceId });
    expect((await registerWith(theirs.key)).status).toBe(201);
    await a.caller.members.remove({ workspaceId, accountId: m.account.id });
    expect((await registerWith(theirs.key)).status).toBe(401);
  });
});
