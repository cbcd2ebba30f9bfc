import { describe, expect, it, beforeAll } from "vitest";
import { getDb } from "@/db/client";
import { signUp } from "@/server/accounts/service";
import { acceptInvite, createInvite } from "@/server/workspaces/members";
import { getMembership } from "@/server/workspaces/service";
import { onboard, portalAccount } from "../helpers/portal";

// Opening the database (and migrating it) is set-up, not the test.
beforeAll(async () => {
  await getDb();
});

describe("an invitation trusts an email only once it is verified", () => {
  it("an account that signed up with the invited address but never verified it cannot accept", async () => {
    const owner = await portalAccount("Invite Owner");
    const { workspace } = await onboard(owner, "Victim Co");
    const { token } = await createInvite(owner.db, workspace.id, owner.account.id, { email: "victim@example.com", role: "owner" });

    // Anyone can sign up with any address: nothing proves it is theirs yet.
    const squatter = await signUp(await getDb(), { email: "victim@example.com", password: "i am not the victim" });
    await expect(acceptInvite(owner.db, token, squatter)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getMembership(owner.db, workspace.id, squatter.id)).toBeNull();
  });
});
