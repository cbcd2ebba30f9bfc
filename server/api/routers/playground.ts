import { maskKey } from "@/server/keys/generate";
import { playgroundKey, renewPlaygroundKey } from "@/server/playground/service";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const shape = ({ apiKey, key }: Awaited<ReturnType<typeof playgroundKey>>) => ({
  key,
  keyId: apiKey.id,
  masked: maskKey(apiKey),
  createdAt: apiKey.createdAt,
});

export const playgroundRouter = createTRPCRouter({
  /**
   * The signed-in person's playground key for this workspace (a sandbox key, created on first
   * use, the same in every tab). A mutation: the first call creates it.
   */
  issueKey: workspaceProcedure.mutation(async ({ ctx }) => shape(await playgroundKey(ctx.db, ctx.workspace.id, ctx.user.id))),

  /** Revokes the current playground key and returns a new one. */
  renewKey: workspaceProcedure.mutation(async ({ ctx }) => shape(await renewPlaygroundKey(ctx.db, ctx.workspace.id, ctx.user.id))),
});
