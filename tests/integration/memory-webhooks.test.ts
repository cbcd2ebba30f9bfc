import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { DELETE as deleteMemory, PATCH as patchMemory } from "@/app/(api)/memories/[id]/route";
import { GET as listMemories } from "@/app/(api)/memories/route";
import { POST as register } from "@/app/(api)/register/route";
import { DELETE as eraseUser } from "@/app/(api)/users/[user_id]/route";
import { waitForIdle } from "@/inngest/runner";
import { resetEnvCache } from "@/server/env";
import { verifySignature } from "@/server/webhooks/signature";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";
import { webhookReceiver } from "../helpers/webhook-receiver";

let owner: PortalAccount;
let workspaceId = "";
let key = "";
let secret = "";
let r: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  process.env.WEBHOOK_TEST_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  owner = await portalAccount("Memory hooks");
  workspaceId = (await onboard(owner, "Memory Hooks Co")).workspace.id;
  key = (await owner.caller.keys.create({ workspaceId, name: "hooks", environment: "sandbox", expiresInDays: null })).key;
  r = await webhookReceiver({ ports: [4050, 4099] });
  secret = (
    await owner.caller.webhooks.create({
      workspaceId,
      environment: "sandbox",
      url: r.url(),
      events: ["memory.created", "memory.updated", "memory.deleted", "user.deleted"],
    })
  ).secret;
});

afterAll(async () => {
  await r.close();
  delete process.env.WEBHOOK_TEST_ALLOW_HOSTS;
  resetEnvCache();
});

/** The events received so far, each verified against the endpoint's secret. */
async function events(n: number) {
  await r.waitFor(n);
  await waitForIdle();
  return r.received.map((h) => {
    verifySignature(secret, h.body, String(h.headers["pio-signature"] ?? ""));
    return h.json as { type: string; data: Record<string, any> };
  });
}

describe("memory and user webhooks", () => {
  it("memory.created after extraction, memory.updated on edit, memory.deleted on delete, user.deleted on erasure: ids, never text", async () => {
    await call(register, "POST", "/register", { key, body: { user_id: "hooked", traits: { name: "Dana Reyes" } } });
    await call(ingest, "POST", "/ingest", {
      key,
      body: {
        user_id: "hooked",
        message_history: [
          { role: "user", content: "I'm allergic to peanuts.", timestamp: "2026-03-01T10:00:00Z" },
          { role: "user", content: "I play the cello on Thursdays.", timestamp: "2026-03-01T10:01:00Z" },
        ],
      },
    });
    await waitForIdle();
    const created = (await events(1)).find((e) => e.type === "memory.created")!;
    const mems = (await call(listMemories, "GET", "/memories", { key, query: { user_id: "hooked" } })).body.memories as { id: string; text: string }[];
    expect(created.data).toMatchObject({ user_id: "hooked", cause: "extraction", ingestion_id: expect.stringMatching(/^ing_/) });
    expect([...created.data.memory_ids].sort()).toEqual(mems.map((m) => m.id).sort());
    expect(JSON.stringify(created)).not.toMatch(/peanut|cello/i);

    const cello = mems.find((m) => /cello/.test(m.text))!;
    expect((await call(patchMemory, "PATCH", `/memories/${cello.id}`, { key, params: { id: cello.id }, body: { text: "Dana plays the viola on Thursdays" } })).status).toBe(200);
    const updated = (await events(2)).find((e) => e.type === "memory.updated")!;
    expect(updated.data).toMatchObject({ user_id: "hooked", memory_ids: [cello.id], cause: "edit" });

    expect((await call(deleteMemory, "DELETE", `/memories/${cello.id}`, { key, params: { id: cello.id } })).status).toBe(200);
    const deleted = (await events(3)).find((e) => e.type === "memory.deleted")!;
    expect(deleted.data).toMatchObject({ user_id: "hooked", memory_ids: [cello.id], cause: "delete" });

    const receipt = await call(eraseUser, "DELETE", "/users/hooked", { key, params: { user_id: "hooked" } });
    expect(receipt.status).toBe(200);
    const gone = (await events(4)).find((e) => e.type === "user.deleted")!;
    expect(gone.data).toMatchObject({ user_id: "hooked", erased_at: receipt.body.erased_at, counts: receipt.body.counts });
    expect(r.received.map((h) => h.json.type)).toEqual(["memory.created", "memory.updated", "memory.deleted", "user.deleted"]);
  });
});
