/**
 * Shared by the server run's global setup and its per-file setup: the admin connection to the
 * test server and the names of the databases a run creates on it.
 */
import pg from "pg";

/** The server the database tests also run on (scripts/postgres-server.sh prints one). */
export const TEST_SERVER_URL_VAR = "PIO_TEST_POSTGRES_URL";

export function serverUrl(): string | undefined {
  const v = process.env[TEST_SERVER_URL_VAR]?.trim();
  return v ? v : undefined;
}

/** The same server URL with another database name. */
export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(adminUrl: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every database of one run starts with this prefix, so the run's teardown finds them all. */
export const runPrefix = (runId: string) => `pio_test_${runId}`;
