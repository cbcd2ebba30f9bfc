import { createHmac } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys, type ApiKey } from "@/db/schema";
import { authSecret } from "@/server/auth/secret";
import { KEY_PREFIX, hashApiKey } from "@/server/keys/generate";
import { changeKeys } from "@/server/keys/service";
import { base58 } from "@/server/lib/base58";
import { newId } from "@/server/lib/ids";

export const PLAYGROUND_KEY_NAME = "Playground";

/**
 * The playground's key is a real sandbox key of the workspace (so its requests take exactly
 * the path a developer's code takes), one per person and workspace, reused by every tab and
 * device, with no expiry. Pio still stores only its hash: the key is derived from the row's
 * random id with an HMAC under the server secret (AUTH_SECRET), so the server can give it back
 * whenever the playground opens. Whoever holds that secret can mint sessions for any account
 * and so open the playground anyway: deriving from it grants nothing more. If the secret
 * changes, the stored hash no longer matches, and the old key is revoked for a new one.
 */
function derivePlaygroundKey(apiKeyId: string): string {
  const bytes = createHmac("sha256", authSecret()).update(`pio:playground-key:${apiKeyId}`).digest().subarray(0, 24);
  return KEY_PREFIX.sandbox + base58(bytes);
}

export interface PlaygroundKey {
  apiKey: ApiKey;
  key: string;
}

async function currentRow(db: Database, workspaceId: string, accountId: string): Promise<ApiKey | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.createdBy, accountId), eq(apiKeys.kind, "playground"), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row ?? null;
}

async function revoke(db: Database, id: string): Promise<void> {
  await changeKeys(() => db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))));
}

/** The person's playground key for this workspace, created on first use. Safe to call from many tabs at once. */
export async function playgroundKey(db: Database, workspaceId: string, accountId: string): Promise<PlaygroundKey> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await currentRow(db, workspaceId, accountId);
    if (existing) {
      const key = derivePlaygroundKey(existing.id);
      // Usable as is, unless the server secret changed since (or it expired: older playground keys had a lifetime).
      if (existing.hash === hashApiKey(key) && (!existing.expiresAt || existing.expiresAt > new Date())) return { apiKey: existing, key };
      await revoke(db, existing.id);
      continue;
    }
    const id = newId("key");
    const key = derivePlaygroundKey(id);
    // The partial unique index lets one of several racing tabs win; the others read its row.
    const [created] = await db
      .insert(apiKeys)
      .values({
        id,
        workspaceId,
        environment: "sandbox",
        name: PLAYGROUND_KEY_NAME,
        kind: "playground",
        hash: hashApiKey(key),
        start: key.slice(0, KEY_PREFIX.sandbox.length + 4),
        last4: key.slice(-4),
        createdBy: accountId,
      })
      .onConflictDoNothing()
      .returning();
    if (created) return { apiKey: created, key };
  }
  throw new Error("Could not settle the playground key after three attempts.");
}

/** "Use a new key": revokes the person's playground key (it stops working at once) for a fresh one. */
export async function renewPlaygroundKey(db: Database, workspaceId: string, accountId: string): Promise<PlaygroundKey> {
  const existing = await currentRow(db, workspaceId, accountId);
  if (existing) await revoke(db, existing.id);
  return playgroundKey(db, workspaceId, accountId);
}

/** A person who leaves a workspace takes no working playground key along. */
export async function revokePlaygroundKeysOf(db: Database, workspaceId: string, accountId: string): Promise<void> {
  await changeKeys(() =>
    db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.createdBy, accountId), eq(apiKeys.kind, "playground"), isNull(apiKeys.revokedAt))),
  );
}
