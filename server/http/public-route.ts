import type { z } from "zod";
import { getDb, type Database } from "@/db/client";
import type { ApiKey, Environment, Workspace } from "@/db/schema";
import { env } from "@/server/env";
import { touchLastUsed, verifyApiKey } from "@/server/keys/service";
import { randomBase58 } from "@/server/lib/base58";
import { logError } from "@/server/lib/log";
import { serviceContext, type ServiceContext } from "@/server/service/context";
import { readJsonBody } from "./body";
import { ApiError, errorBody, isExpectedError, toApiError, validationError } from "./errors";
import { checkJsonInput, checkParams } from "./input";
import { takeToken } from "./rate-limit";
import { loggedError, logRequest } from "./request-log";

export interface PublicContext<TBody, TQuery> {
  req: Request;
  body: TBody;
  query: TQuery;
  params: Record<string, string>;
  db: Database;
  workspace: Workspace;
  environment: Environment;
  apiKey: ApiKey;
  requestId: string;
  /** The use-case context of this request: its scope, the key as actor, background jobs. */
  service: ServiceContext;
}

export interface RouteConfig<TBody, TQuery> {
  /** The route as logged and shown in the portal, e.g. `/ingestions/:id`. */
  route: string;
  body?: z.ZodType<TBody>;
  query?: z.ZodType<TQuery>;
  maxBodyBytes?: number;
  /** A cheap check of the raw JSON before the schema (e.g. item counts, answered with 413). */
  precheck?: (raw: unknown) => ApiError | null;
}

type NextContext = { params?: Promise<Record<string, string | string[]> | undefined> };

/** A handler's answer: a Response, or a JSON value sent with status 200. */
export type HandlerResult = Response | Record<string, unknown>;

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return Response.json(data, { status, headers });
}

const ERROR_FOR_REASON = {
  unknown: ["invalid_api_key", "The API key is not valid."],
  revoked: ["revoked_api_key", "The API key has been revoked."],
  expired: ["expired_api_key", "The API key has expired."],
} as const;

function readKey(req: Request): string | null {
  const header = req.headers.get("x-api-key")?.trim();
  if (header) return header;
  const auth = req.headers.get("authorization")?.trim();
  const match = auth?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

function finish(res: Response, requestId: string, extra?: Record<string, string>): Response {
  res.headers.set("x-request-id", requestId);
  res.headers.set("cache-control", "no-store");
  for (const [k, v] of Object.entries(extra ?? {})) res.headers.set(k, v);
  return res;
}

/**
 * Wraps every public REST route: request id, key authentication (workspace + environment),
 * per-key rate limit, JSON body with a size limit, zod validation, one error envelope, and a
 * request-log row. Handlers contain only their own logic.
 */
export function publicRoute<TBody = undefined, TQuery = undefined>(
  config: RouteConfig<TBody, TQuery>,
  handler: (ctx: PublicContext<TBody, TQuery>) => Promise<HandlerResult>,
) {
  return async function route(req: Request, nextCtx?: NextContext): Promise<Response> {
    const started = performance.now();
    const requestId = `req_${randomBase58(12)}`;
    let db: Database | undefined;
    let apiKey: ApiKey | undefined;
    let status = 500;
    let failure: ApiError | undefined;
    const headers: Record<string, string> = {};
    try {
      const key = readKey(req);
      if (!key) {
        throw new ApiError(401, "missing_api_key", "Missing API key: send it in the x-api-key header (or Authorization: Bearer <key>).");
      }
      try {
        db = await getDb();
      } catch (e) {
        logError(`[pio] ${requestId} database unavailable:`, e);
        throw new ApiError(503, "database_unavailable", "The database is unavailable; try again shortly.");
      }
      const verified = await verifyApiKey(db, key);
      if (!verified.ok) {
        // A revoked or expired key still belongs to a workspace: the attempt is in its logs.
        if (verified.reason !== "unknown") apiKey = verified.apiKey;
        const [code, message] = ERROR_FOR_REASON[verified.reason];
        throw new ApiError(401, code, message);
      }
      apiKey = verified.apiKey;
      void touchLastUsed(db, apiKey)?.catch((e: unknown) => logError("[pio] last_used_at update failed:", e));

      const rps = env().RATE_LIMIT_RPS;
      const rate = takeToken(apiKey.id, rps);
      if (!rate.ok) {
        throw new ApiError(429, "rate_limited", `Too many requests for this API key (limit ${rps}/s). Retry after ${rate.retryAfterSec}s.`, {
          headers: { "retry-after": String(rate.retryAfterSec) },
        });
      }
      if (rps > 0) {
        headers["x-ratelimit-limit"] = String(rps);
        headers["x-ratelimit-remaining"] = String(rate.remaining);
      }

      let body = undefined as TBody;
      if (config.body) {
        const raw = await readJsonBody(req, config.maxBodyBytes);
        const refused = checkJsonInput(raw) ?? config.precheck?.(raw);
        if (refused) throw refused;
        const parsed = config.body.safeParse(raw);
        if (!parsed.success) throw validationError(parsed.error, "body");
        body = parsed.data;
      }
      let query = undefined as TQuery;
      if (config.query) {
        const raw = Object.fromEntries(new URL(req.url).searchParams);
        const refused = checkParams(raw, "query");
        if (refused) throw refused;
        const parsed = config.query.safeParse(raw);
        if (!parsed.success) throw validationError(parsed.error, "query");
        query = parsed.data;
      }
      const rawParams = (await nextCtx?.params) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      const badParam = checkParams(params, "path");
      if (badParam) throw badParam;

      const result = await handler({
        req,
        body,
        query,
        params,
        db,
        workspace: verified.workspace,
        environment: apiKey.environment,
        apiKey,
        requestId,
        service: serviceContext({
          db,
          scope: { workspaceId: verified.workspace.id, environment: apiKey.environment },
          actor: { kind: "api_key", apiKeyId: apiKey.id },
          requestId,
        }),
      });
      const res = result instanceof Response ? result : json(result);
      status = res.status;
      return finish(res, requestId, headers);
    } catch (e) {
      const err = toApiError(e, requestId);
      if (!isExpectedError(e)) logError(`[pio] ${requestId} ${req.method} ${config.route} failed:`, e);
      status = err.status;
      failure = err;
      return finish(json(errorBody(err, requestId), err.status), requestId, { ...headers, ...err.extra.headers });
    } finally {
      if (db) logCall(db, { req, route: config.route, requestId, started, status, apiKey, failure });
    }
  };
}

interface Call {
  req: Request;
  route: string;
  requestId: string;
  started: number;
  status: number;
  apiKey?: ApiKey;
  failure?: ApiError;
}

/** A request-log row: the key's id, never the key. */
function logCall(db: Database, { req, route, requestId, started, status, apiKey, failure }: Call) {
  logRequest(db, {
    requestId,
    workspaceId: apiKey?.workspaceId ?? null,
    environment: apiKey?.environment ?? null,
    apiKeyId: apiKey?.id ?? null,
    method: req.method,
    route,
    status,
    latencyMs: Math.round(performance.now() - started),
    errorCode: null,
    ...(failure ? loggedError(failure) : {}),
  });
}

/**
 * The 405 answer for methods a route does not have, in the same envelope, before any
 * authentication. A call made with one of a workspace's keys (valid, revoked or expired) is
 * logged for that workspace, under `routeName` (the route as the portal shows it, e.g.
 * `/ingestions/:id`; the request's path when not given).
 */
export function methodNotAllowed(allowed: string[], routeName?: string) {
  return async function notAllowed(req: Request): Promise<Response> {
    const route = routeName ?? new URL(req.url).pathname;
    const started = performance.now();
    const requestId = `req_${randomBase58(12)}`;
    const err = new ApiError(405, "method_not_allowed", `${req.method} is not allowed here; use ${allowed.join(" or ")}.`);
    const key = readKey(req);
    if (key) {
      try {
        const db = await getDb();
        const verified = await verifyApiKey(db, key);
        const apiKey = verified.ok || verified.reason !== "unknown" ? verified.apiKey : undefined;
        logCall(db, { req, route, requestId, started, status: 405, apiKey, failure: err });
      } catch (e) {
        console.error(`[pio] ${requestId} could not attribute a ${req.method} ${route} to a key:`, e);
      }
    }
    return finish(json(errorBody(err, requestId), 405), requestId, { allow: allowed.join(", ") });
  };
}
