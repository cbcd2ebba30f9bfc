import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys, requestLogs } from "@/db/schema";
import { flushRequestLogs } from "@/server/http/request-log";
import type { Scope } from "@/server/users/register";

export const STATUS_CLASSES = ["2xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export interface LogFilters {
  status?: StatusClass;
  route?: string;
  apiKeyId?: string;
}

const scopeOf = (scope: Scope) => and(eq(requestLogs.workspaceId, scope.workspaceId), eq(requestLogs.environment, scope.environment));

function filtersOf(f: LogFilters) {
  const base = f.status ? Number(f.status[0]) * 100 : null;
  return and(
    base !== null ? and(gte(requestLogs.status, base), lt(requestLogs.status, base + 100)) : undefined,
    f.route ? eq(requestLogs.route, f.route) : undefined,
    f.apiKeyId ? eq(requestLogs.apiKeyId, f.apiKeyId) : undefined,
  );
}

/**
 * Recent requests, newest first, `limit` per page; `before` is the id of the last row of the
 * previous page. Rows still in the write buffer are flushed first, so a request just made
 * shows up.
 */
export async function listRequestLogs(
  db: Database,
  scope: Scope,
  filters: LogFilters = {},
  page: { before?: number; limit?: number } = {},
) {
  await flushRequestLogs();
  const limit = page.limit ?? 50;
  const rows = await db
    .select({
      id: requestLogs.id,
      requestId: requestLogs.requestId,
      method: requestLogs.method,
      route: requestLogs.route,
      status: requestLogs.status,
      latencyMs: requestLogs.latencyMs,
      errorCode: requestLogs.errorCode,
      createdAt: requestLogs.createdAt,
      apiKeyId: requestLogs.apiKeyId,
      keyName: apiKeys.name,
      keyStart: apiKeys.start,
      keyLast4: apiKeys.last4,
    })
    .from(requestLogs)
    .leftJoin(apiKeys, eq(apiKeys.id, requestLogs.apiKeyId))
    .where(and(scopeOf(scope), filtersOf(filters), page.before ? lt(requestLogs.id, page.before) : undefined))
    .orderBy(desc(requestLogs.id))
    .limit(limit + 1);
  return {
    rows: rows.slice(0, limit),
    nextBefore: rows.length > limit ? rows[limit - 1]!.id : null,
  };
}

/**
 * One request, for the portal's detail view: what was called, how it went, with which key (by
 * name and masked start…last4, never the key), and for a failure the error body the client
 * got. Bodies of requests are never logged, so there is no personal data to show.
 */
export async function getRequestLog(db: Database, scope: Scope, requestId: string) {
  await flushRequestLogs();
  const [row] = await db
    .select({ log: requestLogs, key: { id: apiKeys.id, name: apiKeys.name, start: apiKeys.start, last4: apiKeys.last4, kind: apiKeys.kind } })
    .from(requestLogs)
    .leftJoin(apiKeys, eq(apiKeys.id, requestLogs.apiKeyId))
    .where(and(scopeOf(scope), eq(requestLogs.requestId, requestId)))
    .limit(1);
  if (!row) return null;
  const { log, key } = row;
  return {
    id: log.id,
    requestId: log.requestId,
    createdAt: log.createdAt,
    method: log.method,
    route: log.route,
    status: log.status,
    latencyMs: log.latencyMs,
    environment: log.environment ?? scope.environment,
    key: key ? { id: key.id, name: key.name, masked: `${key.start}…${key.last4}`, kind: key.kind } : null,
    errorBody: log.errorCode
      ? {
          error: {
            code: log.errorCode,
            message: log.errorMessage ?? "(not recorded for this request)",
            ...(log.errorField ? { field: log.errorField } : {}),
            request_id: log.requestId,
          },
        }
      : null,
  };
}

/** The routes and keys that appear in this environment's logs, for the filter menus. */
export async function requestLogFacets(db: Database, scope: Scope) {
  await flushRequestLogs();
  const [routes, keys] = await Promise.all([
    db.selectDistinct({ route: requestLogs.route }).from(requestLogs).where(scopeOf(scope)).orderBy(asc(requestLogs.route)),
    db
      .select({ id: apiKeys.id, name: apiKeys.name, start: apiKeys.start, last4: apiKeys.last4 })
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, scope.workspaceId), eq(apiKeys.environment, scope.environment)))
      .orderBy(desc(apiKeys.createdAt)),
  ]);
  return { routes: routes.map((r) => r.route), keys };
}

export const LOG_WINDOWS = {
  "1h": { spanMs: 3600_000, bucketMs: 60_000 },
  "24h": { spanMs: 24 * 3600_000, bucketMs: 30 * 60_000 },
  "7d": { spanMs: 7 * 24 * 3600_000, bucketMs: 6 * 3600_000 },
} as const;
export type LogWindow = keyof typeof LOG_WINDOWS;

export interface LogBucket {
  start: Date;
  count: number;
  errors: number;
  p95Ms: number | null;
}

/**
 * Requests per time bucket with their p95 latency. "auto" picks the last hour while a
 * workspace's traffic is younger than that, and the last 24 hours after.
 */
export async function requestLogStats(
  db: Database,
  scope: Scope,
  filters: LogFilters = {},
  window: LogWindow | "auto" = "auto",
  now = new Date(),
): Promise<{ window: LogWindow; bucketMs: number; buckets: LogBucket[]; total: number; p95Ms: number | null }> {
  await flushRequestLogs();
  let chosen: LogWindow = window === "auto" ? "24h" : window;
  if (window === "auto") {
    const [first] = await db
      .select({ at: sql<Date | string | null>`min(${requestLogs.createdAt})` })
      .from(requestLogs)
      .where(and(scopeOf(scope), gte(requestLogs.createdAt, new Date(now.getTime() - LOG_WINDOWS["24h"].spanMs))));
    const firstAt = first?.at ? new Date(first.at) : null;
    if (!firstAt || now.getTime() - firstAt.getTime() < LOG_WINDOWS["1h"].spanMs) chosen = "1h";
  }
  const { spanMs, bucketMs } = LOG_WINDOWS[chosen];
  // Buckets are aligned to the bucket size, the last one containing `now`.
  const end = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  const start = end - spanMs;
  // The bucket size is one of LOG_WINDOWS' constants, inlined so that the select and the
  // group by are the same expression to Postgres.
  const bucketExpr = sql<number>`floor(extract(epoch from ${requestLogs.createdAt}) / ${sql.raw(String(bucketMs / 1000))})::bigint`;
  const where = and(scopeOf(scope), filtersOf(filters), gte(requestLogs.createdAt, new Date(start)));
  const [rows, overall] = await Promise.all([
    db
      .select({
        bucket: bucketExpr,
        count: sql<number>`count(*)::int`,
        errors: sql<number>`count(*) filter (where ${requestLogs.status} >= 500)::int`,
        p95: sql<number | null>`percentile_cont(0.95) within group (order by ${requestLogs.latencyMs})`,
      })
      .from(requestLogs)
      .where(where)
      .groupBy(sql`1`),
    db
      .select({
        total: sql<number>`count(*)::int`,
        p95: sql<number | null>`percentile_cont(0.95) within group (order by ${requestLogs.latencyMs})`,
      })
      .from(requestLogs)
      .where(where),
  ]);
  const byBucket = new Map(rows.map((r) => [Number(r.bucket) * bucketMs, r]));
  const buckets: LogBucket[] = [];
  for (let t = start; t < end; t += bucketMs) {
    const r = byBucket.get(t);
    buckets.push({
      start: new Date(t),
      count: r ? Number(r.count) : 0,
      errors: r ? Number(r.errors) : 0,
      p95Ms: r?.p95 != null ? Math.round(Number(r.p95)) : null,
    });
  }
  const o = overall[0];
  return {
    window: chosen,
    bucketMs,
    buckets,
    total: Number(o?.total ?? 0),
    p95Ms: o?.p95 != null ? Math.round(Number(o.p95)) : null,
  };
}
