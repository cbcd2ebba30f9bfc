import type { Database } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import { requestLogs } from "@/db/schema";
import { logError } from "@/server/lib/log";
import { redactText } from "@/server/privacy";
import type { ApiError } from "./errors";

type Row = typeof requestLogs.$inferInsert;

/**
 * Request-log rows are written in small batches off the request path, so logging never
 * adds a database round trip to an API call.
 */
interface LogBuffer {
  queue: Row[];
  timer?: ReturnType<typeof setTimeout>;
  pending: Promise<void>;
  target?: Database;
}
// One buffer per process, on globalThis: route bundles and the shutdown hook share it.
const store = globalThis as unknown as { __pioRequestLogs?: LogBuffer };
const buffer = (store.__pioRequestLogs ??= { queue: [], pending: Promise.resolve() });

const MAX_LOGGED_MESSAGE = 500;

/**
 * The parts of an error envelope a log row keeps, so the portal can show the body the client
 * got: its code, and its message and field redacted like any stored text (a field path may
 * hold a client's trait key, which may be an email).
 */
export function loggedError(err: ApiError): Pick<Row, "errorCode" | "errorMessage" | "errorField"> {
  const clean = (s: string | undefined) => (s ? redactText(storable(s.slice(0, MAX_LOGGED_MESSAGE))).text : null);
  return { errorCode: err.code, errorMessage: clean(err.message), errorField: clean(err.extra.field) };
}

/**
 * A message or field may quote what the client sent (the field with a NUL in its name, a cut
 * that splits a surrogate pair): Postgres text cannot hold NUL or lone surrogates, and one such
 * row would fail the whole batch insert. Both become U+FFFD.
 */
function storable(s: string): string {
  return s.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

export function logRequest(db: Database, row: Row): void {
  buffer.target = db;
  buffer.queue.push(row);
  if (buffer.queue.length >= 200) void flushRequestLogs();
  else if (!buffer.timer) {
    buffer.timer = setTimeout(() => void flushRequestLogs(), 200);
    buffer.timer.unref?.();
  }
}

export function flushRequestLogs(): Promise<void> {
  if (buffer.timer) clearTimeout(buffer.timer);
  buffer.timer = undefined;
  const rows = buffer.queue.splice(0);
  if (rows.length && buffer.target) {
    const db = buffer.target;
    buffer.pending = buffer.pending.then(() =>
      // One JSON parameter for the batch (insertMany): drizzle's insert built ~2,000
      // parameters for 200 rows on the thread that serves the requests.
      insertMany(db, requestLogs, rows)
        .catch((e: unknown) => logError(`[pio] could not write ${rows.length} request log row(s):`, e)),
    );
  }
  return buffer.pending;
}
