/** Runs once when a server starts: fail loudly, with the variable's name, on a bad environment. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env");
  env();
}
