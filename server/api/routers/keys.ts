import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { environmentEnum, type ApiKey } from "@/db/schema";
import { maskKey } from "@/server/keys/generate";
import { createApiKey, getApiKey, keyStatus, listApiKeys, revokeApiKey, rollApiKey } from "@/server/keys/service";
import { createTRPCRouter, requireOwner, workspaceProcedure } from "../trpc";

/** What the browser may know about a key: never its hash, never the key itself. */
function publicKey(k: ApiKey, now = new Date()) {
  return {
    id: k.id,
    name: k.name,
    environment: k.environment,
    masked: maskKey(k),
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    status: keyStatus(k, now),
    kind: k.kind,
    /** After a roll: the id of the key that replaced this one. */
    replacedBy: k.replacedBy,
  };
}
export type PublicApiKey = ReturnType<typeof publicKey>;

export const GRACE_PERIODS = [0, 3600, 24 * 3600, 7 * 24 * 3600] as const;
export const EXPIRY_DAYS = [7, 30, 90, 365] as const;

async function ownKey(ctx: { db: Parameters<typeof getApiKey>[0]; workspace: { id: string } }, keyId: string) {
  const key = await getApiKey(ctx.db, ctx.workspace.id, keyId);
  if (!key) throw new TRPCError({ code: "NOT_FOUND", message: "No such key in this workspace." });
  return key;
}

export const keysRouter = createTRPCRouter({
  list: workspaceProcedure.query(async ({ ctx }) => (await listApiKeys(ctx.db, ctx.workspace.id)).map((k) => publicKey(k))),

  /** The full key is in this response only. */
  create: workspaceProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Give the key a name.").max(80, "Use at most 80 characters."),
        environment: z.enum(environmentEnum.enumValues),
        expiresInDays: z.literal([...EXPIRY_DAYS], "Choose an expiry.").nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.environment === "live") requireOwner(ctx, "create live keys");
      const { apiKey, key } = await createApiKey(ctx.db, {
        workspaceId: ctx.workspace.id,
        environment: input.environment,
        name: input.name,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
        createdBy: ctx.user.id,
      });
      return { apiKey: publicKey(apiKey), key };
    }),

  revoke: workspaceProcedure.input(z.object({ keyId: z.string() })).mutation(async ({ ctx, input }) => {
    const key = await ownKey(ctx, input.keyId);
    if (key.environment === "live") requireOwner(ctx, "revoke live keys");
    const revoked = await revokeApiKey(ctx.db, ctx.workspace.id, key.id);
    if (!revoked) throw new TRPCError({ code: "CONFLICT", message: "This key was already revoked." });
    return publicKey(revoked);
  }),

  /** A new key with the same settings; the old one keeps working for the grace period. */
  roll: workspaceProcedure
    .input(z.object({ keyId: z.string(), graceSeconds: z.literal([...GRACE_PERIODS], "Choose a grace period.") }))
    .mutation(async ({ ctx, input }) => {
      const key = await ownKey(ctx, input.keyId);
      if (key.environment === "live") requireOwner(ctx, "roll live keys");
      if (key.kind === "playground") {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The playground's key is not rolled: revoke it, and the playground makes a new one." });
      }
      const rolled = await rollApiKey(ctx.db, ctx.workspace.id, key.id, input.graceSeconds, ctx.user.id);
      if (!rolled) throw new TRPCError({ code: "CONFLICT", message: "Only an active key can be rolled." });
      return { apiKey: publicKey(rolled.apiKey), key: rolled.key, previous: publicKey(rolled.previous) };
    }),
});
