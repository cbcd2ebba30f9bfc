import { getAccount } from "@/server/accounts/service";
import { listWorkspacesForAccount } from "@/server/workspaces/service";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  /** The signed-in account and the workspaces it belongs to (for the switcher). */
  me: protectedProcedure.query(async ({ ctx }) => {
    const [account, memberships] = await Promise.all([getAccount(ctx.db, ctx.user.id), listWorkspacesForAccount(ctx.db, ctx.user.id)]);
    return {
      account: account ?? { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name ?? null },
      workspaces: memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role })),
    };
  }),
});
