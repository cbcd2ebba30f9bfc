/**
 * Runs once when a server starts: fail loudly, with the variable's name, on a bad
 * environment; then open the database (migrating it) and resume in-process work.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env");
  env();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { resumePendingWork, startFactAnalysisIfNeeded, startReembeddingIfNeeded } = await import("./inngest/recover");
  resumePendingWork().catch((e: unknown) => console.error("[pio] could not resume pending work:", e));
  startReembeddingIfNeeded().catch((e: unknown) => console.error("[pio] could not start re-embedding:", e));
  startFactAnalysisIfNeeded().catch((e: unknown) => console.error("[pio] could not start the fact analysis:", e));
}
