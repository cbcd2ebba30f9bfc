import { sql, type SQL } from "drizzle-orm";
import { vectorBytes } from "./vector";

/**
 * A text[] parameter. Drizzle expands JS arrays in `sql` templates into a list of
 * parameters, so arrays travel as one JSON parameter instead (empty arrays work too).
 */
export function textArray(values: readonly string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** A pgvector parameter, sent in binary (db/vector.ts). */
export function vectorParam(v: readonly number[]): SQL {
  return sql`${vectorBytes(v)}::vector`;
}

/** `%` and `_` are wildcards in LIKE: a search for `usr_` must match the underscore itself. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
