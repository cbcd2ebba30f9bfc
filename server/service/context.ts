import type { Database } from "@/db/client";
import { dispatch } from "@/inngest/dispatch";
import type { Job } from "@/inngest/define";
import type { Scope } from "@/server/users/register";

/**
 * Who asked for a use case. Audit rows and webhook payloads name it; services never branch on
 * the transport, only (rarely) on the kind of actor.
 */
export type Actor =
  | { kind: "api_key"; apiKeyId: string }
  | { kind: "account"; accountId: string }
  | { kind: "system"; name: string };

/**
 * Follow-up work a use case starts: an Inngest event when Inngest is configured, the same
 * function in-process otherwise. Services call `ctx.jobs.send` after their transaction commits;
 * tests can pass a recorder.
 */
export interface Jobs {
  send<T extends Record<string, unknown>>(job: Job<T>, data: T): Promise<void>;
}

export const backgroundJobs: Jobs = { send: (job, data) => dispatch(job, data) };

/**
 * The one argument every use case takes besides its input (server/<domain>/<verb>.ts):
 * `(ctx, input) => plain data`, throwing the domain errors of server/service/errors.ts.
 * Routes, tRPC procedures, MCP tools, jobs and scripts build it and adapt the result.
 */
export interface ServiceContext {
  db: Database;
  scope: Scope;
  actor: Actor;
  requestId: string;
  jobs: Jobs;
}

/** What a read-only use case needs (GET /summary, /chunks, …): the database and the scope. */
export type ReadContext = Pick<ServiceContext, "db" | "scope">;

export function serviceContext(parts: Omit<ServiceContext, "jobs"> & { jobs?: Jobs }): ServiceContext {
  return { ...parts, jobs: parts.jobs ?? backgroundJobs };
}
