import { beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { getDb } from "@/db/client";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let workspaceId: string;
beforeAll(async () => {
  await getDb();
  a = await portalAccount("Playground Person");
  workspaceId = (await onboard(a, "Playground Co")).workspace.id;
});

const registerWith = (key: string) => call(register, "POST", "/register", { key, body: { user_id: `u-${Math.random().toString(36).slice(2)}` } });

describe("the playground's key", () => {
  it("is one reusable key per person and workspace: every tab gets the same one, and no key piles up", async () => {
    const tabs = await Promise.all([1, 2, 3].map(() => a.caller.playground.issueKey({ workspaceId })));
    const again = await a.caller.playground.issueKey({ workspaceId });
    expect(new Set([...tabs, again].map((t) => t.key)).size).toBe(1);
    expect((await registerWith(again.key)).status).toBe(201);
    const keys = await a.caller.keys.list({ workspaceId });
    const playground = keys.filter((k) => k.kind === "playground");
    expect(playground).toHaveLength(1);
    expect(playground[0]).toMatchObject({ status: "active", expiresAt: null, environment: "sandbox" });
  });
});
