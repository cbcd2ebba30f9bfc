/** Global setup of the `pglite` project: says which database runs, and whether a server run follows. */
import { serverUrl, TEST_SERVER_URL_VAR } from "./postgres";

export function setup() {
  console.log("[databases] pglite: embedded PGlite (PostgreSQL 18 + pgvector, WASM), a fresh in-memory database per test file");
  if (!serverUrl()) {
    console.log(
      `[databases] postgres: not run — set ${TEST_SERVER_URL_VAR} (scripts/postgres-server.sh start DIR prints one; .ci/run does it) to also run the database tests on a PostgreSQL server`,
    );
  }
}
