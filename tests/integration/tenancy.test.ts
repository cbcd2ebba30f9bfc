import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/(api)/register/route";
import { endUsers } from "@/db/schema";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  a = await testWorkspace("Tenant A");
  b = await testWorkspace("Tenant B");
});

describe("tenancy: workspaces and environments never mix", () => {
  it("the same user_id and email are different users per workspace and per environment", async () => {
    const body = { user_id: "shared-id", email: "same@person.io", traits: { name: "Sandbox A" } };
    const aSandbox = await call(POST, "POST", "/register", { key: a.keys.sandbox, body });
    const aLive = await call(POST, "POST", "/register", { key: a.keys.live, body: { ...body, traits: { name: "Live A" } } });
    const bSandbox = await call(POST, "POST", "/register", { key: b.keys.sandbox, body: { ...body, traits: { name: "Sandbox B" } } });
    expect([aSandbox.status, aLive.status, bSandbox.status]).toEqual([201, 201, 201]);

    const rows = await a.db.select().from(endUsers).where(eq(endUsers.userId, "shared-id"));
    expect(rows).toHaveLength(3);
    const names = Object.fromEntries(rows.map((r) => [`${r.workspaceId}/${r.environment}`, r.traits.name]));
    expect(names).toEqual({
      [`${a.workspace.id}/sandbox`]: "Sandbox A",
      [`${a.workspace.id}/live`]: "Live A",
      [`${b.workspace.id}/sandbox`]: "Sandbox B",
    });
    // Email hashes are scoped to the workspace: the same email does not correlate across tenants.
    const aHash = rows.find((r) => r.workspaceId === a.workspace.id)!.emailHash;
    const bHash = rows.find((r) => r.workspaceId === b.workspace.id)!.emailHash;
    expect(aHash).not.toBe(bHash);
  });

  it("merging through one key never touches the other tenants' rows", async () => {
    await call(POST, "POST", "/register", { key: a.keys.live, body: { user_id: "shared-id", traits: { plan: "pro" } } });
    const [aSandbox] = await a.db
      .select()
      .from(endUsers)
      .where(and(eq(endUsers.workspaceId, a.workspace.id), eq(endUsers.environment, "sandbox"), eq(endUsers.userId, "shared-id")));
    expect(aSandbox!.traits).toEqual({ name: "Sandbox A" });
  });
});
