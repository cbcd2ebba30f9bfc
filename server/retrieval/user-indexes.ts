import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { chooseDriver, type Database } from "@/db/client";
import { env } from "@/server/env";

/**
 * Per-user search indexes.
 *
 * `search_index` holds every user's retrievable rows, and a user's search must cost what that
 * user's data costs, whatever else the table holds. An index over all users does not do that:
 * a per-user HNSW search walks a graph full of other tenants' vectors (and a GIN lookup reads
 * posting lists of every tenant's rows). So there is none:
 *
 * - a user with fewer than SEARCH_USER_INDEX_MIN_ROWS rows (default 2,000) is searched exactly: their rows are found
 *   through the btree on `end_user_id` and scored one by one (a few milliseconds at most);
 * - past that, the user gets an HNSW index and a GIN index of their own: partial indexes whose
 *   predicate is `end_user_id = '<id>'`. The planner uses them for that user's searches (the
 *   statement's `end_user_id = $1` is planned with its value), and they hold only that user's
 *   rows. They are built once, in the background, when an ingestion takes the user past the
 *   threshold (`CONCURRENTLY` on a Postgres server), and dropped after the user is deleted (the
 *   same job sweeps indexes whose user is gone).
 *
 * The threshold is where the exact scan stops being cheaper than the user's own index
 * (measured by bench/crossover.ts; docs/architecture.md, "Per-user search").
 */
export function userIndexMinRows(): number {
  return env().SEARCH_USER_INDEX_MIN_ROWS;
}

const PREFIX = "search_index_u_";

/** Deterministic index names for a user (Postgres names are limited to 63 bytes). */
export function userIndexNames(endUserId: string): { vector: string; text: string } {
  const h = createHash("sha256").update(endUserId).digest("hex").slice(0, 20);
  return { vector: `${PREFIX}${h}_vec`, text: `${PREFIX}${h}_tsv` };
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface UserIndexState {
  /** The user's rows, counted up to the threshold. */
  rows: number;
  /** Both of the user's indexes exist and are valid. */
  indexed: boolean;
}

export async function userIndexState(db: Database, endUserId: string): Promise<UserIndexState> {
  const names = userIndexNames(endUserId);
  const { rows } = await db.execute<{ n: number | string; valid: number | string }>(sql`
    select (select count(*) from (select 1 from search_index where end_user_id = ${endUserId} limit ${userIndexMinRows()}) x) as n,
           (select count(*) from pg_index i
             where i.indexrelid in (to_regclass(${names.vector}), to_regclass(${names.text})) and i.indisvalid) as valid`);
  return { rows: Number(rows[0]!.n), indexed: Number(rows[0]!.valid) === 2 };
}

/**
 * True when the user has reached the threshold and their indexes are missing (after each
 * ingestion). For an indexed user this is a catalog lookup; otherwise a count bounded by the
 * threshold.
 */
export async function needsUserIndexes(db: Database, endUserId: string): Promise<boolean> {
  const names = userIndexNames(endUserId);
  const { rows } = await db.execute<{ needed: boolean }>(sql`
    select case
      when (select count(*) from pg_index i
             where i.indexrelid in (to_regclass(${names.vector}), to_regclass(${names.text})) and i.indisvalid) = 2 then false
      else (select count(*) from (select 1 from search_index where end_user_id = ${endUserId} limit ${userIndexMinRows()}) x) >= ${userIndexMinRows()}
    end as needed`);
  return rows[0]!.needed === true;
}

/**
 * Builds the user's HNSW and GIN indexes (idempotent). On a Postgres server the build is
 * CONCURRENTLY (writes go on; an interrupted build leaves an invalid index, dropped and
 * rebuilt here). The embedded database has one session: its build holds it until done.
 */
export async function createUserIndexes(db: Database, endUserId: string): Promise<{ vectorMs: number; textMs: number }> {
  const names = userIndexNames(endUserId);
  const server = chooseDriver() !== "pglite";
  const concurrently = server ? "concurrently " : "";
  const pred = `end_user_id = ${literal(endUserId)}`;
  const timed = async (name: string, ddl: string) => {
    const { rows } = await db.execute<{ valid: boolean | null }>(
      sql`select (select indisvalid from pg_index where indexrelid = to_regclass(${name})) as valid`,
    );
    const valid = rows[0]?.valid;
    if (valid === true) return 0;
    if (valid === false) await db.execute(sql.raw(`drop index ${concurrently}if exists ${name}`));
    const t = performance.now();
    await db.execute(sql.raw(ddl));
    return performance.now() - t;
  };
  const vectorMs = await timed(
    names.vector,
    `create index ${concurrently}if not exists ${names.vector} on search_index using hnsw (embedding vector_cosine_ops) where ${pred}`,
  );
  // Like the full-text branch's condition: only `lexical` rows, and no pending list (the
  // embedded database has no autovacuum to merge it).
  const textMs = await timed(
    names.text,
    `create index ${concurrently}if not exists ${names.text} on search_index using gin (tsv) with (fastupdate = off) where ${pred} and lexical`,
  );
  if (!server) await db.execute(sql`analyze search_index`);
  return { vectorMs, textMs };
}

/** Per-user indexes whose user no longer exists are dropped (users are deleted in several places). */
export async function dropOrphanUserIndexes(db: Database): Promise<string[]> {
  const { rows } = await db.execute<{ name: string; pred: string }>(sql`
    select c.relname as name, pg_get_expr(i.indpred, i.indrelid) as pred
      from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = 'search_index'::regclass and c.relname like ${`${PREFIX}%`}`);
  const byUser = new Map<string, string[]>();
  for (const r of rows) {
    const m = /end_user_id = '((?:[^']|'')*)'/.exec(r.pred ?? "");
    if (!m) continue;
    const id = m[1]!.replace(/''/g, "'");
    byUser.set(id, [...(byUser.get(id) ?? []), r.name]);
  }
  if (!byUser.size) return [];
  const ids = [...byUser.keys()];
  const { rows: alive } = await db.execute<{ id: string }>(
    sql`select id from end_users where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  );
  const keep = new Set(alive.map((r) => r.id));
  const dropped: string[] = [];
  const concurrently = chooseDriver() !== "pglite" ? "concurrently " : "";
  for (const [id, names] of byUser) {
    if (keep.has(id)) continue;
    for (const name of names) {
      await db.execute(sql.raw(`drop index ${concurrently}if exists ${name}`));
      dropped.push(name);
    }
  }
  return dropped;
}
