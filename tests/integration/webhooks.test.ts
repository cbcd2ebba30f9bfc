import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { endUsers, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { processIngestionJob } from "@/inngest/functions/process-ingestion";
import { resumePendingWork } from "@/inngest/recover";
import { waitForIdle } from "@/inngest/runner";
import { resetEnvCache } from "@/server/env";
import { backgroundJobs, type Jobs } from "@/server/service/context";
import { emitEvent } from "@/server/webhooks/emit";
import { verifySignature, WebhookSignatureError } from "@/server/webhooks/signature";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";
import { webhookReceiver } from "../helpers/webhook-receiver";

type Receiver = Awaited<ReturnType<typeof webhookReceiver>>;

let owner: PortalAccount;
let workspaceId = "";
let sandboxKey = "";
const receivers: Receiver[] = [];

function allowLocalReceivers(on: boolean, schedule = "40,40") {
  if (on) process.env.WEBHOOK_TEST_ALLOW_HOSTS = "127.0.0.1";
  else delete process.env.WEBHOOK_TEST_ALLOW_HOSTS;
  process.env.WEBHOOK_RETRY_SCHEDULE = schedule;
  resetEnvCache();
}

async function receiver(answer?: (n: number) => number) {
  const r = await webhookReceiver({ answer });
  receivers.push(r);
  return r;
}

const sandbox = () => ({ workspaceId, environment: "sandbox" as const });
const scope = () => ({ db: owner.db, scope: { workspaceId, environment: "sandbox" as const }, jobs: backgroundJobs });

async function deliveriesOf(endpointId: string) {
  return owner.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

beforeAll(async () => {
  allowLocalReceivers(true);
  owner = await portalAccount("Webhook owner");
  const onboarded = await onboard(owner, "Hooks Inc");
  workspaceId = onboarded.workspace.id;
  sandboxKey = (await owner.caller.keys.create({ workspaceId, name: "hooks", environment: "sandbox", expiresInDays: null })).key;
});

afterEach(async () => {
  await waitForIdle();
  allowLocalReceivers(true);
});

afterAll(async () => {
  for (const r of receivers) await r.close();
  delete process.env.WEBHOOK_TEST_ALLOW_HOSTS;
  delete process.env.WEBHOOK_RETRY_SCHEDULE;
  resetEnvCache();
});

describe("webhooks: delivery", () => {
  it("sends ingestion.completed to a local receiver, signed as Stripe signs (t=, v1=), with ids and counts only", async () => {
    const r = await receiver();
    const { endpoint, secret } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url(), events: ["ingestion.completed"] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(endpoint.secretStart).toBe(`${secret.slice(0, 10)}…`);
    // The secret is not stored in clear.
    const [stored] = await owner.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(JSON.stringify(stored)).not.toContain(secret.slice(6));

    await call(register, "POST", "/register", { key: sandboxKey, body: { user_id: "hook_user_1", traits: { name: "Dana Reyes" } } });
    const res = await call(ingest, "POST", "/ingest", {
      key: sandboxKey,
      body: {
        user_id: "hook_user_1",
        message_history: [{ role: "user", content: "I am severely allergic to peanuts and my email is dana.reyes@example.com", timestamp: "2026-03-01T10:00:00Z" }],
      },
    });
    expect(res.status).toBe(200);
    await waitForIdle();
    await r.waitFor(1);

    const [hook] = r.received;
    expect(hook!.headers["content-type"]).toBe("application/json");
    expect(hook!.headers["pio-event-type"]).toBe("ingestion.completed");
    expect(hook!.headers["pio-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, hook!.body, hook!.headers["pio-signature"] as string)).toEqual({ timestamp: expect.any(Number) });
    // By hand, as docs/api.md shows it, to prove the scheme rather than our own helper.
    const { createHmac } = await import("node:crypto");
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(hook!.headers["pio-signature"] as string)!;
    expect(createHmac("sha256", secret).update(`${t}.${hook!.body}`).digest("hex")).toBe(v1);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    // A tampered body or another secret does not verify.
    expect(() => verifySignature(secret, hook!.body.replace("done", "dome"), hook!.headers["pio-signature"] as string)).toThrow(WebhookSignatureError);
    expect(() => verifySignature("whsec_other", hook!.body, hook!.headers["pio-signature"] as string)).toThrow(/no signature matches/);

    expect(hook!.json).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: "ingestion.completed",
      environment: "sandbox",
      data: { ingestion_id: res.body.ingestion_id, user_id: "hook_user_1", status: "done", counts: { messages: 1 } },
    });
    expect(hook!.headers["pio-event-id"]).toBe(hook!.json.id);
    expect(Object.keys(hook!.json)).toEqual(["id", "type", "created_at", "environment", "data"]);
    // The SDK's helper (Web Crypto) agrees, and refuses a changed body or a replay.
    const sdk = await import("@pio/sdk");
    expect(await sdk.verifyWebhook(hook!.body, hook!.headers["pio-signature"] as string, secret)).toEqual(hook!.json);
    await expect(sdk.verifyWebhook(hook!.body + " ", hook!.headers["pio-signature"] as string, secret)).rejects.toThrow(sdk.PioWebhookSignatureError);
    await expect(
      sdk.verifyWebhook(hook!.body, hook!.headers["pio-signature"] as string, secret, { now: Math.floor(Date.now() / 1000) + 3600 }),
    ).rejects.toThrow(/more than 300 s/);
    expect(hook!.body).not.toMatch(/peanut|dana\.reyes|example\.com/i);

    const log = await owner.caller.webhooks.deliveries({ ...sandbox(), endpointId: endpoint.id });
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ status: "succeeded", attempts: 1, responseStatus: 200, lastError: null, eventType: "ingestion.completed" });
  });

  it("retries a failing receiver (500) with backoff, then marks the delivery failed", async () => {
    const r = await receiver(() => 500);
    const { endpoint } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url("/fails"), events: ["memory.deleted"] });
    await emitEvent(scope(), "memory.deleted", { memory_id: "mem_x" });
    await waitForIdle();
    // The first attempt and one retry per entry of the schedule (two).
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((h) => h.json.id)).size).toBe(1);
    // Each retry waited its turn of the schedule (40 ms here, WEBHOOK_RETRY_SCHEDULE).
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(35);
    expect(r.received[2]!.at - r.received[1]!.at).toBeGreaterThanOrEqual(35);
    const [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "failed", attempts: 3, responseStatus: 500, nextAttemptAt: null });
    expect(d!.lastError).toBe("HTTP 500: receiver says no");
  });

  it("a receiver that fails once gets the retry and the delivery succeeds; resend sends the same event again", async () => {
    const r = await receiver((n) => (n === 1 ? 503 : 200));
    const { endpoint, secret } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url(), events: ["user.deleted"] });
    await emitEvent(scope(), "user.deleted", { user_id: "gone_1", counts: { memories: 3 } });
    await waitForIdle();
    expect(r.received).toHaveLength(2);
    const [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 200, lastError: null });
    expect(d!.deliveredAt).toBeInstanceOf(Date);

    const resent = await owner.caller.webhooks.resend({ ...sandbox(), deliveryId: d!.id });
    expect(resent).toMatchObject({ status: "pending", resendOf: d!.id, eventId: d!.eventId });
    await waitForIdle();
    expect(r.received).toHaveLength(3);
    expect(r.received[2]!.json.id).toBe(d!.eventId);
    verifySignature(secret, r.received[2]!.body, r.received[2]!.headers["pio-signature"] as string);
    const log = await owner.caller.webhooks.deliveries({ ...sandbox(), endpointId: endpoint.id });
    expect(log.deliveries.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("ingestion.failed is sent when an ingestion's retries are spent", async () => {
    const r = await receiver();
    await owner.caller.webhooks.create({ ...sandbox(), url: r.url(), events: ["ingestion.failed"] });
    await call(register, "POST", "/register", { key: sandboxKey, body: { user_id: "hook_user_fail" } });
    const res = await call(ingest, "POST", "/ingest", {
      key: sandboxKey,
      body: { user_id: "hook_user_fail", message_history: [{ role: "user", content: "I live in Lisbon.", timestamp: "2026-03-01T10:00:00Z" }] },
    });
    await waitForIdle();
    const [row] = await owner.db.query.ingestions.findMany({ where: (i, { eq }) => eq(i.id, res.body.ingestion_id) });
    // What the job runner calls once every retry failed.
    await processIngestionJob.spec.onFailure!({
      data: { ingestionId: row!.id, endUserId: row!.endUserId, workspaceId, environment: "sandbox" },
      error: new Error("the model provider timed out"),
    });
    await waitForIdle();
    await r.waitFor(1);
    expect(r.received[0]!.json).toMatchObject({
      type: "ingestion.failed",
      data: { ingestion_id: row!.id, user_id: "hook_user_fail", status: "failed", error: "the model provider timed out" },
    });
  });

  // What one process owning the embedded database does at start-up (recover.ts); on a server
  // Postgres with several instances the in-process queue is not the durable one (Inngest is).
  it.runIf(process.env.PIO_TEST_DB === "pglite")("a delivery left pending by a stopped process is resumed at the next start, at its due time", async () => {
    const r = await receiver();
    const { endpoint, secret } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url("/resumed"), events: ["memory.created"] });
    // As a process stopped between two attempts leaves it: one attempt made, the next due soon.
    const recorder: Jobs = { send: async () => {} };
    await emitEvent({ ...scope(), jobs: recorder }, "memory.created", { memory_id: "mem_resumed" });
    const dueAt = new Date(Date.now() + 300);
    await owner.db.update(webhookDeliveries).set({ attempts: 1, responseStatus: 502, lastError: "HTTP 502", nextAttemptAt: dueAt }).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(r.received).toHaveLength(0);

    await resumePendingWork();
    await waitForIdle();
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.at).toBeGreaterThanOrEqual(dueAt.getTime());
    verifySignature(secret, r.received[0]!.body, r.received[0]!.headers["pio-signature"] as string);
    const [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 200 });
  });

  it("stage3.completed is sent when Stage 3 has answered its questions about a user", async () => {
    const r = await receiver();
    const { secret } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url("/stage3"), events: ["stage3.completed"] });
    await call(register, "POST", "/register", { key: sandboxKey, body: { user_id: "hook_stage3", traits: { name: "Maya Chen" } } });
    const facts = [
      "I love Thai food, especially green curry",
      "I work as a product designer at a fintech startup",
      "I usually go climbing on Saturday mornings",
      "My sister Lena lives in Berlin and we talk every Sunday",
      "I'm planning a trip to Japan in April",
      "I prefer short emails with bullet points",
    ];
    await call(ingest, "POST", "/ingest", {
      key: sandboxKey,
      body: { user_id: "hook_stage3", message_history: facts.map((content, i) => ({ role: "user", content, timestamp: `2025-09-0${i + 1}T08:00:00Z` })) },
    });
    await waitForIdle();
    await r.waitFor(1);
    expect(r.received).toHaveLength(1);
    const event = r.received[0]!;
    verifySignature(secret, event.body, event.headers["pio-signature"] as string);
    expect(event.json).toMatchObject({
      type: "stage3.completed",
      data: { user_id: "hook_stage3", threshold: 5, questions: expect.any(Number), answers_stored: expect.any(Number) },
    });
    expect(event.json.data.answers_stored).toBeGreaterThanOrEqual(1);
    expect(event.body).not.toMatch(/curry|Berlin|Japan/);
  });

  it("deliveries about a user are erased with the user; user.deleted itself is kept and sent", async () => {
    const r = await receiver();
    const { endpoint } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url("/erase"), events: ["memory.created", "user.deleted"] });
    await call(register, "POST", "/register", { key: sandboxKey, body: { user_id: "hook_erased" } });
    await emitEvent(scope(), "memory.created", { memory_id: "mem_e1", user_id: "hook_erased" });
    await waitForIdle();
    const [about] = await deliveriesOf(endpoint.id);
    expect(about).toMatchObject({ status: "succeeded", endUserId: expect.stringMatching(/^eu_/) });

    // What erasure does (DELETE /users/{user_id}): the user's row goes, and with it the deliveries naming them.
    await owner.db.delete(endUsers).where(eq(endUsers.id, about!.endUserId!));
    await emitEvent(scope(), "user.deleted", { user_id: "hook_erased", counts: { memories: 1 } });
    // An event about a user who is gone is not announced.
    await emitEvent(scope(), "memory.created", { memory_id: "mem_e2", user_id: "hook_erased" });
    await waitForIdle();
    const left = await deliveriesOf(endpoint.id);
    expect(left).toEqual([expect.objectContaining({ eventType: "user.deleted", endUserId: null, status: "succeeded" })]);
    expect(r.received.map((h) => h.json.type)).toEqual(["memory.created", "user.deleted"]);
  });

  it("costs one query and stores nothing when nobody subscribes to the event", async () => {
    const sent: unknown[] = [];
    const recorder: Jobs = { send: async (_job, data) => void sent.push(data) };
    const before = (await owner.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, workspaceId))).length;
    // Nothing subscribes in live (endpoints are per environment).
    expect(await owner.caller.webhooks.list({ workspaceId, environment: "live" })).toEqual([]);
    await emitEvent({ db: owner.db, scope: { workspaceId, environment: "live" }, jobs: recorder }, "stage3.completed", { user_id: "u" });
    const after = (await owner.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, workspaceId))).length;
    expect(after).toBe(before);
    expect(sent).toEqual([]);
  });
});

describe("webhooks: addresses", () => {
  it("refuses private and local URLs without the test-only allowance, and stores nothing", async () => {
    allowLocalReceivers(false);
    const before = await owner.caller.webhooks.list(sandbox());
    for (const url of [
      "http://127.0.0.1:4150/hook",
      "http://localhost:4150/hook",
      "http://10.0.0.8/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
      "http://2130706433/hook",
      "http://metadata.google.internal/hook",
    ]) {
      await expect(owner.caller.webhooks.create({ ...sandbox(), url, events: ["memory.created"] }), url).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/public (host|address)/),
      });
    }
    expect(await owner.caller.webhooks.list(sandbox())).toEqual(before);
  });

  it("refuses at delivery time too: an endpoint whose address is no longer allowed fails at once, nothing is sent", async () => {
    const r = await receiver();
    const { endpoint } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url(), events: ["memory.updated"] });
    allowLocalReceivers(false);
    await emitEvent(scope(), "memory.updated", { memory_id: "mem_1" });
    await waitForIdle();
    expect(r.received).toHaveLength(0);
    const [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "failed", attempts: 1, responseStatus: null });
    expect(d!.lastError).toMatch(/^refused: address 127\.0\.0\.1 is not a public address/);
  });
});

describe("webhooks: endpoint input", () => {
  it("answers bad input with a clear error naming the problem, and stores nothing", async () => {
    const before = (await owner.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId))).length;
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ url: "not a url", events: ["memory.created"] }, /full URL/],
      [{ url: "", events: ["memory.created"] }, /Enter the URL/],
      [{ url: "ftp://hooks.example.com/x", events: ["memory.created"] }, /https:\/\//],
      [{ url: "https://user:pw@hooks.example.com/x", events: ["memory.created"] }, /user name or password/],
      [{ url: "https://hooks.example.com/x", events: ["memory.exploded"] }, /Unknown event "memory.exploded"/],
      [{ url: "https://hooks.example.com/x", events: [] }, /at least one event/],
      [{ url: "https://hooks.example.com/x", events: ["memory.created"], description: "x".repeat(201) }, /at most 200/],
    ];
    for (const [input, message] of bad) {
      const err = await owner.caller.webhooks.create({ ...sandbox(), ...(input as any) }).catch((e: unknown) => e);
      expect(err, JSON.stringify(input)).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
    }
    // Live endpoints must use https.
    await expect(
      owner.caller.webhooks.create({ workspaceId, environment: "live", url: "http://hooks.example.com/x", events: ["memory.created"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Live endpoints must use https://." });
    const after = (await owner.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId))).length;
    expect(after).toBe(before);
  });

  it("edits, rotates (the old secret stops signing) and deletes an endpoint with its log", async () => {
    const r = await receiver();
    const created = await owner.caller.webhooks.create({ ...sandbox(), url: r.url(), events: ["memory.created"], description: "CRM sync" });
    const updated = await owner.caller.webhooks.update({ ...sandbox(), id: created.endpoint.id, events: ["memory.deleted", "memory.created"] });
    // Kept in the order of the catalogue.
    expect(updated.events).toEqual(["memory.created", "memory.deleted"]);
    await expect(owner.caller.webhooks.update({ ...sandbox(), id: created.endpoint.id, events: ["nope"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await owner.caller.webhooks.list(sandbox())).find((e) => e.id === created.endpoint.id)!.events).toEqual(["memory.created", "memory.deleted"]);

    const rotated = await owner.caller.webhooks.rotateSecret({ ...sandbox(), id: created.endpoint.id });
    expect(rotated.secret).not.toBe(created.secret);
    await emitEvent(scope(), "memory.created", { memory_id: "mem_r" });
    await waitForIdle();
    await r.waitFor(1);
    const sig = r.received[0]!.headers["pio-signature"] as string;
    expect(() => verifySignature(rotated.secret, r.received[0]!.body, sig)).not.toThrow();
    expect(() => verifySignature(created.secret, r.received[0]!.body, sig)).toThrow(WebhookSignatureError);

    await owner.caller.webhooks.delete({ ...sandbox(), id: created.endpoint.id });
    expect((await owner.caller.webhooks.list(sandbox())).map((e) => e.id)).not.toContain(created.endpoint.id);
    expect(await deliveriesOf(created.endpoint.id)).toEqual([]);
  });
});

describe("webhooks: scoping", () => {
  it("keeps endpoints, events and logs to their own workspace and environment", async () => {
    const r = await receiver();
    const { endpoint } = await owner.caller.webhooks.create({ ...sandbox(), url: r.url("/scoped"), events: ["memory.created"] });
    // The live environment of the same workspace neither lists it nor sends it live events.
    expect((await owner.caller.webhooks.list({ workspaceId, environment: "live" })).map((e) => e.id)).not.toContain(endpoint.id);
    await emitEvent({ ...scope(), scope: { workspaceId, environment: "live" } }, "memory.created", { memory_id: "live_1" });

    // Another workspace: its events do not reach this endpoint, and its people cannot touch it.
    const stranger = await portalAccount("Stranger");
    const otherWs = (await onboard(stranger, "Other Co")).workspace.id;
    await emitEvent({ ...scope(), scope: { workspaceId: otherWs, environment: "sandbox" } }, "memory.created", { memory_id: "other_1" });
    await waitForIdle();
    expect(r.received).toHaveLength(0);

    const theirs = { workspaceId: otherWs, environment: "sandbox" as const };
    for (const attempt of [
      () => stranger.caller.webhooks.update({ ...theirs, id: endpoint.id, events: ["memory.deleted"] }),
      () => stranger.caller.webhooks.delete({ ...theirs, id: endpoint.id }),
      () => stranger.caller.webhooks.rotateSecret({ ...theirs, id: endpoint.id }),
      () => stranger.caller.webhooks.deliveries({ ...theirs, endpointId: endpoint.id }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await owner.caller.webhooks.list(sandbox())).find((e) => e.id === endpoint.id)!.events).toEqual(["memory.created"]);
    // Nor through our workspace id, which they are not a member of.
    await expect(stranger.caller.webhooks.list(sandbox())).rejects.toMatchObject({ code: "NOT_FOUND" });

    await emitEvent(scope(), "memory.created", { memory_id: "mine_1" });
    await waitForIdle();
    await r.waitFor(1);
    expect(r.received.map((h) => h.json.data.memory_id)).toEqual(["mine_1"]);
    const [mine] = await deliveriesOf(endpoint.id);
    await expect(stranger.caller.webhooks.resend({ ...theirs, deliveryId: mine!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const rows = await owner.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.workspaceId, otherWs)));
    expect(rows).toEqual([]);
  });

  it("live endpoints are managed by owners only", async () => {
    const member = await portalAccount("Member");
    const invite = await owner.caller.members.invite({ workspaceId, email: member.user.email, role: "member" });
    await member.caller.members.accept({ token: invite.token });
    await expect(
      member.caller.webhooks.create({ workspaceId, environment: "live", url: "https://hooks.example.com/live", events: ["memory.created"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const ok = await member.caller.webhooks.create({ ...sandbox(), url: "https://hooks.example.com/sbx", events: ["memory.created"] });
    expect(ok.endpoint.environment).toBe("sandbox");
  });
});
