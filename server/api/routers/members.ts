import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  acceptInvite,
  createInvite,
  findInvite,
  inviteInput,
  listMembers,
  listPendingInvites,
  mailInvite,
  removeMember,
  revokeInvite,
} from "@/server/workspaces/members";
import { isEmailVerified } from "@/server/accounts/email-verification";
import { createTRPCRouter, protectedProcedure, requireOwner, workspaceProcedure } from "../trpc";

const token = z.object({ token: z.string().min(8).max(128) });

export const membersRouter = createTRPCRouter({
  list: workspaceProcedure.query(async ({ ctx }) => ({
    members: await listMembers(ctx.db, ctx.workspace.id),
    invites: ctx.role === "owner" ? await listPendingInvites(ctx.db, ctx.workspace.id) : [],
    you: ctx.user.id,
    role: ctx.role,
  })),

  /**
   * Mails the invitation link and returns its token once, so the owner can also pass it on
   * (without SMTP_URL the mail only reaches the server log).
   */
  invite: workspaceProcedure.input(inviteInput).mutation(async ({ ctx, input }) => {
    requireOwner(ctx, "invite people");
    const { invite, token } = await createInvite(ctx.db, ctx.workspace.id, ctx.user.id, input);
    const mailed = await mailInvite(invite, token, { workspaceName: ctx.workspace.name, inviter: ctx.user, origin: ctx.origin ?? "http://localhost:3000" });
    return { id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expiresAt, token, mailed };
  }),

  revokeInvite: workspaceProcedure.input(z.object({ inviteId: z.string() })).mutation(async ({ ctx, input }) => {
    requireOwner(ctx, "revoke invitations");
    if (!(await revokeInvite(ctx.db, ctx.workspace.id, input.inviteId))) {
      throw new TRPCError({ code: "NOT_FOUND", message: "That invitation no longer exists." });
    }
    return { revoked: true };
  }),

  /** Owners remove anyone; members may remove themselves (leave). */
  remove: workspaceProcedure.input(z.object({ accountId: z.string() })).mutation(async ({ ctx, input }) => {
    if (input.accountId !== ctx.user.id) requireOwner(ctx, "remove members");
    await removeMember(ctx.db, ctx.workspace.id, input.accountId);
    return { removed: true };
  }),

  /** What an invitation link leads to, for the page that accepts it. */
  inviteInfo: protectedProcedure.input(token).query(async ({ ctx, input }) => {
    const found = await findInvite(ctx.db, input.token);
    if (!found.ok) return { ok: false as const, reason: found.reason };
    return {
      ok: true as const,
      workspaceName: found.workspace.name,
      email: found.invite.email,
      role: found.invite.role,
      matchesAccount: found.invite.email === ctx.user.email.toLowerCase(),
      emailVerified: await isEmailVerified(ctx.db, ctx.user.id),
    };
  }),

  accept: protectedProcedure.input(token).mutation(async ({ ctx, input }) => {
    const { workspace, role } = await acceptInvite(ctx.db, input.token, ctx.user);
    return { workspaceId: workspace.id, name: workspace.name, role };
  }),
});
