import { getDb, type Database } from "@/db/client";
import type { Environment, Workspace } from "@/db/schema";
import { flushRequestLogs } from "@/server/http/request-log";
import { createApiKey } from "@/server/keys/service";
import { createWorkspace } from "@/server/workspaces/service";

export interface TestWorkspace {
  db: Database;
  workspace: Workspace;
  keys: Record<Environment, string>;
}

let counter = 0;

/** A fresh workspace with one sandbox and one live key, in the test process's database. */
export async function testWorkspace(name = `Test workspace ${++counter}`): Promise<TestWorkspace> {
  const db = await getDb();
  const workspace = await createWorkspace(db, { name });
  const sandbox = await createApiKey(db, { workspaceId: workspace.id, environment: "sandbox", name: "test" });
  const live = await createApiKey(db, { workspaceId: workspace.id, environment: "live", name: "test" });
  return { db, workspace, keys: { sandbox: sandbox.key, live: live.key } };
}

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** A raw body, sent as is (for malformed JSON and size limits). */
  raw?: string | Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: Record<string, string | number>;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls a route handler exactly as Next does: a real Request in, a real Response out. */
export async function call<T = any>(
  handler: RouteHandler,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<CallResult<T>> {
  const url = new URL(path, "http://localhost");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers["x-api-key"] = opts.key;
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) body = opts.raw as BodyInit;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const init: RequestInit & { duplex?: string } = { method, headers, body };
  if (body instanceof ReadableStream) init.duplex = "half";
  const res = await handler(new Request(url, init), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export { flushRequestLogs };
