import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

/**
 * Every row of every table, as JSON text, vectors and hashes left out (their digits are noise):
 * what a privacy test scans for raw personal values.
 */
export async function databaseText(db: Database): Promise<string> {
  const { rows: tables } = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const { rows: cols } = await db.execute<{ table_name: string; column_name: string }>(
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public'
         and (udt_name = 'vector' or column_name like '%hash%')`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const drop = cols.filter((c) => c.table_name === name).map((c) => ` - '${c.column_name}'`).join("");
    const { rows } = await db.execute<{ j: string }>(sql.raw(`select (to_jsonb(x)${drop})::text as j from "${name}" x`));
    parts.push(...rows.map((r) => `${name}: ${r.j}`));
  }
  return parts.join("\n");
}

/** The first raw value found in `text`, with what surrounds it, or null. */
export function findRaw(text: string, raws: readonly string[]): string | null {
  for (const raw of raws) {
    const at = text.indexOf(raw);
    if (at >= 0) return `"${raw}" in …${text.slice(Math.max(0, at - 200), at + 100)}…`;
  }
  return null;
}
