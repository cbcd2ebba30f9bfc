import { maskKey } from "@/server/keys/generate";
import { issuePlaygroundKey } from "@/server/playground/service";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const playgroundRouter = createTRPCRouter({
  /**
   * A sandbox key for the playground's requests from this browser tab. The full key is in
   * this response only; the page keeps it in sessionStorage.
   */
  issueKey: workspaceProcedure.mutation(async ({ ctx }) => {
    const { apiKey, key } = await issuePlaygroundKey(ctx.db, ctx.workspace.id, ctx.user.id);
    return { key, keyId: apiKey.id, masked: maskKey(apiKey), expiresAt: apiKey.expiresAt };
  }),
});
