import type { z } from "zod";
import { ApiError, fieldPath, validationError } from "@/server/http/errors";
import { checkJsonInput } from "@/server/http/input";
import { getIngestion } from "@/server/ingest/status";
import { submitIngestion } from "@/server/ingest/submit";
import { answerQuery } from "@/server/profile/query";
import { getProfile } from "@/server/profile/get-profile";
import { getSummary } from "@/server/profile/get-summary";
import { retrieveChunks } from "@/server/retrieval/chunks";
import type { ServiceContext } from "@/server/service/context";
import { registerUser } from "@/server/users/register-user";
import type { AnyOperation, Operation } from "./define";
import { operations, type OperationId, type Operations } from "./operations";

/**
 * What each operation does: a few lines over the use cases (server/<domain>/<verb>.ts), given
 * the request's ServiceContext (scope, the API key as actor, request id, background jobs). The REST routes
 * (server/http/operation-route.ts) and the MCP tools (server/mcp) both call these, so a use
 * case, its follow-up jobs and its errors are the same whichever transport asked.
 */
export type OperationContext = ServiceContext;

/** A response with a status other than 200. */
export class Reply<T> {
  constructor(
    readonly body: T,
    readonly status: number,
  ) {}
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;
export type InputOf<O> = O extends Operation<infer B, infer Q, infer P, z.ZodType> ? { body: Parsed<B>; query: Parsed<Q>; params: Parsed<P> } : never;
export type OutputOf<O> = O extends Operation<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, infer R> ? z.input<R> : never;
type Runner<O> = (ctx: OperationContext, input: InputOf<O>) => Promise<OutputOf<O> | Reply<OutputOf<O>>>;

export const runners: { [K in OperationId]: Runner<Operations[K]> } = {
  async register(ctx, { body }) {
    const { user, created } = await registerUser(ctx, body);
    return new Reply({ user_id: user.userId, created_at: user.createdAt.toISOString(), status: "active" as const }, created ? 201 : 200);
  },
  ingest: (ctx, { body }) => submitIngestion(ctx, body),
  getIngestion: (ctx, { params }) => getIngestion(ctx, { id: params.id }),
  getSummary: (ctx, { query }) => getSummary(ctx, query),
  getProfile: (ctx, { query }) => getProfile(ctx, query),
  getChunks: (ctx, { body }) => retrieveChunks(ctx, body),
  query: (ctx, { body }) => answerQuery(ctx, body),
};

/** Validates path parameters (Next hands them over unchecked). */
export function parseParams(op: AnyOperation, raw: Record<string, string>): unknown {
  if (!op.params) return raw;
  const parsed = op.params.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldPath(issue.path);
  throw new ApiError(400, "validation_error", `Invalid path parameter \`${field}\`: ${issue.message}`, { field });
}

/** Runs an operation on already validated input. */
export async function runOperation(op: AnyOperation, ctx: OperationContext, input: { body: unknown; query: unknown; params: unknown }) {
  const runner = runners[op.id as OperationId] as unknown as (ctx: OperationContext, input: unknown) => Promise<unknown>;
  if (!runner) throw new Error(`no runner for operation ${op.id}`);
  const out = await runner(ctx, input);
  return out instanceof Reply ? { status: out.status, body: out.body } : { status: op.responses[0].status, body: out };
}

/**
 * Validates a transport's JSON input (MCP tool arguments: body, query and path fields in one
 * object) with the operation's own schemas, exactly as the REST route would, then runs it.
 * Query values are passed as the strings a URL would carry, so the same schema applies.
 */
export async function invokeOperation(op: AnyOperation, ctx: OperationContext, args: Record<string, unknown>) {
  // The same door as a REST body: storable strings, bounded nesting (server/http/input.ts).
  const unfit = checkJsonInput(args, "argument");
  if (unfit) throw unfit;
  const keysOf = (schema: z.ZodType | undefined) => new Set(Object.keys((schema as unknown as { shape?: object } | undefined)?.shape ?? {}));
  const paramKeys = keysOf(op.params);
  const queryKeys = keysOf(op.query);
  /** The arguments a URL would carry for these keys: scalars as strings, anything else as is (and refused). */
  const asUrlValues = (keys: Set<string>) =>
    Object.fromEntries(Object.entries(args).filter(([k, v]) => keys.has(k) && v !== undefined).map(([k, v]) => [k, v !== null && typeof v === "object" ? v : String(v)]));

  const params = op.params ? parseParams(op, asUrlValues(paramKeys) as Record<string, string>) : undefined;
  let query: unknown;
  if (op.query) {
    const parsed = op.query.safeParse(asUrlValues(queryKeys));
    if (!parsed.success) throw validationError(parsed.error, "query");
    query = parsed.data;
  }
  let body: unknown;
  if (op.body) {
    const bodyArgs = Object.fromEntries(Object.entries(args).filter(([k]) => !paramKeys.has(k) && !queryKeys.has(k)));
    const refused = op.precheck?.(bodyArgs);
    if (refused) throw refused;
    const parsed = op.body.safeParse(bodyArgs);
    if (!parsed.success) throw validationError(parsed.error, "body");
    body = parsed.data;
  }
  return runOperation(op, ctx, { body, query, params });
}

export { operations };
