import { workspaceOverview } from "@/server/workspaces/overview";
import { createTRPCRouter, environmentProcedure } from "../trpc";

export const overviewRouter = createTRPCRouter({
  get: environmentProcedure.query(({ ctx, input }) =>
    workspaceOverview(ctx.db, { workspaceId: ctx.workspace.id, environment: input.environment }),
  ),
});
