/**
 * Runs once when a server starts: fail loudly, with the variable's name, on a bad
 * environment; then open the database (migrating it) and resume in-process work. The
 * server (scripts/start.mjs) calls the installed shutdown hook on SIGTERM.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Errors and warnings, Next.js's own included, are logged without personal data.
  (await import("./server/lib/log")).installLogRedaction();
  const { env } = await import("./server/env");
  env();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Users whose search rows change are kept in memory from the first change (embedded database).
  (await import("./server/retrieval/memory-index")).watchSearchChanges();
  const { SHUTDOWN_HOOK, isShuttingDown, shutdownHook } = await import("./server/lifecycle/shutdown");
  (globalThis as Record<symbol, unknown>)[SHUTDOWN_HOOK] = shutdownHook;
  const failed = (what: string) => (e: unknown) => {
    if (!isShuttingDown()) console.error(`[pio] could not ${what}:`, e);
  };
  const { resumePendingWork, startFactAnalysisIfNeeded, startReembeddingIfNeeded } = await import("./inngest/recover");
  resumePendingWork().catch(failed("resume pending work"));
  startReembeddingIfNeeded().catch(failed("start re-embedding"));
  startFactAnalysisIfNeeded().catch(failed("start the fact analysis"));
}
