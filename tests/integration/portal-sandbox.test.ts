import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { waitForIdle } from "@/inngest/runner";
import { createApiKey } from "@/server/keys/service";
import { specChunks } from "@/lib/spec-examples";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let workspaceId: string;
let key: string;
beforeAll(async () => {
  a = await portalAccount("Sandbox");
  workspaceId = (await onboard(a, "Sandbox Co")).workspace.id;
  key = (await createApiKey(a.db, { workspaceId, environment: "sandbox", name: "test" })).key;
});

const sushiChunks = async (userId: string) => {
  const res = await call(chunks, "POST", "/chunks", { key, body: specChunks(userId) });
  expect(res.status).toBe(200);
  return (res.body.chunks as { text: string }[]).filter((c) => /sushi/i.test(c.text));
};

describe("sandbox sample data", () => {
  it("loads the Quick Start's user, conversation and document, processed like any ingestion; loading again adds nothing", async () => {
    const loaded = await a.caller.sandbox.loadSampleData({ workspaceId });
    expect(loaded.userId).toMatch(/^usr_/);
    await waitForIdle();
    const d = await a.caller.explorer.get({ workspaceId, environment: "sandbox", userId: loaded.userId });
    expect(d.user).toMatchObject({ name: "Ash Lewis", emailMasked: "m***@pioneer.ai" });
    expect(d.documents.map((doc) => doc.title)).toContain("Quarterly Goals Q4");
    expect(d.ingestions).toEqual([expect.objectContaining({ status: "done", source: "gmail" })]);
    expect(d.memories.some((m) => /sushi/i.test(m.text))).toBe(true);
    expect(await sushiChunks(loaded.userId)).not.toHaveLength(0);

    const again = await a.caller.sandbox.loadSampleData({ workspaceId });
    await waitForIdle();
    expect(again.userId).toBe(loaded.userId);
    const after = await a.caller.explorer.get({ workspaceId, environment: "sandbox", userId: loaded.userId });
    expect(after.memoryTotal).toBe(d.memoryTotal);
    expect(after.messageTotal).toBe(d.messageTotal);
    expect((await a.caller.explorer.list({ workspaceId, environment: "live", page: 1 })).total).toBe(0);
  });

  it("deleting the user removes them from /chunks at once; reset clears the sandbox", async () => {
    const { userId } = await a.caller.sandbox.loadSampleData({ workspaceId });
    await waitForIdle();
    expect(await sushiChunks(userId)).not.toHaveLength(0);
    await a.caller.explorer.deleteUser({ workspaceId, environment: "sandbox", userId });
    const gone = await call(chunks, "POST", "/chunks", { key, body: specChunks(userId) });
    expect(gone.status).toBe(404);

    const again = await a.caller.sandbox.loadSampleData({ workspaceId });
    await waitForIdle();
    const reset = await a.caller.sandbox.reset({ workspaceId });
    expect(reset.endUsers).toBe(1);
    expect((await call(chunks, "POST", "/chunks", { key, body: specChunks(again.userId) })).status).toBe(404);
    expect((await a.caller.explorer.list({ workspaceId, environment: "sandbox", page: 1 })).total).toBe(0);
  });
});
