import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { Executor } from "@/db/executor";
import { apiKeys, workspaces, type ApiKey, type Environment, type Workspace } from "@/db/schema";
import { newId } from "@/server/lib/ids";
import { ProcessCache } from "@/server/lib/process-cache";
import { environmentOfKey, generateApiKey, hashApiKey } from "./generate";

export interface CreateApiKeyInput {
  workspaceId: string;
  environment: Environment;
  name: string;
  expiresAt?: Date | null;
  /** The portal account creating it (null from the CLI). */
  createdBy?: string | null;
}

/** Creates a key. The full key is in the return value only: it is never stored or logged. */
export async function createApiKey(db: Executor, input: CreateApiKeyInput): Promise<{ apiKey: ApiKey; key: string }> {
  const generated = generateApiKey(input.environment);
  const [apiKey] = await db
    .insert(apiKeys)
    .values({
      id: newId("key"),
      workspaceId: input.workspaceId,
      environment: input.environment,
      name: input.name,
      hash: generated.hash,
      start: generated.start,
      last4: generated.last4,
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning();
  return { apiKey: apiKey!, key: generated.key };
}

export async function listApiKeys(db: Database, workspaceId: string, environment?: Environment): Promise<ApiKey[]> {
  const where = environment
    ? and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.environment, environment))
    : eq(apiKeys.workspaceId, workspaceId);
  return db.select().from(apiKeys).where(where).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Database, workspaceId: string, keyId: string): Promise<ApiKey | null> {
  const [row] = await changeKeys(() =>
    db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
      .returning(),
  );
  return row ?? null;
}

export async function getApiKey(db: Database, workspaceId: string, keyId: string): Promise<ApiKey | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId)))
    .limit(1);
  return row ?? null;
}

export type KeyStatus = "active" | "revoked" | "expired";

export function keyStatus(k: Pick<ApiKey, "revokedAt" | "expiresAt">, now = new Date()): KeyStatus {
  if (k.revokedAt && k.revokedAt <= now) return "revoked";
  if (k.expiresAt && k.expiresAt <= now) return "expired";
  return "active";
}

/**
 * Replaces a key with a new one of the same name, environment and lifetime. The old key
 * keeps working for `graceSeconds` (so deployments can switch over); with 0 it is revoked
 * at once. Returns null when the key is not an active key of this workspace.
 */
export async function rollApiKey(
  db: Database,
  workspaceId: string,
  keyId: string,
  graceSeconds: number,
  createdBy?: string | null,
  now = new Date(),
): Promise<{ apiKey: ApiKey; key: string; previous: ApiKey } | null> {
  return changeKeys(() => db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId)))
      .for("update")
      .limit(1);
    if (!old || keyStatus(old, now) !== "active") return null;
    const lifetime = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : null;
    const created = await createApiKey(tx, {
      workspaceId,
      environment: old.environment,
      name: old.name,
      expiresAt: lifetime !== null ? new Date(now.getTime() + Math.max(lifetime, 60_000)) : null,
      createdBy: createdBy ?? old.createdBy,
    });
    const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
    const [previous] = await tx
      .update(apiKeys)
      .set(
        graceSeconds <= 0
          ? { revokedAt: now, replacedBy: created.apiKey.id }
          : { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd, replacedBy: created.apiKey.id },
      )
      .where(eq(apiKeys.id, old.id))
      .returning();
    return { ...created, previous: previous! };
  }));
}

export type KeyVerification =
  | { ok: true; apiKey: ApiKey; workspace: Workspace }
  | { ok: false; reason: "unknown" }
  /** A known key that no longer works: still its workspace's (its request logs show the attempt). */
  | { ok: false; reason: "revoked" | "expired"; apiKey: ApiKey; workspace: Workspace };

/** Verified keys, kept in memory for a short time on the embedded database (ProcessCache). */
const keyCache = new ProcessCache<{ apiKey: ApiKey; workspace: Workspace }>(30_000);

/**
 * Runs a write to api_keys (or to the workspace rows verified keys carry): the keys domain owns
 * the cache of verified keys, and every such write goes through here.
 */
export function changeKeys<T>(write: () => Promise<T>): Promise<T> {
  return keyCache.change(write);
}

function lookupKey(db: Database, hash: string): Promise<{ apiKey: ApiKey; workspace: Workspace } | null> {
  return keyCache.getOrLoad(hash, async () => {
    const [row] = await db
      .select({ apiKey: apiKeys, workspace: workspaces })
      .from(apiKeys)
      .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
      .where(eq(apiKeys.hash, hash))
      .limit(1);
    return row ?? null;
  });
}

export async function verifyApiKey(db: Database, key: string, now = new Date()): Promise<KeyVerification> {
  if (!environmentOfKey(key)) return { ok: false, reason: "unknown" };
  const row = await lookupKey(db, hashApiKey(key));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.apiKey.revokedAt && row.apiKey.revokedAt <= now) return { ok: false, reason: "revoked", ...row };
  if (row.apiKey.expiresAt && row.apiKey.expiresAt <= now) return { ok: false, reason: "expired", ...row };
  return { ok: true, apiKey: row.apiKey, workspace: row.workspace };
}

const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/**
 * Records that a key was used, at most once a minute per key and process, off the request's
 * critical path. Returns the write (or null when it was throttled) so callers may await it.
 */
export function touchLastUsed(db: Database, apiKey: ApiKey, now = Date.now()): Promise<void> | null {
  const previous = Math.max(lastUsedWritten.get(apiKey.id) ?? 0, apiKey.lastUsedAt?.getTime() ?? 0);
  if (now - previous < LAST_USED_EVERY_MS) return null;
  lastUsedWritten.set(apiKey.id, now);
  return db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(apiKeys.id, apiKey.id))
    .then(() => undefined);
}
