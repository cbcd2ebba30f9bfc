import { z } from "zod";
import { sendVerificationEmail } from "@/server/accounts/email-verification";
import { accountNameInput, accountOverview, updateAccountName } from "@/server/accounts/profile";
import { getAccount } from "@/server/accounts/service";
import { safeCallbackUrl } from "@/lib/callback-url";
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

  /** The account page. */
  get: protectedProcedure.query(({ ctx }) => accountOverview(ctx.db, ctx.user.id)),

  update: protectedProcedure.input(accountNameInput).mutation(({ ctx, input }) => updateAccountName(ctx.db, ctx.user.id, input)),

  /** Mails a new verification link; `returnTo` is where the link leads afterwards. */
  resendVerification: protectedProcedure
    .input(z.object({ returnTo: z.string().max(2048).optional() }))
    .mutation(({ ctx, input }) =>
      sendVerificationEmail(ctx.db, ctx.user.id, ctx.origin ?? "http://localhost:3000", {
        returnTo: input.returnTo ? safeCallbackUrl(input.returnTo, "/dashboard") : undefined,
      }),
    ),
});
