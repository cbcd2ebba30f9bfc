import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ClientBase, PoolConfig } from "pg";
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
  /** The embedded database's worker thread (PGlite only). */
  thread?: Worker;
  /**
   * Waits until no other process holds `key`, takes it, and returns its release. A session
   * advisory lock on a connection of a small pool of its own, so a process that dies lets go
   * at once. Server drivers only: the embedded database has one process by construction.
   */
  lockKey?(key: string): Promise<() => Promise<void>>;
}

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
/**
 * Per-connection settings. Filtered HNSW scans (one user's rows) keep scanning until they
 * find enough rows instead of returning too few (pgvector >= 0.8).
 */
const SESSION_SETTINGS = "SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = 40;";
const MIGRATION_LOCK_ID = 724_172_101;
/** Namespace of the per-key locks of background jobs (two-key advisory locks). */
const JOB_LOCK_NAMESPACE = 724_172_102;
/** Keyed jobs one process runs at once against a server (each holds one lock connection). */
const JOB_LOCK_CONNECTIONS = 16;

export function chooseDriver(e = env()): DriverName {
  if (e.DATABASE_DRIVER) return e.DATABASE_DRIVER;
  if (!e.DATABASE_URL) return "pglite";
  return new URL(e.DATABASE_URL).hostname.endsWith(".neon.tech") ? "neon" : "pg";
}

/**
 * The embedded database's session also sends the users whose search rows change
 * (migration 0021; server/retrieval/memory-index.ts keeps those rows in memory).
 */
const EMBEDDED_SESSION_SETTINGS = `${SESSION_SETTINGS} SET pio.search_notify = 'on'; LISTEN pio_search_index;`;

type NotificationListener = (payload: string) => void;
const listeners = ((globalThis as unknown as { __pioDbListeners?: Map<string, Set<NotificationListener>> }).__pioDbListeners ??= new Map());

/**
 * Calls `listener` with each notification's payload on `channel` that the embedded database
 * sends (NOTIFY, delivered when the sending transaction commits: a client sees it before the
 * reply to its COMMIT, hence before anything it does next). With "*" when a database is opened
 * (whatever was known of the previous one no longer holds). Returns the unsubscribe.
 */
export function onDatabaseNotification(channel: string, listener: NotificationListener): () => void {
  let set = listeners.get(channel);
  if (!set) listeners.set(channel, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function notify(channel: string, payload: string): void {
  for (const l of listeners.get(channel) ?? []) {
    try {
      l(payload);
    } catch (e) {
      console.error(`[pio] a listener of ${channel} failed:`, e);
    }
  }
}

/** Connections from the app to the embedded database's thread (see db/pglite-worker.mjs). */
const PGLITE_POOL_SIZE = 8;

/**
 * The embedded database runs in its own worker thread and is reached over a private Unix
 * socket with node-postgres: SQL (WASM) and HTTP (Next.js) then use two cores instead of
 * queueing on one thread. One process holds the folder (lock file beside it).
 */
async function openPglite(): Promise<DbHandle> {
  const configured = env().PGLITE_DATA_DIR;
  let dataDir = configured;
  let release = () => {};
  if (!configured.startsWith("memory://")) {
    dataDir = path.resolve(configured);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    release = acquireDataDirLock(dataDir);
  }
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-db-"));
  fs.chmodSync(socketDir, 0o700);
  const cleanup = () => {
    fs.rmSync(socketDir, { recursive: true, force: true });
    release();
  };
  let worker: Worker | undefined;
  try {
    worker = new Worker(path.join(process.cwd(), "db", "pglite-worker.mjs"), {
      workerData: {
        dataDir,
        socketPath: path.join(socketDir, ".s.PGSQL.5432"),
        sessionSettings: EMBEDDED_SESSION_SETTINGS,
        // A throwaway database, or a folder with no database in it yet, starts from the template;
        // a folder keeps its own data.
        template: configured.startsWith("memory://") || !fs.existsSync(path.join(dataDir, "PG_VERSION")) ? env().PGLITE_TEMPLATE : undefined,
      },
    });
    const w = worker;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => settle(e);
      const onExit = (code: number) => settle(new Error(`the embedded database thread exited (${code})`));
      const onMessage = (m: { type: string; message?: string }) =>
        settle(m.type === "ready" ? undefined : new Error(`the embedded database did not open: ${m.message}`));
      const settle = (e?: Error) => {
        w.off("error", onError).off("exit", onExit).off("message", onMessage);
        if (e) reject(e);
        else resolve();
      };
      w.on("error", onError).on("exit", onExit).on("message", onMessage);
    });
    w.unref();
    // The connections share PGlite's one session, whose settings the worker applied once.
    const handle = await openNodePostgres({ host: socketDir, port: 5432, user: "postgres", database: "postgres", max: PGLITE_POOL_SIZE }, true);
    // Another process may have written to the folder since this process last had it open.
    for (const channel of listeners.keys()) notify(channel, "*");
    let closed: Promise<void> | undefined;
    const result: DbHandle = {
      db: handle.db,
      driver: "pglite",
      thread: w,
      close: () =>
        (closed ??= (async () => {
          await handle.close();
          await new Promise<void>((resolve) => {
            const done = setTimeout(resolve, 10_000);
            w.once("message", () => (clearTimeout(done), resolve()));
            w.once("exit", () => (clearTimeout(done), resolve()));
            w.postMessage("stop");
          });
          await w.terminate();
          cleanup();
        })()),
    };
    // If the thread dies (a crash in WASM, say), say so and let the next request reopen it.
    w.on("error", (e) => console.error("[pio] the embedded database thread failed:", e));
    w.on("exit", (code) => {
      if (closed) return;
      console.error(`[pio] the embedded database thread exited (code ${code}); it is reopened on the next request`);
      cleanup(); // before a reopen takes the folder's lock again
      closed = handle.close().catch(() => {});
      if (store.__pioDbHandle === result) forgetDb();
    });
    return result;
  } catch (e) {
    await worker?.terminate();
    cleanup();
    throw e;
  }
}

interface LockClient {
  query(q: string, params?: unknown[]): Promise<unknown>;
  /** With an error, the connection is closed instead of going back to the pool. */
  release(err?: Error): void;
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

/**
 * Session settings for every pooled connection, awaited before the connection is handed out
 * (a "connect" listener would race the connection's first query, which pg 8 warns about).
 * Neon's pool is pg-pool's, with the same hook.
 */
const POOL_HOOKS = { onConnect: (c: ClientBase) => c.query(SESSION_SETTINGS) as unknown as void };

/** An idle connection that drops (server restart, network) must not crash the process: the pool replaces it. */
const logLostConnection = (e: Error) => console.error("[pio] an idle database connection was lost:", e.message);

interface LockPool {
  connect(): Promise<LockClient>;
  end(): Promise<void>;
}

/**
 * Per-key locks across processes (see DbHandle.lockKey). The locks live on a pool of their
 * own: a job holding a lock still needs the main pool for its work, so sharing one pool could
 * leave every connection held by a lock-holder waiting for a connection.
 */
function keyLocks(pool: LockPool) {
  return async (key: string): Promise<() => Promise<void>> => {
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, key]);
    } catch (e) {
      client.release(e as Error);
      throw e;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await client.query("select pg_advisory_unlock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, key]);
        client.release();
      } catch (e) {
        // Closing the session lets go of its locks as surely as unlocking.
        client.release(e as Error);
        throw e;
      }
    };
  };
}

/** `embedded`: the pool reaches the embedded database's thread (one session, one process). */
async function openNodePostgres(config: PoolConfig, embedded = false): Promise<DbHandle> {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import("pg"),
    import("drizzle-orm/node-postgres"),
    import("drizzle-orm/node-postgres/migrator"),
  ]);
  const pool = new pg.Pool({ max: 10, allowExitOnIdle: true, ...(embedded ? {} : POOL_HOOKS), ...config });
  pool.on("error", logLostConnection);
  // The embedded session's notifications arrive on whichever connection ran the COMMIT.
  if (embedded) pool.on("connect", (c) => c.on("notification", (n) => notify(n.channel, n.payload ?? "")));
  const client = await pool.connect();
  await underMigrationLock(client, () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS }));
  // The embedded database's connections share one session: it takes no locks (one process).
  const locks = !embedded ? new pg.Pool({ ...config, max: JOB_LOCK_CONNECTIONS, allowExitOnIdle: true }) : undefined;
  locks?.on("error", logLostConnection);
  return {
    db: drizzle({ client: pool, schema }) as unknown as Database,
    driver: "pg",
    close: async () => {
      await Promise.all([pool.end(), locks?.end()]);
    },
    ...(locks ? { lockKey: keyLocks(locks) } : {}),
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
  const pool = new Pool({ connectionString: url, ...POOL_HOOKS });
  pool.on("error", logLostConnection);
  const client = await pool.connect();
  await underMigrationLock(client, () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS }));
  const locks = new Pool({ connectionString: url, max: JOB_LOCK_CONNECTIONS });
  locks.on("error", logLostConnection);
  return {
    db: drizzle({ client: pool, schema }) as unknown as Database,
    driver: "neon",
    close: async () => {
      await Promise.all([pool.end(), locks.end()]);
    },
    lockKey: keyLocks(locks as unknown as LockPool),
  };
}

export function openDatabase(): Promise<DbHandle> {
  const driver = chooseDriver();
  const url = env().DATABASE_URL;
  if (driver === "pglite") return openPglite();
  if (!url) throw new Error(`DATABASE_DRIVER=${driver} needs DATABASE_URL`);
  return driver === "neon" ? openNeon(url) : openNodePostgres({ connectionString: url });
}

// One database per process, kept on globalThis so Next's module reloads reuse it.
const store = globalThis as unknown as { __pioDb?: Promise<DbHandle>; __pioDbHandle?: DbHandle; __pioDbFinal?: boolean };

function forgetDb(): void {
  store.__pioDb = undefined;
  store.__pioDbHandle = undefined;
}

/** The process-wide database, opened and migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  if (store.__pioDbFinal) return Promise.reject(new Error("the database is closed: the server is stopping"));
  if (!store.__pioDb) {
    store.__pioDb = openDatabase();
    void store.__pioDb.then((h) => (store.__pioDbHandle = h)).catch(() => {});
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

/** Closes the process's database; `final` (a shutdown) keeps it from being reopened. */
export async function closeDb(opts: { final?: boolean } = {}): Promise<void> {
  if (opts.final) store.__pioDbFinal = true;
  const handle = store.__pioDb;
  forgetDb();
  if (handle) await (await handle).close();
}

export async function pingDb(): Promise<{ driver: DriverName; latencyMs: number }> {
  const handle = await getDbHandle();
  const t = performance.now();
  await handle.db.execute(sql`select 1`);
  return { driver: handle.driver, latencyMs: Math.round((performance.now() - t) * 100) / 100 };
}
