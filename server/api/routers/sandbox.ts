import { loadSampleData } from "@/server/sandbox/sample-data";
import { resetSandbox } from "@/server/sandbox/reset";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/** Sandbox conveniences. They only ever touch the sandbox environment. */
export const sandboxRouter = createTRPCRouter({
  loadSampleData: workspaceProcedure.mutation(({ ctx }) => loadSampleData(ctx.db, ctx.workspace.id)),
  reset: workspaceProcedure.mutation(({ ctx }) => resetSandbox(ctx.db, ctx.workspace.id)),
});
