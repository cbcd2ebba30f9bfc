/**
 * Global setup of the `postgres` projects (`postgres`, `postgres-isolated`): one template
 * database per run, migrated once; every test file then gets its own database copied from it
 * (postgres-file.ts), so files running in parallel on one server never see each other's rows.
 * Both projects share the one template (made by whichever asks first); the last teardown drops
 * the run's databases.
 */
import path from "node:path";
import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensurePgliteTemplate } from "./pglite-template";
import { databaseUrl, quoteIdent, runPrefix, serverUrl, withAdmin } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgRunPrefix: string;
  }
}

interface Shared {
  adminUrl: string;
  prefix: string;
  template: string;
}
const state = globalThis as { __pioPostgresSetup?: Promise<Shared>; __pioPostgresUsers?: number };

async function makeTemplate(pgliteTemplate: string | undefined): Promise<Shared> {
  // Servers these tests start on a throwaway embedded database use the template too.
  await ensurePgliteTemplate(pgliteTemplate);
  const adminUrl = serverUrl();
  if (!adminUrl) throw new Error("the postgres project needs PIO_TEST_POSTGRES_URL");
  const prefix = runPrefix(randomBytes(4).toString("hex"));
  const template = `${prefix}_template`;
  const info = await withAdmin(adminUrl, async (c) => {
    await c.query(`create database ${quoteIdent(template)}`);
    const v = await c.query<{ v: string }>("select current_setting('server_version') as v");
    return v.rows[0]!.v;
  });
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, template), max: 1 });
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
    const ext = await pool.query<{ v: string }>("select extversion as v from pg_extension where extname = 'vector'");
    console.log(
      `[databases] postgres: PostgreSQL ${info} server with pgvector ${ext.rows[0]?.v} — each test file gets its own database (from ${template})`,
    );
  } finally {
    await pool.end();
  }
  return { adminUrl, prefix, template };
}

export async function setup(project: TestProject) {
  state.__pioPostgresUsers = (state.__pioPostgresUsers ?? 0) + 1;
  const { adminUrl, prefix, template } = await (state.__pioPostgresSetup ??= makeTemplate(project.config.env.PGLITE_TEMPLATE));
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  project.provide("pgRunPrefix", prefix);

  return async function teardown() {
    state.__pioPostgresUsers = (state.__pioPostgresUsers ?? 1) - 1;
    if (state.__pioPostgresUsers > 0) return;
    await withAdmin(adminUrl, async (c) => {
      const dbs = await c.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${prefix}%`]);
      for (const { datname } of dbs.rows) await c.query(`drop database if exists ${quoteIdent(datname)} with (force)`);
    });
  };
}
