import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { accounts, memberRoleValues, workspaceInvites, workspaceMembers, workspaces, type MemberRole, type Workspace, type WorkspaceInvite } from "@/db/schema";
import { randomBase58 } from "@/server/lib/base58";
import { newId } from "@/server/lib/ids";
import { isEmailVerified } from "@/server/accounts/email-verification";
import { PortalError } from "@/server/lib/portal-error";
import { revokePlaygroundKeysOf } from "@/server/playground/service";
import { sendMail } from "@/server/mail";

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  role: z.enum(memberRoleValues),
});

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface MemberRow {
  accountId: string;
  email: string;
  name: string | null;
  role: MemberRole;
  joinedAt: Date;
}

export async function listMembers(db: Database, workspaceId: string): Promise<MemberRow[]> {
  return db
    .select({
      accountId: accounts.id,
      email: accounts.email,
      name: accounts.name,
      role: workspaceMembers.role,
      joinedAt: workspaceMembers.createdAt,
    })
    .from(workspaceMembers)
    .innerJoin(accounts, eq(accounts.id, workspaceMembers.accountId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(workspaceMembers.createdAt));
}

/** Removes a member; the last owner cannot be removed (delete the workspace instead). */
export async function removeMember(db: Database, workspaceId: string, accountId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const members = await tx
      .select({ accountId: workspaceMembers.accountId, role: workspaceMembers.role })
      .from(workspaceMembers)
      .where(eq(workspaceMembers.workspaceId, workspaceId))
      .for("update");
    const target = members.find((m) => m.accountId === accountId);
    if (!target) throw new PortalError("NOT_FOUND", "That person is not a member of this workspace.");
    if (target.role === "owner" && members.filter((m) => m.role === "owner").length === 1) {
      throw new PortalError("BAD_REQUEST", "A workspace needs at least one owner: make someone else an owner first, or delete the workspace.");
    }
    await tx.delete(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.accountId, accountId)));
  });
  await revokePlaygroundKeysOf(db, workspaceId, accountId);
}

/**
 * Invites someone by email. The link's token is returned once; only its hash is stored.
 * Offline there is no mail: the portal shows the link for the inviter to pass on.
 */
export async function createInvite(
  db: Database,
  workspaceId: string,
  invitedBy: string,
  raw: z.input<typeof inviteInput>,
  now = new Date(),
): Promise<{ invite: WorkspaceInvite; token: string }> {
  const input = inviteInput.parse(raw);
  const existing = await db
    .select({ id: accounts.id })
    .from(workspaceMembers)
    .innerJoin(accounts, eq(accounts.id, workspaceMembers.accountId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(accounts.email, input.email)))
    .limit(1);
  if (existing.length) throw new PortalError("CONFLICT", `${input.email} is already a member of this workspace.`);
  const token = `inv_${randomBase58(24)}`;
  const [invite] = await db
    .insert(workspaceInvites)
    .values({
      id: newId("inv"),
      workspaceId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
    })
    .returning();
  return { invite: invite!, token };
}

/**
 * Mails the invitation. Returns whether it left through SMTP; a mail failure is logged and
 * reported as not mailed, since the owner still has the link to pass on.
 */
export async function mailInvite(
  invite: Pick<WorkspaceInvite, "email" | "role" | "expiresAt">,
  token: string,
  from: { workspaceName: string; inviter: { email: string; name?: string | null }; origin: string },
): Promise<boolean> {
  const link = `${from.origin.replace(/\/+$/, "")}/invite/${token}`;
  try {
    const sent = await sendMail({
      to: invite.email,
      subject: `Join ${from.workspaceName} on Pio`,
      text: [
        `${from.inviter.name || from.inviter.email} invited you to ${from.workspaceName} on Pio as ${invite.role === "owner" ? "an owner" : "a member"}.`,
        "",
        `Accept the invitation (valid until ${invite.expiresAt.toISOString().slice(0, 10)}):`,
        link,
        "",
        `Sign in or create an account with ${invite.email} to accept it.`,
      ].join("\n"),
    });
    return sent.delivered === "smtp";
  } catch (e) {
    console.error("[pio] could not mail an invitation:", e);
    return false;
  }
}

/** Invitations not yet accepted and not expired. */
export async function listPendingInvites(db: Database, workspaceId: string, now = new Date()) {
  return db
    .select({
      id: workspaceInvites.id,
      email: workspaceInvites.email,
      role: workspaceInvites.role,
      createdAt: workspaceInvites.createdAt,
      expiresAt: workspaceInvites.expiresAt,
    })
    .from(workspaceInvites)
    .where(and(eq(workspaceInvites.workspaceId, workspaceId), isNull(workspaceInvites.acceptedAt), gt(workspaceInvites.expiresAt, now)))
    .orderBy(desc(workspaceInvites.createdAt));
}

export async function revokeInvite(db: Database, workspaceId: string, inviteId: string): Promise<boolean> {
  const rows = await db
    .delete(workspaceInvites)
    .where(and(eq(workspaceInvites.id, inviteId), eq(workspaceInvites.workspaceId, workspaceId), isNull(workspaceInvites.acceptedAt)))
    .returning({ id: workspaceInvites.id });
  return rows.length > 0;
}

export type InviteLookup =
  | { ok: true; invite: WorkspaceInvite; workspace: Workspace }
  | { ok: false; reason: "unknown" | "expired" | "accepted" };

export async function findInvite(db: Database, token: string, now = new Date()): Promise<InviteLookup> {
  const [row] = await db
    .select({ invite: workspaceInvites, workspace: workspaces })
    .from(workspaceInvites)
    .innerJoin(workspaces, eq(workspaces.id, workspaceInvites.workspaceId))
    .where(eq(workspaceInvites.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.invite.acceptedAt) return { ok: false, reason: "accepted" };
  if (row.invite.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, ...row };
}

const INVITE_PROBLEM = {
  unknown: "This invitation link is not valid. Ask for a new one.",
  expired: "This invitation has expired. Ask for a new one.",
  accepted: "This invitation has already been used.",
} as const;

/**
 * Joins the workspace of an invitation. The signed-in account must have the invited email,
 * so a forwarded link does not let someone else in, and must have proved that the address is
 * its own: anyone can sign up with any address, so an unverified one proves nothing.
 */
export async function acceptInvite(
  db: Database,
  token: string,
  account: { id: string; email: string },
  now = new Date(),
): Promise<{ workspace: Workspace; role: MemberRole }> {
  const found = await findInvite(db, token, now);
  if (!found.ok) throw new PortalError(found.reason === "unknown" ? "NOT_FOUND" : "BAD_REQUEST", INVITE_PROBLEM[found.reason]);
  if (found.invite.email !== account.email.trim().toLowerCase()) {
    throw new PortalError("FORBIDDEN", `This invitation is for ${found.invite.email}. Sign in with that email to accept it.`);
  }
  if (!(await isEmailVerified(db, account.id))) {
    throw new PortalError("FORBIDDEN", `Verify ${found.invite.email} first: open the link we sent to it, then accept the invitation.`);
  }
  await db.transaction(async (tx) => {
    await tx
      .insert(workspaceMembers)
      .values({ workspaceId: found.workspace.id, accountId: account.id, role: found.invite.role })
      .onConflictDoNothing();
    await tx.update(workspaceInvites).set({ acceptedAt: now }).where(eq(workspaceInvites.id, found.invite.id));
  });
  return { workspace: found.workspace, role: found.invite.role };
}
