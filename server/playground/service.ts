import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys, type ApiKey } from "@/db/schema";
import { createApiKey, invalidateKeyCache } from "@/server/keys/service";

export const PLAYGROUND_KEY_NAME = "Playground";
/** A playground key lives a day; the browser asks for a new one when it stops working. */
const LIFETIME_MS = 24 * 3600_000;
/** A key replaced by a newer one (another tab) keeps working this long. */
const REPLACED_GRACE_MS = 10 * 60_000;

/**
 * The sandbox key the playground's requests use: a real key of the workspace, so requests
 * take exactly the path a developer's code takes. Each account has at most one current
 * playground key per workspace: issuing one winds down the previous one.
 */
export async function issuePlaygroundKey(
  db: Database,
  workspaceId: string,
  accountId: string,
  now = new Date(),
): Promise<{ apiKey: ApiKey; key: string }> {
  invalidateKeyCache();
  const issued = await db.transaction(async (tx) => {
    const graceEnd = new Date(now.getTime() + REPLACED_GRACE_MS);
    await tx
      .update(apiKeys)
      .set({ expiresAt: graceEnd })
      .where(
        and(
          eq(apiKeys.workspaceId, workspaceId),
          eq(apiKeys.environment, "sandbox"),
          eq(apiKeys.name, PLAYGROUND_KEY_NAME),
          eq(apiKeys.createdBy, accountId),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, graceEnd)),
        ),
      );
    return createApiKey(tx, {
      workspaceId,
      environment: "sandbox",
      name: PLAYGROUND_KEY_NAME,
      expiresAt: new Date(now.getTime() + LIFETIME_MS),
      createdBy: accountId,
    });
  });
  invalidateKeyCache();
  return issued;
}
