import { loadSampleData } from "@/server/sandbox/sample-data";
import { resetSandbox } from "@/server/sandbox/reset";
import { createTRPCRouter, portalService, workspaceProcedure } from "../trpc";

/** Sandbox conveniences. They only ever touch the sandbox environment. */
export const sandboxRouter = createTRPCRouter({
  loadSampleData: workspaceProcedure.mutation(({ ctx }) => loadSampleData(portalService(ctx, "sandbox"))),
  reset: workspaceProcedure.mutation(({ ctx }) => resetSandbox(portalService(ctx, "sandbox"))),
});
