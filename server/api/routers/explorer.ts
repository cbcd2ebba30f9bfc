import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getEndUserDetail, listEndUsers } from "@/server/explorer/service";
import { deleteMemory } from "@/server/memory/delete";
import { deleteEndUser } from "@/server/users/delete";
import { createTRPCRouter, environmentProcedure, requireOwner } from "../trpc";

const userId = z.string().min(1).max(128);

export const explorerRouter = createTRPCRouter({
  list: environmentProcedure
    .input(z.object({ search: z.string().max(320).optional(), page: z.number().int().min(1).default(1) }))
    .query(({ ctx, input }) =>
      listEndUsers(ctx.service.db, ctx.service.scope, { search: input.search, page: input.page }),
    ),

  get: environmentProcedure.input(z.object({ userId })).query(async ({ ctx, input }) => {
    const detail = await getEndUserDetail(ctx.service.db, ctx.service.scope, input.userId);
    if (!detail) throw new TRPCError({ code: "NOT_FOUND", message: `No user \`${input.userId}\` in ${input.environment}.` });
    return detail;
  }),

  deleteMemory: environmentProcedure.input(z.object({ userId, memoryId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    if (input.environment === "live") requireOwner(ctx, "delete live data");
    await deleteMemory(ctx.service, input);
    return { deleted: true };
  }),

  /** Deletes the user and everything stored about them. */
  deleteUser: environmentProcedure.input(z.object({ userId })).mutation(async ({ ctx, input }) => {
    if (input.environment === "live") requireOwner(ctx, "delete live users");
    await deleteEndUser(ctx.service, input);
    return { deleted: true };
  }),
});
