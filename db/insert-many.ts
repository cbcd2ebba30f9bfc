import { getTableColumns, getTableName, SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "./client";
import { vectorBytes } from "./vector";

type Writer = Pick<Database, "insert" | "execute">;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const isVector = (c: PgColumn) => c.getSQLType().startsWith("vector");

/**
 * A multi-row INSERT of the ingestion's bulk rows (messages, memories, search rows, chunks,
 * versions) that sends the rows as one JSON parameter, read back with `jsonb_to_recordset`, and
 * each vector as one parameter in pgvector's binary format. Drizzle's own insert sends one
 * parameter per value (200 rows × 20 columns) and builds each with several class checks: that
 * was the largest cost of an ingestion in the app's own thread, more than the extraction.
 *
 * The same rows, the same columns, the same result as `db.insert(table).values(rows)` (to which
 * it falls back when some rows leave a column with a default unset — JSON can only say null —
 * or give a value as SQL).
 */
export async function insertMany<T extends PgTable>(db: Writer, table: T, rows: T["$inferInsert"][]): Promise<void> {
  if (!rows.length) return;
  const records = rows as Record<string, unknown>[];
  const columns = (Object.entries(getTableColumns(table)) as [string, PgColumn][]).filter(
    ([key, c]) => !c.generated && records.some((r) => r[key] !== undefined),
  );
  const unsendable = (r: Record<string, unknown>) => columns.some(([key, c]) => (c.hasDefault && r[key] === undefined) || r[key] instanceof SQL);
  if (records.some(unsendable)) {
    await db.insert(table).values(rows);
    return;
  }
  const plain = columns.filter(([, c]) => !isVector(c));
  const vectors = columns.filter(([, c]) => isVector(c));
  const params: SQL[] = [];
  const json = JSON.stringify(
    records.map((r, i) => {
      const o: Record<string, unknown> = { __row: i + 1 };
      for (const [key, c] of plain) o[c.name] = r[key] ?? null;
      return o;
    }),
    // What node-postgres would send as UTF-8 text: a lone surrogate becomes U+FFFD (jsonb
    // refuses its \u escape).
    (_k, v: unknown) => (typeof v === "string" ? v.toWellFormed() : v),
  );
  const select = plain.map(([, c]) => `r.${quote(c.name)}`);
  for (const [key, c] of vectors) {
    const values = records.map((r) => {
      const v = r[key] as readonly number[] | null | undefined;
      return v ? sql`${vectorBytes(v)}::vector` : sql`null::vector`;
    });
    params.push(sql`(array[${sql.join(values, sql`, `)}])[r.__row] as ${sql.raw(quote(c.name))}`);
  }
  const names = [...plain, ...vectors].map(([, c]) => quote(c.name)).join(", ");
  const types = [...plain.map(([, c]) => `${quote(c.name)} ${c.getSQLType()}`), "__row integer"].join(", ");
  const selected = [...(select.length ? [sql.raw(select.join(", "))] : []), ...params];
  await db.execute(
    sql`insert into ${sql.raw(quote(getTableName(table)))} (${sql.raw(names)}) select ${sql.join(selected, sql`, `)} from jsonb_to_recordset(${json}::jsonb) as r(${sql.raw(types)})`,
  );
}
