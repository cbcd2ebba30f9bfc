/**
 * One app instance in a process of its own, for the multi-instance tests (tests/server):
 * the app's start-up hook (instrumentation.ts) and its real route handlers behind a plain
 * Node HTTP server, on the database named by DATABASE_URL. Each instance has its own pool,
 * caches, rate limiter and in-process job runner, as a separate Next.js server would.
 *
 *   node --import tsx tests/helpers/app-instance.ts   → prints {"ready":PORT,...} on stdout
 *
 * Besides the public API it answers a few control requests under /__instance/ that call the
 * same services the portal and the job system call in that process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const started = performance.now();
process.env.NEXT_RUNTIME = "nodejs";

const { getDb, chooseDriver } = await import("@/db/client");
await getDb(); // opens the database and applies migrations (under the advisory lock)
const migratedMs = Math.round(performance.now() - started);
const { register: startUp } = await import("@/instrumentation");
await startUp();

const routes: [RegExp, RouteModule, string[]][] = [
  [/^\/register$/, await import("@/app/(api)/register/route"), []],
  [/^\/ingest$/, await import("@/app/(api)/ingest/route"), []],
  [/^\/ingestions\/([^/]+)$/, await import("@/app/(api)/ingestions/[id]/route"), ["id"]],
  [/^\/chunks$/, await import("@/app/(api)/chunks/route"), []],
  [/^\/summary$/, await import("@/app/(api)/summary/route"), []],
  [/^\/query$/, await import("@/app/(api)/query/route"), []],
  [/^\/api\/inngest$/, (await import("@/app/api/inngest/route")) as unknown as RouteModule, []],
];

const { revokeApiKey } = await import("@/server/keys/service");
const { waitForIdle } = await import("@/inngest/runner");
const { dispatch } = await import("@/inngest/dispatch");
const { jobs } = await import("@/inngest/functions");
const { flushRequestLogs } = await import("@/server/http/request-log");

/** Control requests: the same service calls the portal and the job system make. */
async function control(path: string, body: any): Promise<unknown> {
  const db = await getDb();
  switch (path) {
    case "/__instance/revoke-key":
      return { revoked: Boolean(await revokeApiKey(db, body.workspaceId, body.keyId)) };
    case "/__instance/dispatch": {
      const job = jobs.find((j) => j.spec.id === body.job);
      if (!job) throw new Error(`no job ${body.job}`);
      await dispatch(job as never, body.data);
      return { dispatched: true };
    }
    case "/__instance/idle":
      await waitForIdle(120_000);
      await flushRequestLogs();
      return { idle: true };
    case "/__instance/info":
      return { pid: process.pid, driver: chooseDriver(), migratedMs };
    default:
      return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const raw = await readBody(req);
  if (url.pathname.startsWith("/__instance/")) {
    const out = await control(url.pathname, raw.length ? JSON.parse(raw.toString("utf8")) : {});
    res.writeHead(out === undefined ? 404 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(out ?? { error: "unknown control request" }));
    return;
  }
  for (const [pattern, mod, names] of routes) {
    const m = url.pathname.match(pattern);
    if (!m) continue;
    const handler = mod[(req.method ?? "GET") as keyof RouteModule];
    if (!handler) break;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(url, { method: req.method, headers, body: raw.length ? new Uint8Array(raw) : undefined });
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const response = await handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "not_found", message: `${req.method} ${url.pathname}` } }));
}

const server = createServer((req, res) => {
  handle(req, res).catch((e: unknown) => {
    console.error("[instance] request failed:", e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "instance_error", message: String(e) } }));
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ ready: port, pid: process.pid, migratedMs })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
