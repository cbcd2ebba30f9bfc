import { getDbHandle } from "@/db/client";
import { logError } from "@/server/lib/log";
import type { JobSpec, Steps } from "./define";

/**
 * Runs Pio's Inngest functions in this process when Inngest is not configured: same code,
 * same step semantics (results round-trip through JSON, completed steps are not re-run on
 * retry), retries with backoff, per-key concurrency, debounce, idempotency and onFailure.
 * Work does not survive a restart; the ingestion recovery sweep re-queues what was pending.
 */
interface Pending {
  promise: Promise<void>;
}

const state = globalThis as unknown as {
  __pioRunner?: {
    inflight: Set<Promise<void>>;
    chains: Map<string, Promise<void>>;
    debounces: Map<string, { timer: ReturnType<typeof setTimeout>; release: () => void }>;
    seen: Map<string, number>;
    /** Set for a shutdown: nothing new starts, running jobs stop at their next step. */
    stopping?: boolean;
  };
};
const runner = (state.__pioRunner ??= { inflight: new Set(), chains: new Map(), debounces: new Map(), seen: new Map(), stopping: false });

/** Thrown by a step once the process is stopping: the job ends where a restart can resume it. */
class WorkStopped extends Error {
  constructor() {
    super("the process is stopping");
  }
}

const BACKOFF_MS = [200, 1000, 3000, 8000, 15000];

function stepsFor(memo: Map<string, unknown>): Steps {
  return {
    async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
      if (memo.has(id)) return memo.get(id) as T;
      if (runner.stopping) throw new WorkStopped();
      const value = await fn();
      const stored = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);
      memo.set(id, stored);
      return stored as T;
    },
  };
}

/** Holds the key across processes while `run` runs (a no-op on the embedded database). */
async function holdingKey<R>(key: string | undefined, run: () => Promise<R>): Promise<R> {
  const lockKey = key ? (await getDbHandle()).lockKey : undefined;
  if (!key || !lockKey) return run();
  const release = await lockKey(key);
  try {
    return await run();
  } finally {
    await release().catch((e: unknown) => logError(`[pio] could not release the lock on ${key}:`, e));
  }
}

async function execute<T>(spec: JobSpec<T>, data: T, key?: string): Promise<void> {
  const memo = new Map<string, unknown>();
  for (let attempt = 0; ; attempt++) {
    // Queued behind another run of its key when the process began stopping: left for the next start.
    if (runner.stopping) return;
    try {
      await holdingKey(key, () => spec.handler({ data, step: stepsFor(memo), attempt }));
      return;
    } catch (error) {
      // Stopped (or cut off by the database closing) during a shutdown: neither retried nor
      // failed; what it was doing is still pending in the database for the next start.
      if (runner.stopping) return;
      if (attempt >= spec.retries) {
        logError(`[pio] job ${spec.id} failed after ${attempt + 1} attempt(s):`, error);
        await spec.onFailure?.({ data, error: error as Error }).catch((e: unknown) => {
          logError(`[pio] job ${spec.id} onFailure failed:`, e);
        });
        return;
      }
      await new Promise((r) => setTimeout(r, BACKOFF_MS[attempt] ?? 15000));
    }
  }
}

function track(p: Promise<void>): Pending {
  runner.inflight.add(p);
  void p.finally(() => runner.inflight.delete(p));
  return { promise: p };
}

function schedule<T>(spec: JobSpec<T>, data: T): Pending {
  const keyField = spec.concurrencyKey?.field;
  const key = keyField ? `${spec.id}:${String((data as Record<string, unknown>)[keyField])}` : undefined;
  if (!key) return track(Promise.resolve().then(() => execute(spec, data)));
  // Runs with one key are chained, so they never overlap.
  const previous = runner.chains.get(key) ?? Promise.resolve();
  const next = previous.then(() => execute(spec, data, key));
  runner.chains.set(key, next);
  void next.finally(() => {
    if (runner.chains.get(key) === next) runner.chains.delete(key);
  });
  return track(next);
}

/** Queues a run in the background; the caller does not wait for it. */
export function runInProcess<T>(spec: JobSpec<T>, data: T): void {
  if (runner.stopping) return;
  const record = data as Record<string, unknown>;
  if (spec.idempotencyKey) {
    const key = `${spec.id}:${spec.idempotencyKey.map((k) => String(record[k])).join("-")}`;
    const now = Date.now();
    const seenAt = runner.seen.get(key);
    if (seenAt && now - seenAt < 24 * 3600 * 1000) return;
    runner.seen.set(key, now);
  }
  if (spec.debounceMs) {
    const key = `${spec.id}:${String(record[spec.debounceMs.field])}`;
    const previous = runner.debounces.get(key);
    if (previous) {
      clearTimeout(previous.timer);
      previous.release();
    }
    let release!: () => void;
    track(new Promise<void>((r) => (release = r)));
    const timer = setTimeout(() => {
      runner.debounces.delete(key);
      void schedule(spec, data).promise.finally(release);
    }, spec.debounceMs.period);
    runner.debounces.set(key, { timer, release });
    return;
  }
  schedule(spec, data);
}

/** Resolves once no in-process job is queued or running (tests and benchmarks use it). */
export async function waitForIdle(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (runner.inflight.size > 0 || runner.debounces.size > 0) {
    if (Date.now() > deadline) throw new Error(`in-process jobs still running after ${timeoutMs} ms`);
    await Promise.race([...runner.inflight, new Promise((r) => setTimeout(r, 50))]);
  }
}

/**
 * For a graceful stop: nothing new starts (queued and debounced runs are dropped), a running
 * job ends at its next step. Work is left where a restart resumes it, as after a crash
 * (inngest/recover.ts).
 */
export function stopInProcessWork(): void {
  runner.stopping = true;
  for (const { timer, release } of runner.debounces.values()) {
    clearTimeout(timer);
    release();
  }
  runner.debounces.clear();
}

/** After stopInProcessWork: resolves with the number of jobs still running after `timeoutMs`. */
export async function waitForStoppedWork(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (runner.inflight.size > 0 && Date.now() < deadline) {
    await Promise.race([...runner.inflight, new Promise((r) => setTimeout(r, 25))]);
  }
  return runner.inflight.size;
}
