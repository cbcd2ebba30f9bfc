import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getEndUserDetail, listEndUsers } from "@/server/explorer/service";
import { deleteMemory } from "@/server/memory/delete";
import { getMemory } from "@/server/memory/get";
import { MEMORY_TEXT_MAX, updateMemory, updateMemoryBody } from "@/server/memory/update";
import { eraseUser } from "@/server/users/erase";
import { exportUser } from "@/server/users/export";
import { createTRPCRouter, environmentProcedure, requireOwner } from "../trpc";

const userId = z.string().min(1).max(128);
const memoryId = z.string().min(1).max(64);

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

  deleteMemory: environmentProcedure.input(z.object({ userId, memoryId })).mutation(async ({ ctx, input }) => {
    if (input.environment === "live") requireOwner(ctx, "delete live data");
    await deleteMemory(ctx.service, { id: input.memoryId, userId: input.userId });
    return { deleted: true };
  }),

  /** Erases the user and everything stored about them; answers the erasure receipt. */
  deleteUser: environmentProcedure.input(z.object({ userId })).mutation(async ({ ctx, input }) => {
    if (input.environment === "live") requireOwner(ctx, "delete live users");
    return eraseUser(ctx.service, { user_id: input.userId });
  }),

  /** Everything stored about the user, as GET /users/{user_id}/export answers it. */
  exportUser: environmentProcedure.input(z.object({ userId })).query(({ ctx, input }) => exportUser(ctx.service, { user_id: input.userId })),

  /** One memory with its history (GET /memories/{id}). */
  memory: environmentProcedure.input(z.object({ memoryId })).query(({ ctx, input }) => getMemory(ctx.service, { id: input.memoryId })),

  /** Corrects a memory's text or topic (PATCH /memories/{id}). */
  updateMemory: environmentProcedure
    .input(z.object({ memoryId, text: z.string().max(MEMORY_TEXT_MAX).optional(), topic: z.string().optional() }))
    .mutation(({ ctx, input }) => {
      if (input.environment === "live") requireOwner(ctx, "change live data");
      const body = updateMemoryBody.parse({ text: input.text, topic: input.topic });
      return updateMemory(ctx.service, { ...body, id: input.memoryId });
    }),
});
