import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { maskKey } from "@/server/keys/generate";
import {
  createWorkspaceForAccount,
  deleteWorkspace,
  listWorkspacesForAccount,
  newWorkspaceInput,
  updateWorkspace,
} from "@/server/workspaces/service";
import { createTRPCRouter, protectedProcedure, requireOwner, workspaceProcedure } from "../trpc";

export const workspaceRouter = createTRPCRouter({
  list: protectedProcedure.query(async ({ ctx }) =>
    (await listWorkspacesForAccount(ctx.db, ctx.user.id)).map((m) => ({ ...m.workspace, role: m.role })),
  ),

  /** Onboarding: the workspace with its first sandbox key, whose full value is returned once. */
  create: protectedProcedure.input(newWorkspaceInput).mutation(async ({ ctx, input }) => {
    const { workspace, apiKey, key } = await createWorkspaceForAccount(ctx.db, ctx.user.id, input);
    return { workspace, key, apiKey: { id: apiKey.id, name: apiKey.name, environment: apiKey.environment, masked: maskKey(apiKey) } };
  }),

  get: workspaceProcedure.query(({ ctx }) => ({ ...ctx.workspace, role: ctx.role })),

  /** Owners change the name, use case, region and time zone; the same checks as onboarding. */
  update: workspaceProcedure.input(newWorkspaceInput).mutation(async ({ ctx, input }) => {
    requireOwner(ctx, "change the workspace's settings");
    return { ...(await updateWorkspace(ctx.db, ctx.workspace.id, input)), role: ctx.role };
  }),

  delete: workspaceProcedure.input(z.object({ confirmName: z.string() })).mutation(async ({ ctx, input }) => {
    requireOwner(ctx, "delete the workspace");
    if (input.confirmName.trim() !== ctx.workspace.name) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Type the workspace's name exactly to confirm." });
    }
    await deleteWorkspace(ctx.db, ctx.workspace.id);
    return { deleted: true };
  }),
});
