import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb, getDbHandle } from "@/db/client";
import { workspaces } from "@/db/schema";
import { resetEnvCache } from "@/server/env";

/** These open (or reopen) a PGlite database inside the test: seconds on a quiet machine, far more on a loaded 2-core one. */
const OPENS_A_DATABASE_MS = 120_000;

describe("connections to the embedded database share one session safely", () => {
  it("concurrent queries with large parameters each get their own rows", async () => {
    const db = await getDb();
    // Large Bind messages arrive in several socket chunks; another connection's statement must
    // never run between a query's Bind and its Execute.
    const values = Array.from({ length: 40 }, (_, i) => `${i}:`.padEnd(i % 2 ? 300_000 : 50, String.fromCharCode(97 + (i % 26))));
    const results = await Promise.all(
      values.map((v, i) =>
        db.execute<{ i: number; n: number; head: string }>(
          sql`select ${sql.raw(String(i))} as i, length(${v}::text) as n, left(${v}::text, 4) as head`,
        ),
      ),
    );
    results.forEach((r, i) => {
      expect(Number(r.rows[0]!.i)).toBe(i);
      expect(Number(r.rows[0]!.n)).toBe(values[i]!.length);
      expect(r.rows[0]!.head).toBe(values[i]!.slice(0, 4));
    });
  }, OPENS_A_DATABASE_MS);

  it("every connection sees the session settings retrieval relies on", async () => {
    const db = await getDb();
    const rows = await Promise.all(Array.from({ length: 8 }, () => db.execute<Record<string, string>>(sql`show hnsw.iterative_scan`)));
    for (const r of rows) expect(r.rows[0]).toEqual({ "hnsw.iterative_scan": "relaxed_order" });
  });

  it("an error inside one connection's transaction does not leak into the others", async () => {
    const db = await getDb();
    const failing = db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await tx.execute(sql`select * from no_such_table`);
    });
    const others = Promise.all(Array.from({ length: 10 }, (_, i) => db.execute<{ v: number }>(sql`select ${i}::int as v`)));
    await expect(failing).rejects.toThrow();
    (await others).forEach((r, i) => expect(Number(r.rows[0]!.v)).toBe(i));
    expect((await db.execute<{ ok: number }>(sql`select 1 as ok`)).rows[0]!.ok).toBe(1);
  });
});

describe("the embedded database runs in its own thread", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-worker-"));
  const dataDir = path.join(dir, "pglite");
  afterAll(async () => {
    await closeDb();
    delete process.env.PGLITE_DATA_DIR;
    resetEnvCache();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps data in its folder across a close and a reopen, and releases the folder's lock", async () => {
    await closeDb();
    process.env.PGLITE_DATA_DIR = dataDir;
    resetEnvCache();
    const first = await getDbHandle();
    expect(first.driver).toBe("pglite");
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(true);
    await first.db.insert(workspaces).values({ id: "ws_worker_test", name: "Survives" });
    await closeDb();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);

    const second = await getDbHandle();
    const rows = await second.db.select().from(workspaces).where(eq(workspaces.id, "ws_worker_test"));
    expect(rows[0]?.name).toBe("Survives");
    // Connections share PGlite's one session: while a transaction is open, other connections'
    // statements wait for it instead of running inside it.
    let inside = false;
    const tx = second.db
      .transaction(async (tx) => {
        await tx.update(workspaces).set({ name: "Rolled back" }).where(eq(workspaces.id, "ws_worker_test"));
        inside = true;
        await new Promise((r) => setTimeout(r, 50));
        inside = false;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);
    while (!inside) await new Promise((r) => setTimeout(r, 1));
    const outside = await second.db.select().from(workspaces).where(eq(workspaces.id, "ws_worker_test"));
    expect(inside).toBe(false);
    expect(outside[0]?.name).toBe("Survives");
    expect(await tx).toBe("roll back");
    expect((await second.db.select().from(workspaces).where(eq(workspaces.id, "ws_worker_test")))[0]?.name).toBe("Survives");
  }, OPENS_A_DATABASE_MS);

  it("a thread that dies is reported and reopened on the next request, with the data intact", async () => {
    const handle = await getDbHandle();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await handle.thread!.terminate();
      for (let i = 0; i < 200 && (await getDbHandle()) === handle; i++) await new Promise((r) => setTimeout(r, 10));
      const again = await getDbHandle();
      expect(again).not.toBe(handle);
      const rows = await again.db.select().from(workspaces).where(eq(workspaces.id, "ws_worker_test"));
      expect(rows[0]?.name).toBe("Survives");
      expect(fs.existsSync(`${dataDir}.lock`)).toBe(true);
      expect(errors.mock.calls.some((c) => String(c[0]).includes("embedded database thread exited"))).toBe(true);
    } finally {
      errors.mockRestore();
    }
  }, OPENS_A_DATABASE_MS);
});
