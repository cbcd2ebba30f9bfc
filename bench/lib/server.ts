import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Pio } from "@pio/sdk";

export interface BenchServer {
  url: string;
  key: string;
  dataDir: string;
  /** The process group of a server this script started. */
  pgid?: number;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export function ensureBuild(): void {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.error("no production build found, running `npm run build` …");
  const b = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) throw new Error("npm run build failed");
}

function serverEnv(dataDir: string, extra?: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, PGLITE_DATA_DIR: path.join(dataDir, "pglite"), RATE_LIMIT_RPS: "0", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

/** A sandbox key made with `key:create` in the data folder (before a server holds it). */
export function makeKey(dataDir: string, env?: Record<string, string>): string {
  const made = spawnSync(process.execPath, ["--import", "tsx", "scripts/key-create.ts", "--name", "bench", "--workspace", "Bench", "--env", "sandbox"], {
    cwd: root,
    env: serverEnv(dataDir, env),
    encoding: "utf8",
  });
  if (made.status !== 0) throw new Error(`key:create failed: ${made.stderr}`);
  return made.stdout.trim().split("\n").at(-1)!;
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Everything the server printed so far. */
  log(): string;
  /** Resolves when the server process has exited, with when (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** A signal to the server process alone (SIGTERM: a graceful stop). */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL to the server's whole process group: a crash. */
  kill9(): void;
}

/**
 * Starts the production server on `dataDir`'s embedded database, as `npm start` does
 * (`node scripts/start.mjs`), in its own process group; `command: "next-start"` runs plain
 * `next start` instead (for comparisons). Resolves once /api/health answers.
 */
export async function launchServer(opts: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  command?: "pio" | "next-start";
  /** Node options before the script, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  ensureBuild();
  // BENCH_PORT: a fixed port (on a shared machine, each developer's own range); else any free one.
  const port = opts.port ?? (process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort());
  const args =
    opts.command === "next-start"
      ? [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"]
      : [path.join(root, "scripts", "start.mjs"), "-p", String(port), "-H", "127.0.0.1"];
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...args], {
    cwd: root,
    env: serverEnv(opts.dataDir, opts.env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
      throw new Error(`server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    pid: child.pid!,
    log: () => log,
    exited,
    signal: (sig) => {
      try {
        process.kill(child.pid!, sig);
      } catch {
        /* already gone */
      }
    },
    kill9: () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
  };
}

/** SIGTERM, then SIGKILL to the group if it has not exited within `ms`. */
export async function stopServer(server: ServerProcess, ms = 20_000): Promise<void> {
  server.signal("SIGTERM");
  const done = await Promise.race([server.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  server.kill9();
  if (!done) await server.exited;
}

/**
 * A production server on a fresh embedded database, with a sandbox key made by `key:create`
 * before it starts. Set PIO_URL and PIO_API_KEY to use a running server instead.
 */
export async function startServer(opts: { env?: Record<string, string>; postgres?: string } = {}): Promise<BenchServer> {
  if (process.env.PIO_URL && process.env.PIO_API_KEY) {
    return { url: process.env.PIO_URL.replace(/\/$/, ""), key: process.env.PIO_API_KEY, dataDir: "", stop: async () => {} };
  }
  ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-bench-"));
  const database = opts.postgres ? await freshPostgresDatabase(opts.postgres) : undefined;
  const env = { ...opts.env, ...(database ? { DATABASE_URL: database.url } : {}) };
  const key = makeKey(dataDir, env);
  const server = await launchServer({ dataDir, env });
  return {
    url: server.url,
    key,
    dataDir,
    pgid: server.pid,
    stop: async () => {
      await stopServer(server);
      await database?.drop();
    },
  };
}

/**
 * A new, empty database on the PostgreSQL server of `adminUrl` (the bench's own, dropped by
 * `drop()`): a server run starts from nothing, as one on the embedded database does.
 */
export async function freshPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const name = `pio_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * The same route handlers called in this process (no build, no HTTP): for iterating on
 * retrieval quality quickly. Latency figures always come from `startServer()`.
 */
export async function startInProcess(): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-bench-"));
  process.env.PGLITE_DATA_DIR = path.join(dataDir, "pglite");
  process.env.RATE_LIMIT_RPS = "0";
  const { getDb, closeDb } = await import("@/db/client");
  const { createWorkspace } = await import("@/server/workspaces/service");
  const { createApiKey } = await import("@/server/keys/service");
  const { flushRequestLogs } = await import("@/server/http/request-log");
  const { waitForIdle } = await import("@/inngest/runner");
  const db = await getDb();
  const ws = await createWorkspace(db, { name: "Bench" });
  const { key } = await createApiKey(db, { workspaceId: ws.id, environment: "sandbox", name: "bench" });
  return {
    url: IN_PROCESS,
    key,
    dataDir,
    stop: async () => {
      await waitForIdle(600_000);
      await flushRequestLogs();
      await closeDb();
    },
  };
}

const IN_PROCESS = "in-process";
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function inProcessRequest(method: string, route: string, body: unknown, key: string) {
  const routes: [RegExp, () => Promise<Record<string, Handler>>][] = [
    [/^\/register$/, () => import("@/app/(api)/register/route")],
    [/^\/ingest$/, () => import("@/app/(api)/ingest/route")],
    [/^\/chunks$/, () => import("@/app/(api)/chunks/route")],
    [/^\/summary/, () => import("@/app/(api)/summary/route")],
    [/^\/query$/, () => import("@/app/(api)/query/route")],
    [/^\/memories$/, () => import("@/app/(api)/memories/route")],
    [/^\/ingestions\/([^/?]+)$/, () => import("@/app/(api)/ingestions/[id]/route")],
  ];
  const u = new URL(route, "http://localhost");
  for (const [re, load] of routes) {
    const m = re.exec(u.pathname);
    if (!m) continue;
    const handler = (await load())[method]!;
    const headers: Record<string, string> = { "x-api-key": key };
    if (body !== undefined) headers["content-type"] = "application/json";
    const req = new Request(u, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const res = await handler(req, { params: Promise.resolve(m[1] ? { id: m[1] } : ({} as Record<string, string>)) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
  throw new Error(`no in-process route for ${method} ${route}`);
}

/**
 * Requests go through node:http with keep-alive connections, not fetch: on this 2-core machine
 * the load generator shares the CPU with the server, and undici's fetch spent ~2 ms of CPU per
 * request (the same server measured with wrk and with this client agrees; with fetch, p95 rose
 * by ~4 ms at concurrency 4 for a route that does nothing).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function httpRequest(
  url: string,
  method: string,
  route: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(route, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: { ...headers, "content-length": Buffer.byteLength(body ?? "") } },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8"), headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** `fetch` over the keep-alive node:http agent above, for the SDK. */
const nodeHttpFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const u = new URL(String(input));
  const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
  const res = await httpRequest(u.origin, init?.method ?? "GET", u.pathname + u.search, init?.body as string | undefined, headers);
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
  return new Response(res.status === 204 ? null : res.text, { status: res.status, headers: h });
}) as typeof fetch;

/** The TypeScript SDK (sdk/typescript) on a bench server: no retries, so every figure is one request. */
export function sdk(server: { url: string; key: string }): Pio {
  return new Pio({ apiKey: server.key, baseUrl: server.url, fetch: nodeHttpFetch, maxRetries: 0, timeoutMs: 600_000 });
}

export function client(server: { url: string; key: string }) {
  const pio = server.url === IN_PROCESS ? null : sdk(server);
  return async function api<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T; ms: number }> {
    const t0 = performance.now();
    const res = pio ? await pio.raw({ method, path: route, body }) : await inProcessRequest(method, route, body, server.key);
    return { status: res.status, body: res.json as T, ms: performance.now() - t0 };
  };
}

/** Polls GET /ingestions/{id} until each is done (or failed). */
export async function waitForIngestions(api: ReturnType<typeof client>, ids: string[], timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    for (;;) {
      const res = await api<{ status: string; error?: string }>("GET", `/ingestions/${id}`);
      if (res.body.status === "done") break;
      if (res.body.status === "failed") throw new Error(`ingestion ${id} failed: ${res.body.error}`);
      if (Date.now() > deadline) throw new Error(`ingestion ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Fires `requests` calls of `fn` (each returns its latency in ms) from `concurrency` workers,
 * after `warmup` unrecorded calls at the same concurrency (JIT, caches, connection pool).
 */
export async function runLoad(fn: (i: number) => Promise<number>, opts: { requests: number; concurrency: number; warmup?: number }) {
  const fire = async (n: number, record: boolean) => {
    const times: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < n) {
          const ms = await fn(next++);
          if (record) times.push(ms);
        }
      }),
    );
    return times;
  };
  await fire(opts.warmup ?? 500, false);
  const t0 = performance.now();
  const times = await fire(opts.requests, true);
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { times, seconds, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rps: times.length / seconds };
}

/** CPU seconds (user + system) used so far by the processes of a process group: a server this script started. */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue; // pgrp
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}

/**
 * CPU seconds (user + system) so far of a server's process group, by thread: the main thread
 * (`main`), other threads of the server's name (`db`: the embedded database's worker thread),
 * V8's platform threads named `node` (`v8`: garbage collection and compilation), and the rest.
 */
export function groupThreadCpuSeconds(pgid: number): { main: number; db: number; v8: number; other: number } {
  const out = { main: 0, db: 0, v8: 0, other: 0 };
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const t = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const comm = t.slice(t.indexOf("(") + 1, t.lastIndexOf(")"));
        const f = t.slice(t.lastIndexOf(")") + 2).split(" ");
        const s = (Number(f[11]) + Number(f[12])) / 100;
        if (tid === pid) out.main += s;
        else if (comm === name) out.db += s;
        else if (comm === "node") out.v8 += s;
        else out.other += s;
      }
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * Waits until a server this script started is idle (background jobs such as Stage 3 or index
 * builds finished): its processes used under 5 % of a core for 3 s in a row. Resolves with when
 * (performance.now()) the last busy second ended, i.e. when the background work finished.
 */
export async function waitForQuiet(server: BenchServer, timeoutMs = 1_800_000): Promise<number> {
  let busyUntil = performance.now();
  if (!server.pgid || !fs.existsSync("/proc/self/stat")) return busyUntil;
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  let last = groupCpuSeconds(server.pgid);
  while (quiet < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = groupCpuSeconds(server.pgid);
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    if (!quiet) busyUntil = performance.now();
    last = now;
  }
  return busyUntil;
}
