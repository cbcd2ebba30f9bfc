import type { Inngest } from "inngest";
import { sanitizedError } from "@/server/lib/log";
import { inngest } from "./client";

/** The part of Inngest's step tooling that Pio's functions use. */
export interface Steps {
  /** Runs `fn` once; its result is stored as JSON (Dates come back as strings). */
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Pauses the run (Inngest resumes it later without holding a process; in-process: a timer).
   * Optional so that code calling a handler directly may pass `{ run }` alone.
   */
  sleep?(id: string, ms: number): Promise<void>;
}

export interface JobSpec<TData> {
  id: string;
  event: string;
  /** Runs with the same key never overlap (e.g. one user's memories). */
  concurrencyKey?: { field: keyof TData & string; limit: number };
  /** Later events with the same key within this window replace earlier ones. */
  debounceMs?: { field: keyof TData & string; period: number };
  /** A second event with the same key is ignored for 24 h. */
  idempotencyKey?: (keyof TData & string)[];
  /**
   * The event's id, from its data: Inngest ignores an event whose id it received in the last
   * 24 h, so sending the same work twice (a sweep re-sending what may have been sent) runs it once.
   */
  eventId?: (data: TData) => string;
  /** Also run on this schedule (Inngest only: the in-process runner has no scheduler). */
  cron?: string;
  retries: 0 | 1 | 2 | 3 | 4 | 5;
  handler(args: { data: TData; step: Steps; attempt: number }): Promise<unknown>;
  /** Called once all retries are spent; must make the failure visible. */
  onFailure?(args: { data: TData; error: Error }): Promise<void>;
}

export interface Job<TData> {
  spec: JobSpec<TData>;
  fn: ReturnType<Inngest["createFunction"]>;
}

/** One definition gives both the Inngest function and what the in-process runner runs. */
export function defineJob<TData extends Record<string, unknown>>(definition: JobSpec<TData>): Job<TData> {
  // What a job throws leaves the process (Inngest's run history, the runner's log, the stored
  // error of an ingestion): only its safe description does, never a failed query's parameters.
  const spec: JobSpec<TData> = {
    ...definition,
    handler: (args) => definition.handler(args).catch((e: unknown) => Promise.reject(sanitizedError(e))),
  };
  const config = {
    id: spec.id,
    triggers: [{ event: spec.event }, ...(spec.cron ? [{ cron: spec.cron }] : [])],
    retries: spec.retries,
    ...(spec.concurrencyKey
      ? { concurrency: [{ key: `event.data.${spec.concurrencyKey.field}`, limit: spec.concurrencyKey.limit }] }
      : {}),
    ...(spec.debounceMs
      ? { debounce: { key: `event.data.${spec.debounceMs.field}`, period: `${Math.max(1, Math.round(spec.debounceMs.period / 1000))}s` } }
      : {}),
    ...(spec.idempotencyKey
      ? { idempotency: spec.idempotencyKey.map((k) => `event.data.${k}`).join(" + '-' + ") }
      : {}),
    ...(spec.onFailure
      ? {
          onFailure: async ({ event, error }: { event: { data: { event: { data: unknown } } }; error: Error }) =>
            spec.onFailure!({ data: event.data.event.data as TData, error }),
        }
      : {}),
  };
  const fn = inngest.createFunction(config as Parameters<Inngest["createFunction"]>[0], async (ctx: any) =>
    spec.handler({ data: ctx.event.data as TData, step: ctx.step as Steps, attempt: ctx.attempt ?? 0 }),
  );
  return { spec, fn };
}
