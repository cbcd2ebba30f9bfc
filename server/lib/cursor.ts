import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { invalidError } from "@/server/service/errors";

/**
 * Opaque pagination cursors: the sort key of the last row of a page — a timestamp at the
 * database's microsecond precision (a JS Date would round it and skip or repeat rows) and the
 * id as tiebreak — as base64url JSON. Stable under inserts, unlike page numbers.
 */
export interface CursorKey {
  at: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString("base64url");
}

export function decodeCursor(cursor: string, field = "cursor"): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "string" && typeof id === "string" && id && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(at) && !Number.isNaN(Date.parse(at))) {
      return { at, id };
    }
  } catch {
    /* answered below */
  }
  throw invalidError(field, `Invalid query field \`${field}\`: not a cursor this API returned; pass \`next_cursor\` from the previous page as is.`);
}

/** A timestamp column as exact UTC text (microseconds), for cursors. */
export const exactTime = (column: AnyColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows after the cursor in `order by time desc, id desc`. */
export const beforeCursor = (time: AnyColumn, id: AnyColumn, key: CursorKey): SQL =>
  sql`(${time}, ${id}) < (${key.at}::timestamptz, ${key.id})`;
