import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { apiKeys, workspaceMembers } from "@/db/schema";
import { listApiKeys, verifyApiKey } from "@/server/keys/service";
import { acceptInvite, createInvite, findInvite, listMembers, listPendingInvites, removeMember } from "@/server/workspaces/members";
import { createWorkspaceForAccount, getMembership, listWorkspacesForAccount } from "@/server/workspaces/service";
import { call } from "../helpers/api";
import { portalAccount, type PortalAccount } from "../helpers/portal";

let owner: PortalAccount;
beforeAll(async () => {
  owner = await portalAccount("Owner");
});

describe("onboarding", () => {
  it("creates the workspace, its owner and its first sandbox key together; the key is returned once and works", async () => {
    const { workspace, apiKey, key } = await createWorkspaceForAccount(owner.db, owner.account.id, {
      name: "Acme Agents",
      useCase: "Calendar assistant",
      region: "eu-west-1",
      timezone: "Europe/Berlin",
    });
    expect(workspace).toMatchObject({ name: "Acme Agents", useCase: "Calendar assistant", region: "eu-west-1", timezone: "Europe/Berlin" });
    expect(await getMembership(owner.db, workspace.id, owner.account.id)).toMatchObject({ role: "owner" });
    expect(key).toMatch(/^pio_sk_test_/);
    expect(apiKey).toMatchObject({ environment: "sandbox", createdBy: owner.account.id });
    const keys = await listApiKeys(owner.db, workspace.id);
    expect(keys.map((k) => k.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(keys)).not.toContain(key);
    const verified = await verifyApiKey(owner.db, key);
    expect(verified.ok && verified.workspace.id).toBe(workspace.id);
    // ...and the REST API takes it.
    expect((await call(register, "POST", "/register", { key, body: { user_id: "first" } })).status).toBe(201);
  });

  it("validates the form: name, use case, region and time zone; nothing is created on a bad value", async () => {
    const before = (await listWorkspacesForAccount(owner.db, owner.account.id)).length;
    const good = { name: "X", useCase: "Other", region: "us-east-1", timezone: "UTC" } as const;
    for (const bad of [
      { ...good, name: "  " },
      { ...good, useCase: "Crypto" },
      { ...good, region: "mars-1" },
      { ...good, timezone: "Mars/Olympus" },
    ]) {
      await expect(createWorkspaceForAccount(owner.db, owner.account.id, bad as never)).rejects.toThrow();
    }
    expect(await listWorkspacesForAccount(owner.db, owner.account.id)).toHaveLength(before);
  });

  it("lists only the workspaces an account belongs to", async () => {
    const other = await portalAccount("Other");
    const { workspace } = await createWorkspaceForAccount(other.db, other.account.id, {
      name: "Other Co",
      useCase: "Other",
      region: "us-east-1",
      timezone: "UTC",
    });
    expect((await listWorkspacesForAccount(owner.db, owner.account.id)).map((m) => m.workspace.id)).not.toContain(workspace.id);
    expect((await listWorkspacesForAccount(other.db, other.account.id)).map((m) => m.workspace.id)).toEqual([workspace.id]);
  });
});

describe("invitations", () => {
  it("an invite link adds the invited account with its role, once", async () => {
    const { workspace } = await createWorkspaceForAccount(owner.db, owner.account.id, { name: "Team", useCase: "Other", region: "us-east-1", timezone: "UTC" });
    const invitee = await portalAccount("Invitee");
    const { invite, token } = await createInvite(owner.db, workspace.id, owner.account.id, { email: invitee.account.email.toUpperCase(), role: "member" });
    expect(token).toMatch(/^inv_/);
    expect(JSON.stringify(invite)).not.toContain(token);
    expect((await listPendingInvites(owner.db, workspace.id)).map((i) => i.email)).toEqual([invitee.account.email]);

    // Someone else holding the link cannot use it.
    const stranger = await portalAccount("Stranger");
    await expect(acceptInvite(owner.db, token, stranger.account)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getMembership(owner.db, workspace.id, stranger.account.id)).toBeNull();

    const joined = await acceptInvite(owner.db, token, invitee.account);
    expect(joined).toMatchObject({ role: "member", workspace: { id: workspace.id } });
    expect(await getMembership(owner.db, workspace.id, invitee.account.id)).toMatchObject({ role: "member" });
    expect((await listMembers(owner.db, workspace.id)).map((m) => m.role).sort()).toEqual(["member", "owner"]);
    expect(await findInvite(owner.db, token)).toEqual({ ok: false, reason: "accepted" });
    await expect(acceptInvite(owner.db, token, invitee.account)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await listPendingInvites(owner.db, workspace.id)).toHaveLength(0);

    // Inviting a member again is refused.
    await expect(createInvite(owner.db, workspace.id, owner.account.id, { email: invitee.account.email, role: "owner" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("expired and unknown links are refused", async () => {
    const { workspace } = await createWorkspaceForAccount(owner.db, owner.account.id, { name: "Old", useCase: "Other", region: "us-east-1", timezone: "UTC" });
    const late = await portalAccount("Late");
    const { token } = await createInvite(owner.db, workspace.id, owner.account.id, { email: late.account.email, role: "owner" }, new Date(Date.now() - 8 * 86_400_000));
    expect(await findInvite(owner.db, token)).toEqual({ ok: false, reason: "expired" });
    await expect(acceptInvite(owner.db, token, late.account)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(acceptInvite(owner.db, "inv_doesnotexist", late.account)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the last owner cannot be removed", async () => {
    const { workspace } = await createWorkspaceForAccount(owner.db, owner.account.id, { name: "Solo", useCase: "Other", region: "us-east-1", timezone: "UTC" });
    await expect(removeMember(owner.db, workspace.id, owner.account.id)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const rows = await owner.db.select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspace.id));
    expect(rows).toHaveLength(1);
    // Deleting the workspace takes its keys with it.
    await owner.caller.workspace.delete({ workspaceId: workspace.id, confirmName: "Solo" });
    expect(await owner.db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspace.id))).toHaveLength(0);
  });
});
