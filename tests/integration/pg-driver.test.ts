import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { closeDb, getDbHandle } from "@/db/client";
import { resetEnvCache } from "@/server/env";
import { call, testWorkspace } from "../helpers/api";
import { POST as register } from "@/app/(api)/register/route";

/**
 * Drives the node-postgres driver for real: a PGlite database served over the Postgres wire
 * protocol stands in for a Postgres server with pgvector.
 */
let server: PGLiteSocketServer;
let pglite: PGlite;

beforeAll(async () => {
  pglite = await PGlite.create({ extensions: { vector } });
  server = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 20 });
  await server.start();
  await closeDb();
  process.env.DATABASE_URL = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
  resetEnvCache();
});

afterAll(async () => {
  await closeDb();
  delete process.env.DATABASE_URL;
  resetEnvCache();
  await server.stop();
  await pglite.close();
});

describe("DATABASE_URL=postgres://… uses node-postgres", () => {
  it("connects with pg, applies the migrations (pgvector included) and serves the API", async () => {
    const handle = await getDbHandle();
    expect(handle.driver).toBe("pg");
    const ext = await pglite.query<{ extname: string }>("select extname from pg_extension where extname = 'vector'");
    expect(ext.rows).toHaveLength(1);
    const tables = await pglite.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(["workspaces", "api_keys", "end_users", "request_logs"]));

    const t = await testWorkspace();
    const res = await call(register, "POST", "/register", { key: t.keys.sandbox, body: { email: "pg@driver.dev" } });
    expect(res.status).toBe(201);
    const stored = await pglite.query("select user_id from end_users where user_id = $1", [res.body.user_id]);
    expect(stored.rows).toHaveLength(1);

    // Each pooled connection gets the session settings before its first query.
    const ef = await handle.db.execute<Record<string, string>>(sql`show hnsw.iterative_scan`);
    expect(ef.rows[0]).toEqual({ "hnsw.iterative_scan": "relaxed_order" });

    const h = await health();
    expect(await h.json()).toMatchObject({ status: "ok", database: { reachable: true, driver: "pg" } });
  });
});
