import type { Database } from "@/db/client";
import { requestLogs } from "@/db/schema";
import { logError } from "@/server/lib/log";

type Row = typeof requestLogs.$inferInsert;

/**
 * Request-log rows are written in small batches off the request path, so logging never
 * adds a database round trip to an API call.
 */
const queue: Row[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let pending: Promise<void> = Promise.resolve();
let target: Database | undefined;

export function logRequest(db: Database, row: Row): void {
  target = db;
  queue.push(row);
  if (queue.length >= 200) void flushRequestLogs();
  else if (!timer) {
    timer = setTimeout(() => void flushRequestLogs(), 200);
    timer.unref?.();
  }
}

export function flushRequestLogs(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const rows = queue.splice(0);
  if (rows.length && target) {
    const db = target;
    pending = pending.then(() =>
      db
        .insert(requestLogs)
        .values(rows)
        .then(() => undefined)
        .catch((e: unknown) => logError(`[pio] could not write ${rows.length} request log row(s):`, e)),
    );
  }
  return pending;
}
