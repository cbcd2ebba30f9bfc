import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let workspaceId: string;
beforeAll(async () => {
  await getDb();
  a = await portalAccount("Keys List");
  workspaceId = (await onboard(a, "Keys List Co")).workspace.id;
});

describe("the keys list", () => {
  it("says when a key was revoked, and which key replaced a rolled one", async () => {
    const old = await a.caller.keys.create({ workspaceId, name: "Worker", environment: "sandbox", expiresInDays: null });
    const rolled = await a.caller.keys.roll({ workspaceId, keyId: old.apiKey.id, graceSeconds: 3600 });
    const gone = await a.caller.keys.create({ workspaceId, name: "Gone", environment: "sandbox", expiresInDays: 30 });
    await a.caller.keys.revoke({ workspaceId, keyId: gone.apiKey.id });

    const list = await a.caller.keys.list({ workspaceId });
    const byId = new Map(list.map((k) => [k.id, k]));
    expect(byId.get(old.apiKey.id)).toMatchObject({ replacedBy: rolled.apiKey.id, status: "active" });
    expect(byId.get(rolled.apiKey.id)).toMatchObject({ replacedBy: null, kind: "standard" });
    const revoked = byId.get(gone.apiKey.id)!;
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("keeps playground keys apart from the keys a developer made", async () => {
    await a.caller.playground.issueKey({ workspaceId });
    const list = await a.caller.keys.list({ workspaceId });
    expect(list.filter((k) => k.kind === "playground").map((k) => k.name)).toEqual(["Playground"]);
    expect(list.filter((k) => k.kind === "standard").every((k) => k.name !== "Playground")).toBe(true);
  });
});
