/**
 * A user's latency must depend on that user's data only. One production server (`next start`,
 * embedded database, offline defaults) holding 1,000 users of 200 messages each, one user of
 * 2,000 and one of 20,000 messages; then, in one run at concurrency 4:
 *   - the floor: POST /register without a key (401, no database work);
 *   - /chunks for random small users, for the 2,000-message user, for the 20,000-message user;
 *   - /summary for random small users.
 * Then each /chunks group again on a database that holds only that user (with its own floor),
 * and offline ingest + processing throughput of the whole population.
 *
 * Targets: every group's p95 ≤ 2.5 × the floor's p95; no group more than 1.3× slower than
 * alone (compared as p95 / floor p95 of each run, the machine being shared and noisy);
 * /summary p95 ≤ 1.5 × the floor; ingest + processing ≥ 500 messages/s.
 *
 *   npm run build && npx tsx bench/tenants.ts [--users 1000] [--messages 200] [--big 2000,20000] [--requests 2000]
 *     [--postgres postgres://…/postgres]   (a PostgreSQL server instead of the embedded database:
 *                                          each server of the run gets a fresh database on it)
 *     [--ingest-only]                      (only the ingest phase on the shared database: its
 *                                          msg/s, then with the follow-up jobs)
 */
import { parseArgs } from "node:util";
import { client, groupCpuSeconds, groupThreadCpuSeconds, httpRequest, runLoad, startServer, waitForIngestions, waitForQuiet, type BenchServer } from "./lib/server";
import { cycledHistory, loadConversations, turnText } from "./lib/locomo";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "1000" },
    messages: { type: "string", default: "200" },
    big: { type: "string", default: "2000,20000" },
    requests: { type: "string", default: "2000" },
    "skip-alone": { type: "boolean", default: false },
    /** Only the ingest phase on the shared database (its msg/s, then with the follow-up jobs). */
    "ingest-only": { type: "boolean", default: false },
    /** A PostgreSQL server's admin URL: each server of the run gets a fresh database on it. */
    postgres: { type: "string" },
  },
});
const USERS = Number(values.users);
const MESSAGES = Number(values.messages);
const BIG = values.big.split(",").map(Number);
const REQUESTS = Number(values.requests);
const CONCURRENCY = 4;

const convs = loadConversations();
const turns = convs.flatMap((c) => c.sessions.flatMap((s) => s.turns.map(turnText)));
const questions = convs.flatMap((c) => c.qa.map((q) => q.question));

type Api = ReturnType<typeof client>;

/** `count` messages starting at `offset` in the LoCoMo turns, marked per cycle so each is distinct. */
const history = (offset: number, count: number, start = 0) => cycledHistory(turns, offset, count, start);

/** Registers the users and ingests their messages (batches of 1,000, 4 requests in flight). */
async function populate(api: Api, users: { id: string; messages: number; offset: number }[]) {
  for (const u of users) {
    const r = await api("POST", "/register", { user_id: u.id, traits: { name: "Sam" } });
    if (r.status >= 300) throw new Error(`/register ${r.status} ${JSON.stringify(r.body)}`);
  }
  const requests = users.flatMap((u) =>
    Array.from({ length: Math.ceil(u.messages / 1000) }, (_, b) => ({ user: u.id, body: history(u.offset, Math.min(1000, u.messages - b * 1000), b * 1000) })),
  );
  const total = users.reduce((a, u) => a + u.messages, 0);
  const t0 = performance.now();
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const res = await api<{ ingestion_id: string }>("POST", "/ingest", { user_id: r.user, message_history: r.body });
        if (res.status !== 200) throw new Error(`/ingest ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.ingestion_id);
      }
    }),
  );
  await waitForIngestions(api, ids, 7_200_000);
  const seconds = (performance.now() - t0) / 1000;
  return { messages: total, seconds, rate: total / seconds, t0 };
}

interface Group {
  name: string;
  send: (i: number) => Promise<number>;
}

const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length]!;

/**
 * One measured request through the same client as the floor (node:http, nothing else): the
 * groups and the floor then differ only by what the server does. (Through the SDK, a /chunks
 * call cost the load generator 0.11 ms more CPU, on the cores the server uses.)
 */
async function timed(server: BenchServer, method: string, route: string, body?: unknown): Promise<{ status: number; text: string; ms: number }> {
  const t = performance.now();
  const headers: Record<string, string> = { "x-api-key": server.key, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const res = await httpRequest(server.url, method, route, body === undefined ? undefined : JSON.stringify(body), headers);
  return { status: res.status, text: res.text, ms: performance.now() - t };
}

function chunksOf(server: BenchServer, users: string[]): Group["send"] {
  return async (i) => {
    const res = await timed(server, "POST", "/chunks", { user_id: pick(users, i), history: [{ role: "user", content: pick(questions, i + 13) }], k: 6 });
    if (res.status !== 200) throw new Error(`/chunks ${res.status} ${res.text}`);
    JSON.parse(res.text);
    return res.ms;
  };
}

function floorOf(server: BenchServer): Group["send"] {
  return async () => {
    const t = performance.now();
    const res = await httpRequest(server.url, "POST", "/register", "{}", { "content-type": "application/json" });
    if (res.status !== 401) throw new Error(`floor: expected 401, got ${res.status}`);
    JSON.parse(res.text);
    return performance.now() - t;
  };
}

/**
 * Every group in rounds (so drift in the machine's load hits all of them alike), then
 * percentiles, and the server's CPU time per request (all its processes and threads, warm-up
 * requests included): a figure the shared machine's load does not move, where latencies move
 * with it. (With --postgres, the database server's own CPU is not in it.)
 */
async function measure(server: BenchServer, groups: Group[], rounds = 4) {
  const times = new Map<string, number[]>(groups.map((g) => [g.name, []]));
  const cpu = new Map<string, { seconds: number; requests: number }>(groups.map((g) => [g.name, { seconds: 0, requests: 0 }]));
  const threads = new Map(groups.map((g) => [g.name, { main: 0, db: 0, v8: 0, other: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (const g of groups) {
      const requests = Math.ceil(REQUESTS / rounds);
      const warmup = r === 0 ? 500 : 100;
      const before = server.pgid ? groupCpuSeconds(server.pgid) : 0;
      const beforeThreads = server.pgid ? groupThreadCpuSeconds(server.pgid) : undefined;
      const run = await runLoad(g.send, { requests, concurrency: CONCURRENCY, warmup });
      const used = cpu.get(g.name)!;
      used.seconds += server.pgid ? groupCpuSeconds(server.pgid) - before : 0;
      if (beforeThreads) {
        const after = groupThreadCpuSeconds(server.pgid!);
        const t = threads.get(g.name)!;
        for (const k of ["main", "db", "v8", "other"] as const) t[k] += after[k] - beforeThreads[k];
      }
      used.requests += requests + warmup;
      times.get(g.name)!.push(...run.times);
    }
  }
  const out: Record<string, { p50: number; p95: number; p99: number; "cpu ms/req": number }> = {};
  for (const [name, xs] of times) {
    xs.sort((a, b) => a - b);
    const at = (p: number) => +xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!.toFixed(2);
    const used = cpu.get(name)!;
    out[name] = { p50: at(50), p95: at(95), p99: at(99), "cpu ms/req": +((used.seconds * 1000) / used.requests).toFixed(2) };
  }
  if (server.pgid) {
    const perThread: Record<string, Record<string, number>> = {};
    for (const [name, t] of threads) {
      const n = cpu.get(name)!.requests;
      perThread[name] = Object.fromEntries(Object.entries(t).map(([k, v]) => [`${k} ms/req`, +((v * 1000) / n).toFixed(2)]));
    }
    console.log("server CPU per request, by thread (main: app; db: embedded database; v8: collector and compiler):");
    console.table(perThread);
  }
  return out;
}

async function main() {
  const report: Record<string, unknown> = {};
  const small = Array.from({ length: USERS }, (_, u) => ({ id: `t${u}`, messages: MESSAGES, offset: (u * 37) % turns.length }));
  const big = BIG.map((n) => ({ id: `big${n}`, messages: n, offset: 0 }));

  // 1. The shared database.
  const shared = await startServer({ postgres: values.postgres });
  let sharedTimes;
  try {
    const api = client(shared);
    const cpuBefore = shared.pgid ? groupThreadCpuSeconds(shared.pgid) : undefined;
    const ingest = await populate(api, [...small, ...big]);
    console.log(`ingest + processing: ${ingest.messages} messages in ${ingest.seconds.toFixed(0)} s = ${ingest.rate.toFixed(0)} msg/s`);
    // Stage 3, summaries and the big users' own indexes.
    const settled = Math.max(ingest.seconds, ((await waitForQuiet(shared)) - ingest.t0) / 1000);
    console.log(`with the follow-up jobs: ${settled.toFixed(0)} s = ${(ingest.messages / settled).toFixed(0)} msg/s`);
    report.ingest = {
      messages: ingest.messages,
      seconds: +ingest.seconds.toFixed(1),
      "msg/s": Math.round(ingest.rate),
      "with follow-ups: seconds": +settled.toFixed(1),
      "with follow-ups: msg/s": Math.round(ingest.messages / settled),
    };
    if (cpuBefore) {
      // Which thread bounds the rate: a thread busy for the whole phase is the limit (two cores here).
      const after = groupThreadCpuSeconds(shared.pgid!);
      const busy = (k: keyof typeof after) => `${(after[k] - cpuBefore[k]).toFixed(0)} s (${((100 * (after[k] - cpuBefore[k])) / settled).toFixed(0)}% of the phase)`;
      report["ingest CPU by thread"] = { main: busy("main"), db: busy("db"), v8: busy("v8"), other: busy("other") };
    }
    if (values["ingest-only"]) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    const ids = small.map((u) => u.id);
    sharedTimes = await measure(shared, [
      { name: "floor (401)", send: floorOf(shared) },
      { name: `/chunks small users (${MESSAGES} msgs)`, send: chunksOf(shared, ids) },
      ...big.map((b) => ({ name: `/chunks ${b.messages}-message user`, send: chunksOf(shared, [b.id]) })),
      {
        name: `/summary small users`,
        send: async (i: number) => {
          const res = await timed(shared, "GET", `/summary?user_id=${pick(ids, i)}`);
          if (res.status !== 200) throw new Error(`/summary ${res.status} ${res.text}`);
          JSON.parse(res.text);
          return res.ms;
        },
      },
    ]);
  } finally {
    await shared.stop();
  }
  const floor = sharedTimes["floor (401)"]!.p95;
  const table: Record<string, Record<string, number | string>> = {};
  for (const [name, t] of Object.entries(sharedTimes)) {
    const floorCpu = sharedTimes["floor (401)"]!["cpu ms/req"];
    table[name] = { p50: t.p50, p95: t.p95, p99: t.p99, "p95 / floor": +(t.p95 / floor).toFixed(2), "cpu ms/req": t["cpu ms/req"], "cpu / floor": floorCpu ? +(t["cpu ms/req"] / floorCpu).toFixed(2) : "" };
  }

  // 2. Each /chunks group on a database that holds only that user.
  if (!values["skip-alone"]) {
    for (const u of [small[0]!, ...big]) {
      const alone = await startServer({ postgres: values.postgres });
      try {
        const api = client(alone);
        const ingest = await populate(api, [u]);
        await waitForQuiet(alone);
        const name = u.messages === MESSAGES ? `/chunks small users (${MESSAGES} msgs)` : `/chunks ${u.messages}-message user`;
        const t = await measure(alone, [
          { name: "floor (401)", send: floorOf(alone) },
          { name, send: chunksOf(alone, [u.id]) },
        ]);
        const ratioAlone = t[name]!.p95 / t["floor (401)"]!.p95;
        const row = table[name]!;
        row["alone: p95"] = t[name]!.p95;
        row["alone: floor p95"] = t["floor (401)"]!.p95;
        row["shared / alone (p95 / floor)"] = +((row["p95 / floor"] as number) / ratioAlone).toFixed(2);
        row["alone ingest msg/s"] = Math.round(ingest.rate);
        row["alone: cpu ms/req"] = t[name]!["cpu ms/req"];
        row["shared / alone (cpu)"] = t[name]!["cpu ms/req"] ? +((row["cpu ms/req"] as number) / t[name]!["cpu ms/req"]).toFixed(2) : "";
      } finally {
        await alone.stop();
      }
    }
  }
  console.table(table);
  report.groups = table;
  console.log(JSON.stringify(report, null, 2));
}

await main();
