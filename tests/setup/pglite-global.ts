/**
 * Global setup of the `pglite` projects (`pglite`, `pglite-isolated`): makes the migrated
 * template once, says which database runs, and whether a server run follows.
 */
import type { TestProject } from "vitest/node";
import { ensurePgliteTemplate } from "./pglite-template";
import { serverUrl, TEST_SERVER_URL_VAR } from "./postgres";

const state = globalThis as { __pioPgliteSetup?: Promise<void> };

export async function setup(project: TestProject) {
  await (state.__pioPgliteSetup ??= (async () => {
    await ensurePgliteTemplate(project.config.env.PGLITE_TEMPLATE);
    console.log(
      "[databases] pglite: embedded PGlite (PostgreSQL 18 + pgvector, WASM), an in-memory database per test process (from a migrated template)",
    );
    if (!serverUrl()) {
      console.log(
        `[databases] postgres: not run — set ${TEST_SERVER_URL_VAR} (scripts/postgres-server.sh start DIR prints one; .ci/run does it) to also run the database tests on a PostgreSQL server`,
      );
    }
  })());
}
