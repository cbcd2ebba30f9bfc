import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
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
    expect(before.body.summary).toMatch(/cello/i);

    const detail = await a.caller.explorer.get({ workspaceId, environment: "sandbox", userId: "rad_user" });
    const cello = detail.memories.filter((m) => /cello/i.test(m.text));
    expect(cello.length).toBeGreaterThan(0);
    for (const m of cello) {
      expect(await a.caller.explorer.deleteMemory({ workspaceId, environment: "sandbox", userId: "rad_user", memoryId: m.id })).toEqual({ deleted: true });
    }

    // No waiting for background work: the deletion answered only once the summary followed.
    const after = await call(summary, "GET", "/summary", { key, query: { user_id: "rad_user", max_chars: 5000 } });
    expect(after.status).toBe(200);
    expect(after.body.summary).not.toMatch(/cello/i);
    expect(after.body.summary).toMatch(/peanut/i);
  });
});
