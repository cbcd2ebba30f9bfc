import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The database tests run twice when a server is given, once per database:
 * - `unit`: no database.
 * - `pglite`: the database tests on embedded PGlite (always).
 * - `postgres`: the same database tests again on a PostgreSQL server with pgvector, plus the
 *   tests that need several connections or processes on one server (tests/server). Runs when
 *   PIO_TEST_POSTGRES_URL names a server (`.ci/run` starts one); every test file gets its own
 *   database, copied from a template migrated once per run.
 * Each database's files run in two groups: most share their worker process with the other files
 * the worker runs (`isolate: false`: the app's modules load once per worker, and on PGlite the
 * worker's database opens once — every test makes its own workspace, so files never see each
 * other's rows); the files that change process-wide state get a process of their own
 * (`pglite-isolated`, `postgres-isolated`; see `needsOwnProcess`).
 */
const DATABASE_TESTS = ["tests/integration/**/*.test.ts"];
/**
 * About the embedded database itself (its thread, folder lock, socket) or the CLI's folder; what
 * only the embedded database's single owner does at start-up (resuming follow-ups); the dev
 * server on an embedded database (one `next dev` per folder).
 */
const EMBEDDED_ONLY = [
  "tests/integration/embedded-db.test.ts",
  "tests/integration/pg-driver.test.ts",
  "tests/integration/cli.test.ts",
  "tests/integration/recovery-followups.test.ts",
  "tests/integration/dev-server.test.ts",
];

/**
 * A test file that changes what other files in its process would see runs in a process of its
 * own: it mocks modules or globals, writes process.env (the app reads its settings once; Inngest's
 * client is made from them), starts the app with Inngest configured, or says so with a line
 * `// vitest: own process`. Read from each file's text, so a new test that does one of these is
 * isolated without a list to keep.
 */
const OWN_PROCESS =
  /vi\.(mock|doMock|stubGlobal|stubEnv)\(|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env|Object\.assign\(process\.env|helpers\/inngest-app|\/\/ vitest: own process/;
function needsOwnProcess(file: string): boolean {
  return OWN_PROCESS.test(fs.readFileSync(path.join(import.meta.dirname, file), "utf8"));
}
const testFiles = (dir: string) =>
  fs
    .readdirSync(path.join(import.meta.dirname, dir))
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => `${dir}/${f}`);
const OWN_PROCESS_FILES = [...testFiles("tests/integration"), ...testFiles("tests/server")].filter(needsOwnProcess);

/**
 * The migrated embedded database every `memory://` database of the tests starts from
 * (tests/setup/pglite-template.ts makes it), named by a hash of the migrations.
 */
const migrations = path.join(import.meta.dirname, "db", "migrations");
const migrationsHash = createHash("sha256");
for (const f of fs.readdirSync(migrations, { recursive: true, encoding: "utf8" }).sort()) {
  const p = path.join(migrations, f);
  if (fs.statSync(p).isFile()) migrationsHash.update(f).update(fs.readFileSync(p));
}
const PGLITE_TEMPLATE = path.join(import.meta.dirname, ".data", `test-pglite-template-${migrationsHash.digest("hex").slice(0, 16)}.tar`);

/** Read here directly: the config file cannot import test modules (Vite's config loader). */
const withServer = Boolean(process.env.PIO_TEST_POSTGRES_URL?.trim());

export default defineConfig({
  resolve: { alias: { "@pio/sdk": path.resolve(import.meta.dirname, "sdk/typescript/src/index.ts"), "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    pool: "forks",
    // Test files wait part of the time (child servers, background jobs, timers): at least three
    // workers keep two cores busy (~1.75 of them over a run). Vitest's default (cores - 1) ran
    // the suite on one worker on a 2-core machine: 900 s instead of 390 s; four workers gained
    // nothing measurable over three (docs/architecture.md, "How long CI takes").
    maxWorkers: Math.max(3, os.availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      // Each test process gets its own in-memory PGlite: real Postgres + pgvector, no folder.
      PGLITE_DATA_DIR: "memory://",
      PGLITE_TEMPLATE,
      NEXT_TELEMETRY_DISABLED: "1",
      OPENAI_API_KEY: "",
      DATABASE_URL: "",
    },
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      ...[false, true].map((own) => ({
        extends: true as const,
        test: {
          name: own ? "pglite-isolated" : "pglite",
          isolate: own,
          include: own ? OWN_PROCESS_FILES.filter((f) => f.startsWith("tests/integration/")) : DATABASE_TESTS,
          exclude: own ? [] : OWN_PROCESS_FILES,
          globalSetup: ["tests/setup/pglite-global.ts"],
          env: { PIO_TEST_DB: "pglite" },
        },
      })),
      ...(withServer
        ? [false, true].map((own) => ({
            extends: true as const,
            test: {
              name: own ? "postgres-isolated" : "postgres",
              isolate: own,
              include: own ? OWN_PROCESS_FILES : [...DATABASE_TESTS, "tests/server/**/*.test.ts"],
              exclude: own ? EMBEDDED_ONLY : [...EMBEDDED_ONLY, ...OWN_PROCESS_FILES],
              globalSetup: ["tests/setup/postgres-global.ts"],
              setupFiles: ["tests/setup/postgres-file.ts"],
              env: { PIO_TEST_DB: "postgres" },
            },
          }))
        : []),
    ],
  },
});
