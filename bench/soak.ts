/**
 * Soak and fault run against the production server as `npm start` runs it (scripts/start.mjs,
 * embedded PGlite, offline defaults, in-process jobs): 16 clients send mixed traffic (register,
 * ingest, chunks, summary, query) for 10 minutes; halfway through the server is killed with
 * SIGKILL and started again on the same data folder; at the end it gets SIGTERM while the
 * clients are still sending. Then the server is started once more to let every accepted
 * ingestion finish, stopped, and the database is checked for duplicated rows.
 *
 * Prints requests by phase and status, p50/p95 per route (steady phase; with the p95 of a
 * request that does no work, sent alongside, as the floor of this shared machine), the shutdown, the
 * accepted ingestions that did not reach `done`, duplicated rows, and the server's memory.
 * Exits non-zero when a 5xx happened outside the kill window, an accepted ingestion was lost,
 * a row was duplicated, or the SIGTERM exit was not bounded.
 *
 *   npm run build && npx tsx bench/soak.ts [--minutes 10] [--clients 16] [--users 32] [--think-ms 100]
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { loadConversations, turnText } from "./lib/locomo";
import { freePort, launchServer, makeKey, percentile, stopServer, type ServerProcess } from "./lib/server";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    clients: { type: "string", default: "16" },
    users: { type: "string", default: "32" },
    "think-ms": { type: "string", default: "100" },
    seed: { type: "string", default: "7" },
  },
});
const DURATION_MS = Number(values.minutes) * 60_000;
const CLIENTS = Number(values.clients);
const USERS = Number(values.users);
const THINK_MS = Number(values["think-ms"]);
/** The server's SHUTDOWN_TIMEOUT_MS (its default), and the bound on a SIGTERM exit. */
const GRACE_MS = 10_000;
const EXIT_BOUND_MS = GRACE_MS + 5_000;
const REQUEST_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Traffic

/** A small deterministic PRNG, so two runs send the same mix. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const convs = loadConversations();
const turns = convs.flatMap((c) => c.sessions.flatMap((s) => s.turns.map((t) => ({ speaker: t.speaker, text: turnText(t), first: t.speaker === c.speakers[0] }))));
const questions = convs.flatMap((c) => c.qa.map((q) => q.question));
const NAMES = ["Caroline", "Melanie", "Jon", "Gina", "Ash", "Maria", "Kim", "Tariq"];

interface Sample {
  route: string;
  sentAt: number;
  doneAt: number;
  status?: number;
  error?: string;
}

const samples: Sample[] = [];
const accepted = new Set<string>();
let stopClients = false;
let url = "";
let key = "";
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function send(method: string, route: string, label: string, body?: unknown): Promise<{ status: number; body: any } | null> {
  const payload = body === undefined ? "" : JSON.stringify(body);
  const sample: Sample = { route: label, sentAt: Date.now(), doneAt: 0 };
  samples.push(sample);
  return new Promise((resolve) => {
    const req = http.request(
      `${url}${route}`,
      {
        method,
        agent,
        headers: { ...(label.startsWith("no-op") ? {} : { "x-api-key": key }), "content-length": Buffer.byteLength(payload), ...(payload ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => {
          sample.doneAt = Date.now();
          sample.status = res.statusCode ?? 0;
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(Buffer.concat(parts).toString("utf8"));
          } catch {
            /* not JSON */
          }
          resolve({ status: sample.status, body: parsed });
        });
        res.on("error", (e: NodeJS.ErrnoException) => {
          sample.doneAt = Date.now();
          sample.error = e.code ?? e.message;
          resolve(null);
        });
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (e: NodeJS.ErrnoException) => {
      sample.doneAt = Date.now();
      sample.error = e.code ?? e.message;
      resolve(null);
    });
    req.end(payload);
  });
}

const userId = (n: number) => `soak-user-${n}`;
const clocks = new Map<number, number>();

async function client(index: number): Promise<void> {
  const rand = mulberry32(Number(values.seed) * 1000 + index);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  let seq = 0;
  while (!stopClients) {
    const u = Math.floor(rand() * USERS);
    const op = rand();
    let res: { status: number; body: any } | null;
    if (op < 0.1) {
      res = await send("POST", "/register", "/register", { user_id: userId(u), traits: { name: NAMES[u % NAMES.length], plan: pick(["free", "pro"]), visits: seq } });
    } else if (op < 0.3) {
      const n = 2 + Math.floor(rand() * 11);
      const start = Math.floor(rand() * (turns.length - n));
      let clock = clocks.get(u) ?? Date.UTC(2024, 0, 1);
      const batch = turns.slice(start, start + n).map((t, i) => {
        clock += 60_000;
        return { id: `c${index}-${seq}-${i}`, role: t.first ? "user" : "assistant", content: t.text, timestamp: new Date(clock).toISOString() };
      });
      clocks.set(u, clock);
      res = await send("POST", "/ingest", "/ingest", { user_id: userId(u), message_history: batch });
      if (res?.status === 200 && res.body?.ingestion_id) accepted.add(res.body.ingestion_id);
    } else if (op < 0.6) {
      const history = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: pick(questions) }));
      res = await send("POST", "/chunks", "/chunks", { user_id: userId(u), history, k: 6 });
    } else if (op < 0.85) {
      res = await send("GET", `/summary?user_id=${userId(u)}`, "/summary");
    } else {
      res = await send("POST", "/query", "/query", { user_id: userId(u), question: pick(questions) });
    }
    seq++;
    // Connection refused (the server is down): wait a little; otherwise a short think time.
    await new Promise((r) => setTimeout(r, res ? THINK_MS * (0.5 + rand()) : 200));
  }
}

// ---------------------------------------------------------------------------------------------
// Server memory

interface Rss {
  at: number;
  mb: number;
}
const rss: Rss[] = [];
function sampleRss(pid: number) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    if (kb) rss.push({ at: Date.now(), mb: Math.round(kb / 1024) });
  } catch {
    /* not running */
  }
}

// ---------------------------------------------------------------------------------------------

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-soak-"));
  key = makeKey(dataDir);
  const port = await freePort();
  let server: ServerProcess = await launchServer({ dataDir, port });
  url = server.url;
  console.log(`soak: ${CLIENTS} clients, ${USERS} users, ${values.minutes} min, think ${THINK_MS} ms, data ${dataDir}`);
  const t0 = Date.now();
  let rssTimer = setInterval(() => sampleRss(server.pid), 5_000);

  // Every user exists before the mix starts (as an agent registers a user before it ingests).
  for (let u = 0; u < USERS; u++) await send("POST", "/register", "/register", { user_id: userId(u), traits: { name: NAMES[u % NAMES.length] } });
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
  // The floor in the same run (the machine is shared): a request that does no work (no key: 401).
  const probe = (async () => {
    while (!stopClients) {
      await send("POST", "/register", "no-op (401, no key)", {}).catch(() => null);
      await wait(500);
    }
  })();

  // Halfway: a crash, and a restart on the same folder and port.
  await wait(DURATION_MS / 2 - (Date.now() - t0));
  const killAt = Date.now();
  server.kill9();
  await server.exited;
  server = await launchServer({ dataDir, port });
  const readyAt = Date.now();
  console.log(`kill -9 at ${fmt(killAt - t0)}; restarted and ready after ${fmt(readyAt - killAt)}`);
  clearInterval(rssTimer);
  rssTimer = setInterval(() => sampleRss(server.pid), 5_000);

  // The end: SIGTERM under load.
  await wait(DURATION_MS - (Date.now() - t0));
  const termAt = Date.now();
  const inflightAtTerm = samples.filter((s) => s.doneAt === 0).length;
  server.signal("SIGTERM");
  const exit = await Promise.race([server.exited, wait(EXIT_BOUND_MS + 10_000).then(() => null)]);
  stopClients = true;
  await Promise.all([...clients, probe]);
  clearInterval(rssTimer);
  agent.destroy();
  const shutdownLog = server
    .log()
    .split("\n")
    .filter((l) => /resumed|SIGTERM|cut off|stopped|background job/.test(l));
  if (!exit) server.kill9();

  // Verification: start again, let every accepted ingestion finish, stop, inspect the database.
  const verify = await launchServer({ dataDir, port });
  url = verify.url;
  const verifyStarted = Date.now();
  const statuses = new Map<string, string>();
  const deadline = Date.now() + 900_000;
  for (const id of accepted) {
    for (;;) {
      const res = await send("GET", `/ingestions/${id}`, "verify");
      const status = res?.body?.status ?? `http ${res?.status ?? "error"}`;
      statuses.set(id, status);
      if (status === "done" || status === "failed" || Date.now() > deadline) break;
      await wait(250);
    }
  }
  const drainSeconds = (Date.now() - verifyStarted) / 1000;
  await stopServer(verify);
  const db = await PGlite.create({ dataDir: path.join(dataDir, "pglite"), extensions: { vector } });
  const one = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0]?.n ?? 0);
  const duplicates = {
    "memories with the same text for one user": await one(
      `select coalesce(sum(n - 1), 0)::int as n from (select count(*) n from memories group by end_user_id, text_hash having count(*) > 1) d`,
    ),
    "search rows per memory beyond one": await one(
      `select coalesce(sum(n - 1), 0)::int as n from (select count(*) n from search_index where memory_id is not null group by memory_id having count(*) > 1) d`,
    ),
    "document chunks at the same position": await one(
      `select coalesce(sum(n - 1), 0)::int as n from (select count(*) n from document_chunks group by document_id, chunk_index having count(*) > 1) d`,
    ),
    "messages with the same id for one user": await one(
      `select coalesce(sum(n - 1), 0)::int as n from (select count(*) n from messages where client_id is not null group by end_user_id, client_id having count(*) > 1) d`,
    ),
  };
  const totals = {
    memories: await one(`select count(*)::int as n from memories`),
    messages: await one(`select count(*)::int as n from messages`),
    "search rows": await one(`select count(*)::int as n from search_index`),
    ingestions: await one(`select count(*)::int as n from ingestions`),
  };
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  // ---------------------------------------------------------------------------------------------
  // Report
  const traffic = samples.filter((s) => s.route !== "verify");
  const phaseOf = (s: Sample) => {
    const end = s.doneAt || Number.MAX_SAFE_INTEGER;
    if (s.sentAt >= termAt || end > termAt) return "sigterm";
    if (s.sentAt < readyAt && end > killAt) return "kill -9";
    return "steady";
  };
  const outcome = (s: Sample) => (s.status ? String(s.status) : (s.error ?? "no answer"));
  const byPhase: Record<string, Record<string, number>> = {};
  for (const s of traffic) {
    const p = (byPhase[phaseOf(s)] ??= {});
    p[outcome(s)] = (p[outcome(s)] ?? 0) + 1;
  }
  console.log(`\nRequests by phase and status (${traffic.length} in ${fmt(termAt - t0)}; ${Math.round(traffic.length / ((termAt - t0) / 1000))} req/s):`);
  console.table(byPhase);

  const steady = traffic.filter((s) => phaseOf(s) === "steady" && s.status);
  const routes = [...new Set(steady.map((s) => s.route))].sort();
  console.log("Steady phase, per route (ms):");
  console.table(
    Object.fromEntries(
      routes.map((r) => {
        const rows = steady.filter((s) => s.route === r);
        const ms = rows.map((s) => s.doneAt - s.sentAt).sort((a, b) => a - b);
        const floor = steady.filter((s) => s.route.startsWith("no-op")).map((s) => s.doneAt - s.sentAt).sort((a, b) => a - b);
        return [
          r,
          {
            requests: rows.length,
            p50: percentile(ms, 50),
            p95: percentile(ms, 95),
            p99: percentile(ms, 99),
            max: ms.at(-1),
            "p95 / no-op p95": +(percentile(ms, 95) / percentile(floor, 95)).toFixed(1),
            "4xx": rows.filter((s) => s.status! >= 400 && s.status! < 500).length,
            "5xx": rows.filter((s) => s.status! >= 500).length,
          },
        ];
      }),
    ),
  );

  const fiveXX = traffic.filter((s) => (s.status ?? 0) >= 500 && phaseOf(s) !== "kill -9");
  const steadyErrors = traffic.filter((s) => phaseOf(s) === "steady" && !s.status);
  const tookMs = exit ? exit.at - termAt : null;
  console.log(`Restarted server (after kill -9), then SIGTERM with ${inflightAtTerm} request(s) in flight: ${exit ? `exited ${exit.code} after ${fmt(tookMs!)}` : "did not exit"} (bound ${fmt(EXIT_BOUND_MS)})`);
  for (const l of shutdownLog) console.log(`  server: ${l}`);

  const lost = [...accepted].filter((id) => statuses.get(id) !== "done");
  console.log(`\nAccepted ingestions: ${accepted.size}; done after the verification restart: ${accepted.size - lost.length} (drained in ${drainSeconds.toFixed(1)} s); not done: ${lost.length}`);
  if (lost.length) console.log(`  not done: ${lost.slice(0, 10).map((id) => `${id} (${statuses.get(id)})`).join(", ")}`);
  console.log("Stored:", totals);
  console.log("Duplicated rows:", duplicates);
  if (rss.length) {
    const mbs = rss.map((r) => r.mb);
    const firstMinute = rss.filter((r) => r.at - t0 < 60_000).map((r) => r.mb);
    console.log(`Server memory (RSS): first minute max ${Math.max(...firstMinute)} MB, overall max ${Math.max(...mbs)} MB, last ${mbs.at(-1)} MB`);
  }

  const problems = [
    fiveXX.length ? `${fiveXX.length} 5xx outside the kill window` : "",
    steadyErrors.length ? `${steadyErrors.length} requests without an answer in the steady phase` : "",
    lost.length ? `${lost.length} accepted ingestion(s) not done` : "",
    Object.values(duplicates).some((n) => n > 0) ? "duplicated rows" : "",
    tookMs === null || tookMs > EXIT_BOUND_MS || exit?.code !== 0 ? "SIGTERM exit not clean or not bounded" : "",
  ].filter(Boolean);
  console.log(problems.length ? `\nFAILED: ${problems.join("; ")}` : "\nOK: 0 5xx outside the kill window, 0 lost ingestions, 0 duplicated rows, bounded SIGTERM exit");
  if (problems.length) process.exitCode = 1;
}

await main();
