import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { env } from "@/server/env";
import { acquireDataDirLock } from "./lock";
import * as schema from "./schema";

/**
 * The query-builder surface shared by the three drivers. PGlite's type stands for all of
 * them: node-postgres and Neon expose the same builder API.
 */
export type Database = PgliteDatabase<typeof schema>;
export type DriverName = "pglite" | "pg" | "neon";

export interface DbHandle {
  db: Database;
  driver: DriverName;
  close(): Promise<void>;
}

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
/**
 * Per-connection settings. Filtered HNSW scans (one user's rows) keep scanning until they
 * find enough rows instead of returning too few (pgvector >= 0.8).
 */
const SESSION_SETTINGS = "SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = 40;";
const MIGRATION_LOCK_ID = 724_172_101;

export function chooseDriver(e = env()): DriverName {
  if (e.DATABASE_DRIVER) return e.DATABASE_DRIVER;
  if (!e.DATABASE_URL) return "pglite";
  return new URL(e.DATABASE_URL).hostname.endsWith(".neon.tech") ? "neon" : "pg";
}

async function openPglite(): Promise<DbHandle> {
  const [{ PGlite }, { vector }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-pgvector"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const configured = env().PGLITE_DATA_DIR;
  let dataDir = configured;
  let release = () => {};
  if (!configured.startsWith("memory://")) {
    dataDir = path.resolve(configured);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    release = acquireDataDirLock(dataDir);
  }
  try {
    const client = await PGlite.create({ dataDir, extensions: { vector } });
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: MIGRATIONS });
    await client.exec(SESSION_SETTINGS);
    return {
      db,
      driver: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

interface LockClient {
  query(q: string, params?: unknown[]): Promise<unknown>;
  release(): void;
}

/** Several instances may start at once: one applies migrations, the others wait for it. */
async function underMigrationLock(client: LockClient, run: () => Promise<void>): Promise<void> {
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await run();
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
}

async function openNodePostgres(url: string): Promise<DbHandle> {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import("pg"),
    import("drizzle-orm/node-postgres"),
    import("drizzle-orm/node-postgres/migrator"),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("connect", (c) => void c.query(SESSION_SETTINGS).catch(() => {}));
  const client = await pool.connect();
  await underMigrationLock(client, () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS }));
  return {
    db: drizzle({ client: pool, schema }) as unknown as Database,
    driver: "pg",
    close: () => pool.end(),
  };
}

async function openNeon(url: string): Promise<DbHandle> {
  const [{ Pool, neonConfig }, { drizzle }, { migrate }, { default: ws }] = await Promise.all([
    import("@neondatabase/serverless"),
    import("drizzle-orm/neon-serverless"),
    import("drizzle-orm/neon-serverless/migrator"),
    import("ws"),
  ]);
  // Node 20 has no global WebSocket.
  if (typeof WebSocket === "undefined") neonConfig.webSocketConstructor = ws;
  const pool = new Pool({ connectionString: url });
  pool.on("connect", (c: { query(q: string): Promise<unknown> }) => void c.query(SESSION_SETTINGS).catch(() => {}));
  const client = await pool.connect();
  await underMigrationLock(client, () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS }));
  return {
    db: drizzle({ client: pool, schema }) as unknown as Database,
    driver: "neon",
    close: () => pool.end(),
  };
}

export function openDatabase(): Promise<DbHandle> {
  const driver = chooseDriver();
  const url = env().DATABASE_URL;
  if (driver === "pglite") return openPglite();
  if (!url) throw new Error(`DATABASE_DRIVER=${driver} needs DATABASE_URL`);
  return driver === "neon" ? openNeon(url) : openNodePostgres(url);
}

// One database per process, kept on globalThis so Next's module reloads reuse it.
const store = globalThis as unknown as { __pioDb?: Promise<DbHandle> };

/** The process-wide database, opened and migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  if (!store.__pioDb) {
    store.__pioDb = openDatabase();
    // A failed open (e.g. a locked folder) must not poison every later request.
    store.__pioDb.catch(() => {
      store.__pioDb = undefined;
    });
  }
  return store.__pioDb;
}

export async function getDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = store.__pioDb;
  store.__pioDb = undefined;
  if (handle) await (await handle).close();
}

export async function pingDb(): Promise<{ driver: DriverName; latencyMs: number }> {
  const handle = await getDbHandle();
  const t = performance.now();
  await handle.db.execute(sql`select 1`);
  return { driver: handle.driver, latencyMs: Math.round((performance.now() - t) * 100) / 100 };
}
