import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { getRequestLog, LOG_WINDOWS, listRequestLogs, requestLogFacets, requestLogStats, STATUS_CLASSES } from "@/server/logs/service";
import { createTRPCRouter, environmentProcedure } from "../trpc";

const filters = z.object({
  status: z.enum(STATUS_CLASSES).optional(),
  route: z.string().max(200).optional(),
  apiKeyId: z.string().max(64).optional(),
});
const windows = Object.keys(LOG_WINDOWS) as [keyof typeof LOG_WINDOWS, ...(keyof typeof LOG_WINDOWS)[]];

export const logsRouter = createTRPCRouter({
  list: environmentProcedure
    .input(z.object({ filters: filters.default({}), cursor: z.number().int().positive().nullish() }))
    .query(({ ctx, input }) =>
      listRequestLogs(ctx.db, { workspaceId: ctx.workspace.id, environment: input.environment }, input.filters, { before: input.cursor ?? undefined }),
    ),

  /** One request by its id (`x-request-id`), for the detail view. */
  get: environmentProcedure.input(z.object({ requestId: z.string().min(1).max(64) })).query(async ({ ctx, input }) => {
    const log = await getRequestLog(ctx.db, { workspaceId: ctx.workspace.id, environment: input.environment }, input.requestId);
    if (!log) throw new TRPCError({ code: "NOT_FOUND", message: "No request with this id in this environment of the workspace." });
    return log;
  }),

  facets: environmentProcedure.query(({ ctx, input }) =>
    requestLogFacets(ctx.db, { workspaceId: ctx.workspace.id, environment: input.environment }),
  ),

  stats: environmentProcedure
    .input(z.object({ filters: filters.default({}), window: z.enum([...windows, "auto"]).default("auto") }))
    .query(({ ctx, input }) =>
      requestLogStats(ctx.db, { workspaceId: ctx.workspace.id, environment: input.environment }, input.filters, input.window),
    ),
});
