import { closeDb } from "@/db/client";
import { stopInProcessWork, waitForStoppedWork } from "@/inngest/runner";
import { flushRequestLogs } from "@/server/http/request-log";

const state = globalThis as unknown as { __pioShuttingDown?: boolean };

/**
 * The app's part of a graceful stop, driven by the server (scripts/start.mjs).
 *
 * At the signal: in-process background work stops starting anything (a running job ends at
 * its next step), so the requests still in flight get the CPU and the database; what it left
 * is pending in the database and resumed by the next start, as after a crash.
 */
export function beginShutdown(): void {
  state.__pioShuttingDown = true;
  stopInProcessWork();
}

/**
 * Once HTTP requests have drained: wait (up to `budgetMs`) for the jobs' current steps, write
 * the buffered request logs, close the database (the embedded one checkpoints, so the next
 * start opens it without recovery).
 */
export async function finishShutdown(budgetMs: number): Promise<void> {
  beginShutdown();
  const running = await waitForStoppedWork(Math.max(0, budgetMs - 1500));
  if (running > 0) console.error(`[pio] ${running} background job(s) still running: left for the next start to resume`);
  await flushRequestLogs();
  await closeDb({ final: true });
}

/** True once a shutdown began: work cut short by it is expected, not an error to report. */
export function isShuttingDown(): boolean {
  return state.__pioShuttingDown === true;
}

/** Where the server finds both (the server is plain JavaScript outside Next's bundles). */
export const SHUTDOWN_HOOK = Symbol.for("pio.shutdown");
export const shutdownHook = { begin: beginShutdown, finish: finishShutdown };
