import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { createApiKey, listApiKeys, revokeApiKey, touchLastUsed, verifyApiKey } from "@/server/keys/service";
import { testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});

describe("API key service", () => {
  it("stores only the hash and a display start/last4, never the key", async () => {
    const { apiKey, key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "live", name: "Production API" });
    expect(key.startsWith("pio_sk_live_")).toBe(true);
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(16, -4));
    expect(row).toMatchObject({ name: "Production API", environment: "live", start: key.slice(0, 16), last4: key.slice(-4) });
  });

  it("verifies, then refuses revoked and expired keys with their reason", async () => {
    const { apiKey, key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "k" });
    const ok = await verifyApiKey(t.db, key);
    expect(ok.ok && ok.workspace.id).toBe(t.workspace.id);
    expect(await verifyApiKey(t.db, key + "x")).toEqual({ ok: false, reason: "unknown" });
    await revokeApiKey(t.db, t.workspace.id, apiKey.id);
    expect(await verifyApiKey(t.db, key)).toMatchObject({ ok: false, reason: "revoked" });

    const soon = await createApiKey(t.db, {
      workspaceId: t.workspace.id,
      environment: "sandbox",
      name: "soon",
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await verifyApiKey(t.db, soon.key)).ok).toBe(true);
    expect(await verifyApiKey(t.db, soon.key, new Date(Date.now() + 120_000))).toMatchObject({ ok: false, reason: "expired" });
  });

  it("revoking needs the owning workspace", async () => {
    const other = await testWorkspace();
    const { apiKey } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "mine" });
    expect(await revokeApiKey(t.db, other.workspace.id, apiKey.id)).toBeNull();
    expect((await listApiKeys(t.db, t.workspace.id)).find((k) => k.id === apiKey.id)!.revokedAt).toBeNull();
  });

  it("updates last_used_at at most once a minute", async () => {
    const { apiKey } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "touch" });
    const now = Date.now();
    await touchLastUsed(t.db, apiKey, now);
    expect(touchLastUsed(t.db, apiKey, now + 30_000)).toBeNull();
    await touchLastUsed(t.db, apiKey, now + 61_000);
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.lastUsedAt!.getTime()).toBe(now + 61_000);
  });
});
