import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { waitForIdle } from "@/inngest/runner";
import { createApiKey } from "@/server/keys/service";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let workspaceId: string;
let key: string;

beforeAll(async () => {
  a = await portalAccount("Read after delete");
  workspaceId = (await onboard(a, "Read After Delete Co")).workspace.id;
  key = (await createApiKey(a.db, { workspaceId, environment: "sandbox", name: "test" })).key;
  expect((await call(register, "POST", "/register", { key, body: { user_id: "rad_user", traits: { name: "Robin" } } })).status).toBe(201);
  const ing = await call(ingest, "POST", "/ingest", {
    key,
    body: {
      user_id: "rad_user",
      source: "chat",
      message_history: [
        { role: "user", content: "I'm allergic to peanuts, so please never suggest anything with peanuts.", timestamp: "2026-11-02T10:00:00Z" },
        { role: "user", content: "I play the cello in a community orchestra on Thursdays.", timestamp: "2026-11-02T10:01:00Z" },
        { role: "user", content: "I work as a pharmacist at a hospital in Leeds.", timestamp: "2026-11-02T10:02:00Z" },
        { role: "user", content: "My partner Alex is a teacher.", timestamp: "2026-11-02T10:03:00Z" },
        { role: "user", content: "I love spicy Thai food.", timestamp: "2026-11-02T10:04:00Z" },
        { role: "user", content: "I go running every morning before work.", timestamp: "2026-11-02T10:05:00Z" },
        { role: "user", content: "We have a cat called Miso.", timestamp: "2026-11-02T10:06:00Z" },
        { role: "user", content: "I prefer email over phone calls.", timestamp: "2026-11-02T10:07:00Z" },
      ],
    },
  });
  expect(ing.status).toBe(200);
  await waitForIdle();
});

describe("a memory deleted in the portal", () => {
  it("is gone from the very next /summary", async () => {
    const before = await call(summary, "GET", "/summary", { key, query: { user_id: "rad_user", max_chars: 5000 } });
    expect(before.status).toBe(200);
    expect(before.body.summary).toMatch(/pharmacist/i);

    const detail = await a.caller.explorer.get({ workspaceId, environment: "sandbox", userId: "rad_user" });
    const job = detail.memories.filter((m) => /pharmacist/i.test(m.text));
    expect(job.length).toBeGreaterThan(0);
    for (const m of job) {
      expect(await a.caller.explorer.deleteMemory({ workspaceId, environment: "sandbox", userId: "rad_user", memoryId: m.id })).toEqual({ deleted: true });
    }

    // No waiting for background work: the deletion answered only once the summary followed.
    const after = await call(summary, "GET", "/summary", { key, query: { user_id: "rad_user", max_chars: 5000 } });
    expect(after.status).toBe(200);
    expect(after.body.summary).not.toMatch(/pharmacist/i);
    expect(after.body.summary).toMatch(/peanut/i);
  });

  it("is gone from the next /chunks as a memory or Stage 3 answer, and a cached /query answer citing it is not served", async () => {
    const ask = () => call(query, "POST", "/query", { key, body: { user_id: "rad_user", question: "What is Robin allergic to?" } });
    const first = await ask();
    expect(first.body.answer).toMatch(/peanut/i);
    expect((await ask()).body.cached).toBe(true);
    const stage3About = async () =>
      (
        await call(chunks, "POST", "/chunks", {
          key,
          body: { user_id: "rad_user", history: [{ role: "user", content: "Any food allergies or dietary restrictions?" }], similarity_threshold: 0, k: 50 },
        })
      ).body.chunks.filter((c: { source: string; text: string }) => c.source === "stage3" && /peanut/i.test(c.text));
    expect((await stage3About()).length).toBeGreaterThan(0);
    const allergy = (await a.caller.explorer.get({ workspaceId, environment: "sandbox", userId: "rad_user" })).memories.filter((m) => /peanut/i.test(m.text));
    expect(allergy.length).toBeGreaterThan(0);
    for (const m of allergy) await a.caller.explorer.deleteMemory({ workspaceId, environment: "sandbox", userId: "rad_user", memoryId: m.id });

    const again = await ask();
    expect(again.body.cached).toBe(false);
    expect(again.body.sources.map((s: { id: string }) => s.id)).not.toEqual(expect.arrayContaining(allergy.map((m) => m.id)));
    const found = await call(chunks, "POST", "/chunks", {
      key,
      body: { user_id: "rad_user", history: [{ role: "user", content: "Any peanut allergy?" }], similarity_threshold: 0, k: 20 },
    });
    expect(await stage3About()).toEqual([]);
    const derived = found.body.chunks.filter((c: { source: string }) => c.source !== "document");
    expect(derived.map((c: { text: string }) => c.text).join(" | ")).not.toMatch(/peanut/i);
    expect(found.body.chunks.map((c: { id: string }) => c.id)).not.toEqual(expect.arrayContaining(allergy.map((m) => m.id)));
  });
});
