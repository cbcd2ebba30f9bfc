import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { memories, requestLogs } from "@/db/schema";
import { appRouter } from "@/server/api/root";
import { flushRequestLogs } from "@/server/http/request-log";
import { newId } from "@/server/lib/ids";
import { registerEndUser } from "@/server/users/register";
import { acceptInvite, createInvite } from "@/server/workspaces/members";
import { anonymousCaller, onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let b: PortalAccount;
let wsA: string;
let keyA: string;

beforeAll(async () => {
  a = await portalAccount("Alice");
  b = await portalAccount("Bob");
  const created = await onboard(a, "Alice's Agents");
  wsA = created.workspace.id;
  keyA = created.apiKey.id;
  await onboard(b, "Bob's Bots");
});

type Caller = PortalAccount["caller"];
/**
 * One call per procedure that takes a workspaceId, aimed at Alice's workspace. The test
 * below fails if a procedure is added without an entry here.
 */
const onAlicesWorkspace: Record<string, (c: Caller) => Promise<unknown>> = {
  "workspace.get": (c) => c.workspace.get({ workspaceId: wsA }),
  "workspace.delete": (c) => c.workspace.delete({ workspaceId: wsA, confirmName: "Alice's Agents" }),
  "members.list": (c) => c.members.list({ workspaceId: wsA }),
  "members.invite": (c) => c.members.invite({ workspaceId: wsA, email: "x@example.com", role: "owner" }),
  "members.revokeInvite": (c) => c.members.revokeInvite({ workspaceId: wsA, inviteId: "inv_x" }),
  "members.remove": (c) => c.members.remove({ workspaceId: wsA, accountId: a.account.id }),
  "keys.list": (c) => c.keys.list({ workspaceId: wsA }),
  "keys.create": (c) => c.keys.create({ workspaceId: wsA, name: "stolen", environment: "sandbox", expiresInDays: null }),
  "keys.revoke": (c) => c.keys.revoke({ workspaceId: wsA, keyId: keyA }),
  "keys.roll": (c) => c.keys.roll({ workspaceId: wsA, keyId: keyA, graceSeconds: 0 }),
  "playground.issueKey": (c) => c.playground.issueKey({ workspaceId: wsA }),
  "playground.renewKey": (c) => c.playground.renewKey({ workspaceId: wsA }),
  "workspace.update": (c) => c.workspace.update({ workspaceId: wsA, name: "Taken", useCase: "Other", region: "us-east-1", timezone: "UTC" }),
  "sandbox.loadSampleData": (c) => c.sandbox.loadSampleData({ workspaceId: wsA }),
  "sandbox.reset": (c) => c.sandbox.reset({ workspaceId: wsA }),
  "explorer.list": (c) => c.explorer.list({ workspaceId: wsA, environment: "sandbox", page: 1 }),
  "explorer.get": (c) => c.explorer.get({ workspaceId: wsA, environment: "sandbox", userId: "sandbox-user" }),
  "explorer.deleteMemory": (c) => c.explorer.deleteMemory({ workspaceId: wsA, environment: "sandbox", userId: "sandbox-user", memoryId: "mem_x" }),
  "explorer.deleteUser": (c) => c.explorer.deleteUser({ workspaceId: wsA, environment: "sandbox", userId: "sandbox-user" }),
  "explorer.exportUser": (c) => c.explorer.exportUser({ workspaceId: wsA, environment: "sandbox", userId: "sandbox-user" }),
  "explorer.memory": (c) => c.explorer.memory({ workspaceId: wsA, environment: "sandbox", memoryId: "mem_x" }),
  "explorer.updateMemory": (c) => c.explorer.updateMemory({ workspaceId: wsA, environment: "sandbox", memoryId: "mem_x", text: "Taken over" }),
  "logs.list": (c) => c.logs.list({ workspaceId: wsA, environment: "sandbox", filters: {} }),
  "logs.get": (c) => c.logs.get({ workspaceId: wsA, environment: "sandbox", requestId: "req_x" }),
  "logs.facets": (c) => c.logs.facets({ workspaceId: wsA, environment: "sandbox" }),
  "logs.stats": (c) => c.logs.stats({ workspaceId: wsA, environment: "sandbox", filters: {}, window: "auto" }),
  "overview.get": (c) => c.overview.get({ workspaceId: wsA, environment: "live" }),
  "webhooks.list": (c) => c.webhooks.list({ workspaceId: wsA, environment: "sandbox" }),
  "webhooks.create": (c) => c.webhooks.create({ workspaceId: wsA, environment: "sandbox", url: "https://hooks.example.com/x", events: ["memory.created"] }),
  "webhooks.update": (c) => c.webhooks.update({ workspaceId: wsA, environment: "sandbox", id: "whe_x", events: ["memory.deleted"] }),
  "webhooks.delete": (c) => c.webhooks.delete({ workspaceId: wsA, environment: "sandbox", id: "whe_x" }),
  "webhooks.rotateSecret": (c) => c.webhooks.rotateSecret({ workspaceId: wsA, environment: "sandbox", id: "whe_x" }),
  "webhooks.deliveries": (c) => c.webhooks.deliveries({ workspaceId: wsA, environment: "sandbox" }),
  "webhooks.resend": (c) => c.webhooks.resend({ workspaceId: wsA, environment: "sandbox", deliveryId: "whd_x" }),
};
/** Procedures that take no workspaceId (they act on the signed-in account only). */
const accountScoped = [
  "account.me",
  "account.get",
  "account.update",
  "account.resendVerification",
  "workspace.list",
  "workspace.create",
  "members.inviteInfo",
  "members.accept",
];

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `not a TRPCError: ${String(e)}`;
  }
}

describe("membership checks on every workspace procedure", () => {
  it("covers every procedure of the router", () => {
    const all = Object.keys(appRouter._def.procedures).sort();
    expect([...Object.keys(onAlicesWorkspace), ...accountScoped].sort()).toEqual(all);
  });

  it("another account gets NOT_FOUND for all of them, and nothing changes", async () => {
    const keysBefore = await a.caller.keys.list({ workspaceId: wsA });
    for (const [name, run] of Object.entries(onAlicesWorkspace)) {
      expect(await codeOf(run(b.caller)), name).toBe("NOT_FOUND");
    }
    expect(await a.caller.keys.list({ workspaceId: wsA })).toEqual(keysBefore);
    expect(await a.caller.workspace.get({ workspaceId: wsA })).toMatchObject({ name: "Alice's Agents", role: "owner" });
  });

  it("a workspace id that does not exist answers exactly the same", async () => {
    expect(await codeOf(b.caller.keys.list({ workspaceId: "ws_doesnotexist" }))).toBe("NOT_FOUND");
  });

  it("without a session every procedure answers UNAUTHORIZED", async () => {
    const anon = anonymousCaller(a.db);
    for (const [name, run] of Object.entries(onAlicesWorkspace)) {
      expect(await codeOf(run(anon)), name).toBe("UNAUTHORIZED");
    }
    expect(await codeOf(anon.account.me())).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.workspace.list())).toBe("UNAUTHORIZED");
  });

  it("the workspace list and account.me show only one's own workspaces", async () => {
    expect((await b.caller.workspace.list()).map((w) => w.name)).toEqual(["Bob's Bots"]);
    expect((await b.caller.account.me()).workspaces.map((w) => w.id)).not.toContain(wsA);
  });
});

describe("roles", () => {
  it("members work in sandbox; live keys, live deletes, invitations and deleting the workspace are for owners", async () => {
    const m = await portalAccount("Member");
    const { token } = await createInvite(a.db, wsA, a.account.id, { email: m.account.email, role: "member" });
    await acceptInvite(a.db, token, m.account);
    const live = await a.caller.keys.create({ workspaceId: wsA, name: "Prod", environment: "live", expiresInDays: null });

    expect(await codeOf(m.caller.keys.list({ workspaceId: wsA }))).toBe("OK");
    expect(await codeOf(m.caller.keys.create({ workspaceId: wsA, name: "mine", environment: "sandbox", expiresInDays: 7 }))).toBe("OK");
    expect(await codeOf(m.caller.keys.create({ workspaceId: wsA, name: "prod", environment: "live", expiresInDays: null }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.keys.revoke({ workspaceId: wsA, keyId: live.apiKey.id }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.keys.roll({ workspaceId: wsA, keyId: live.apiKey.id, graceSeconds: 0 }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.members.invite({ workspaceId: wsA, email: "y@example.com", role: "member" }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.members.remove({ workspaceId: wsA, accountId: a.account.id }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.workspace.delete({ workspaceId: wsA, confirmName: "Alice's Agents" }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.explorer.deleteUser({ workspaceId: wsA, environment: "live", userId: "anyone" }))).toBe("FORBIDDEN");
    expect(await codeOf(m.caller.explorer.updateMemory({ workspaceId: wsA, environment: "live", memoryId: "mem_x", text: "x" }))).toBe("FORBIDDEN");
    expect((await m.caller.members.list({ workspaceId: wsA })).invites).toEqual([]);
    // A member may leave.
    expect(await codeOf(m.caller.members.remove({ workspaceId: wsA, accountId: m.account.id }))).toBe("OK");
    expect(await codeOf(m.caller.keys.list({ workspaceId: wsA }))).toBe("NOT_FOUND");
    // The live key survived all of it.
    expect((await a.caller.keys.list({ workspaceId: wsA })).find((k) => k.id === live.apiKey.id)?.status).toBe("active");
  });
});

describe("environments never mix in the explorer, logs and overview", () => {
  it("each environment shows only its own users, memories and requests", async () => {
    const db = a.db;
    const sandboxScope = { workspaceId: wsA, environment: "sandbox" as const };
    const liveScope = { workspaceId: wsA, environment: "live" as const };
    const s = await registerEndUser(db, sandboxScope, { user_id: "sandbox-user", email: "same@example.com", traits: { name: "Sandy" } });
    const l = await registerEndUser(db, liveScope, { user_id: "live-user", email: "same@example.com", traits: { name: "Liv" } });
    await db.insert(memories).values([
      { id: newId("mem"), ...sandboxScope, endUserId: s.user.id, text: "Sandy likes sandboxes", textHash: "h1", extractor: "test" },
      { id: newId("mem"), ...liveScope, endUserId: l.user.id, text: "Liv likes production", textHash: "h2", extractor: "test" },
    ]);
    await flushRequestLogs();
    const row = (environment: "sandbox" | "live", route: string, status: number) => ({
      requestId: newId("req"),
      workspaceId: wsA,
      environment,
      apiKeyId: keyA,
      method: "POST",
      route,
      status,
      latencyMs: 12,
    });
    await db.insert(requestLogs).values([row("sandbox", "/register", 201), row("sandbox", "/chunks", 500), row("live", "/ingest", 200)]);

    const sandboxUsers = await a.caller.explorer.list({ ...sandboxScope, page: 1 });
    expect(sandboxUsers.users.map((u) => u.userId)).toEqual(["sandbox-user"]);
    expect(sandboxUsers.users[0]).toMatchObject({ name: "Sandy", memoryCount: 1, emailMasked: "s***@example.com" });
    expect((await a.caller.explorer.list({ ...liveScope, page: 1 })).users.map((u) => u.userId)).toEqual(["live-user"]);
    // The same email finds each environment's own user.
    expect((await a.caller.explorer.list({ ...liveScope, search: "SAME@example.com", page: 1 })).users.map((u) => u.userId)).toEqual(["live-user"]);

    const sandy = await a.caller.explorer.get({ ...sandboxScope, userId: "sandbox-user" });
    expect(sandy.memories.map((m) => m.text)).toEqual(["Sandy likes sandboxes"]);
    expect(await codeOf(a.caller.explorer.get({ ...sandboxScope, userId: "live-user" }))).toBe("NOT_FOUND");
    expect(await codeOf(a.caller.explorer.deleteUser({ ...sandboxScope, userId: "live-user" }))).toBe("NOT_FOUND");
    expect(await codeOf(a.caller.explorer.deleteMemory({ ...sandboxScope, userId: "sandbox-user", memoryId: (await a.caller.explorer.get({ ...liveScope, userId: "live-user" })).memories[0]!.id }))).toBe("NOT_FOUND");

    const sandboxLogs = await a.caller.logs.list({ ...sandboxScope, filters: {} });
    expect(sandboxLogs.rows.map((r) => r.route).sort()).toEqual(["/chunks", "/register"]);
    expect((await a.caller.logs.list({ ...liveScope, filters: {} })).rows.map((r) => r.route)).toEqual(["/ingest"]);
    expect((await a.caller.logs.list({ ...sandboxScope, filters: { status: "5xx" } })).rows.map((r) => r.route)).toEqual(["/chunks"]);
    expect((await a.caller.logs.list({ ...sandboxScope, filters: { route: "/register", apiKeyId: keyA } })).rows).toHaveLength(1);
    expect((await a.caller.logs.facets(sandboxScope)).routes).toEqual(["/chunks", "/register"]);
    const stats = await a.caller.logs.stats({ ...sandboxScope, filters: {}, window: "auto" });
    expect(stats).toMatchObject({ window: "1h", total: 2, p95Ms: 12 });
    expect(stats.buckets).toHaveLength(60);
    expect(stats.buckets.reduce((n, bk) => n + bk.count, 0)).toBe(2);
    expect(stats.buckets.reduce((n, bk) => n + bk.errors, 0)).toBe(1);

    expect(await a.caller.overview.get(sandboxScope)).toMatchObject({ endUsers: 1, memories: 1, requests24h: 2, errors24h: 1 });
    expect(await a.caller.overview.get(liveScope)).toMatchObject({ endUsers: 1, memories: 1, requests24h: 1, errors24h: 0 });

    // Reset touches the sandbox only.
    expect(await a.caller.sandbox.reset({ workspaceId: wsA })).toEqual({ endUsers: 1, requestLogs: 2 });
    expect((await a.caller.explorer.list({ ...sandboxScope, page: 1 })).total).toBe(0);
    expect((await a.caller.explorer.list({ ...liveScope, page: 1 })).total).toBe(1);
    expect((await a.caller.logs.list({ ...liveScope, filters: {} })).rows).toHaveLength(1);
  });
});
