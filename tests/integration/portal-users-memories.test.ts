import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as exportRoute } from "@/app/(api)/users/[user_id]/export/route";
import { waitForIdle } from "@/inngest/runner";
import { createApiKey } from "@/server/keys/service";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

/** The portal's user page calls the same services as the REST routes: export, erase, history, edit. */
let a: PortalAccount;
let stranger: PortalAccount;
let workspaceId: string;
let key: string;
const env = "sandbox" as const;

beforeAll(async () => {
  a = await portalAccount("Portal memories");
  stranger = await portalAccount("Stranger");
  await onboard(stranger, "Elsewhere");
  workspaceId = (await onboard(a, "Portal Memories Co")).workspace.id;
  key = (await createApiKey(a.db, { workspaceId, environment: env, name: "test" })).key;
  for (const user_id of ["pm_user", "pm_gone"]) {
    expect((await call(register, "POST", "/register", { key, body: { user_id, traits: { name: "Robin" } } })).status).toBe(201);
    await call(ingest, "POST", "/ingest", {
      key,
      body: { user_id, message_history: [{ role: "user", content: "I play the cello in a community orchestra on Thursdays.", timestamp: "2026-11-02T10:00:00Z" }] },
    });
  }
  await waitForIdle();
});

describe("the portal's user page procedures", () => {
  it("exportUser is the REST export", async () => {
    const viaPortal = await a.caller.explorer.exportUser({ workspaceId, environment: env, userId: "pm_user" });
    const viaRest = (await call(exportRoute, "GET", "/users/pm_user/export", { key, params: { user_id: "pm_user" } })).body;
    const strip = (d: { exported_at: string }) => ({ ...d, exported_at: "" });
    expect(JSON.parse(JSON.stringify(strip(viaPortal)))).toEqual(strip(viaRest));
  });

  it("memory answers the history; updateMemory records an edit by the account", async () => {
    const detail = await a.caller.explorer.get({ workspaceId, environment: env, userId: "pm_user" });
    const cello = detail.memories.find((m) => /cello/.test(m.text))!;
    const before = await a.caller.explorer.memory({ workspaceId, environment: env, memoryId: cello.id });
    expect(before.history.map((v) => v.event)).toEqual(["extraction"]);
    const updated = await a.caller.explorer.updateMemory({ workspaceId, environment: env, memoryId: cello.id, text: "Robin plays the viola on Thursdays" });
    expect(updated.text).toBe("Robin plays the viola on Thursdays");
    const after = await a.caller.explorer.memory({ workspaceId, environment: env, memoryId: cello.id });
    expect(after.history.at(-1)).toMatchObject({ event: "edit", actor: { kind: "account", id: a.account.id } });
    await expect(a.caller.explorer.updateMemory({ workspaceId, environment: env, memoryId: cello.id, text: "" })).rejects.toThrow(/text/);
  });

  it("deleteUser erases and answers the receipt", async () => {
    const receipt = await a.caller.explorer.deleteUser({ workspaceId, environment: env, userId: "pm_gone" });
    expect(receipt).toMatchObject({ user_id: "pm_gone", erased: true, counts: { users: 1, messages: 1, ingestions: 1 } });
    expect((receipt.counts as Record<string, number>).memories).toBeGreaterThan(0);
    await expect(a.caller.explorer.exportUser({ workspaceId, environment: env, userId: "pm_gone" })).rejects.toThrow(/No user/);
  });

  it("another account's workspace and the other environment do not see them", async () => {
    const detail = await a.caller.explorer.get({ workspaceId, environment: env, userId: "pm_user" });
    const m = detail.memories[0]!;
    await expect(stranger.caller.explorer.memory({ workspaceId, environment: env, memoryId: m.id })).rejects.toThrow();
    await expect(stranger.caller.explorer.exportUser({ workspaceId, environment: env, userId: "pm_user" })).rejects.toThrow();
    await expect(a.caller.explorer.memory({ workspaceId, environment: "live", memoryId: m.id })).rejects.toThrow(/No memory/);
    await expect(a.caller.explorer.exportUser({ workspaceId, environment: "live", userId: "pm_user" })).rejects.toThrow(/No user/);
  });
});
