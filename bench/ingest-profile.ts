/**
 * Where offline ingest time goes: the same code as POST /ingest and the processing job, run in
 * this process (no HTTP) on the embedded database, with every step timed, plus the SQL
 * statements the steps send (counted and timed by kind).
 *
 * With --batch N each user's messages are sent as several ingestions of N (as bench/latency.ts
 * does: 20 × 1,000 for a 20,000-message user, all sent before the first is processed), and the
 * time of each ingestion's processing is printed, so growth with the user's stored facts shows. --cpu-prof-dir writes a V8 CPU profile (node flag).
 *
 *   npx tsx bench/ingest-profile.ts [--users 50] [--messages 200] [--batch 1000] [--every 5]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { cycledHistory, loadConversations, turnText } from "./lib/locomo";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    messages: { type: "string", default: "200" },
    batch: { type: "string" },
    every: { type: "string", default: "1" },
  },
});
const USERS = Number(values.users);
const MESSAGES = Number(values.messages);
const BATCH = Number(values.batch ?? values.messages);
/** Per-batch lines: every Nth batch (1 = all). */
const EVERY = Number(values.every);

process.env.PIO_SQL_PROFILE = "1";
if (!process.env.DATABASE_URL) process.env.PGLITE_DATA_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pio-ingest-profile-")), "pglite");
const { getDb, getDbHandle, closeDb } = await import("@/db/client");
const { createWorkspace } = await import("@/server/workspaces/service");
const { registerEndUser, registerBody } = await import("@/server/users/register");
const { ingest } = await import("@/server/ingest/ingest");
const { ingestBody } = await import("@/server/ingest/schema");
const { processIngestionJob } = await import("@/inngest/functions/process-ingestion");
const { waitForIdle } = await import("@/inngest/runner");
const { refreshSummaryJob } = await import("@/inngest/functions/refresh-summary");
const { stage3Job } = await import("@/inngest/functions/stage3");

const db = await getDb();
const ws = await createWorkspace(db, { name: `profile ${Date.now()}` });
const scope = { workspaceId: ws.id, environment: "sandbox" as const };
const turns = loadConversations().flatMap((c) => c.sessions.flatMap((s) => s.turns.map(turnText)));

const spent = new Map<string, { ms: number; n: number }>();
const note = (k: string, ms: number) => {
  const e = spent.get(k) ?? { ms: 0, n: 0 };
  e.ms += ms;
  e.n++;
  spent.set(k, e);
};
const steps = {
  async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    const v = await fn();
    const out = v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
    note(`step ${id.replace(/-\d+$/, "")}`, performance.now() - t);
    return out;
  },
};

// The jobs an ingestion starts (summary refresh, Stage 3) run in the background: timed where they run.
for (const job of [refreshSummaryJob, stage3Job] as { spec: { id: string; handler: (a: never) => Promise<unknown> } }[]) {
  const inner = job.spec.handler;
  job.spec.handler = (async (a: never) => {
    const t = performance.now();
    try {
      return await inner(a);
    } finally {
      note(`job ${job.spec.id}`, performance.now() - t);
    }
  }) as typeof inner;
}

const t0 = performance.now();
let offset = 0;
const perBatch: Record<string, number | string>[] = [];
for (let u = 0; u < USERS; u++) {
  let t = performance.now();
  const { user } = await registerEndUser(db, scope, registerBody.parse({ user_id: `p${u}`, traits: { name: "Jon" } }));
  note("register", performance.now() - t);
  // All of a user's ingestions are sent before the first is processed, as the benches send
  // them (a burst queued behind one another), then processed one at a time, in order.
  const jobs: { job: NonNullable<Awaited<ReturnType<typeof ingest>>["job"]>; messages: number }[] = [];
  for (let start = 0; start < MESSAGES; start += BATCH) {
    const body = ingestBody.parse({
      user_id: user.userId,
      message_history: cycledHistory(turns, offset, Math.min(BATCH, MESSAGES - start), start),
    });
    t = performance.now();
    const { job } = await ingest(db, scope, body);
    note("ingest (request side)", performance.now() - t);
    jobs.push({ job: job!, messages: Math.min(start + BATCH, MESSAGES) });
  }
  for (const [b, { job, messages }] of jobs.entries()) {
    const before = new Map([...spent].map(([k, v]) => [k, v.ms]));
    t = performance.now();
    await processIngestionJob.spec.handler({ data: job, step: steps, attempt: 0 });
    note("process-ingestion job", performance.now() - t);
    if (jobs.length > 1 && (b % EVERY === 0 || b === jobs.length - 1)) {
      const row: Record<string, number | string> = { user: u, "messages after": messages, "batch ms": Math.round(performance.now() - t) };
      for (const [k, v] of spent) if (k.startsWith("step ") || k.startsWith("job ")) row[k.replace(/^step /, "")] = Math.round(v.ms - (before.get(k) ?? 0));
      perBatch.push(row);
      console.log(JSON.stringify(row));
    }
  }
  offset += 37;
}
const processedSeconds = (performance.now() - t0) / 1000;
await waitForIdle(600_000);
const seconds = (performance.now() - t0) / 1000;
if (perBatch.length) console.table(perBatch);
const total = USERS * MESSAGES;
console.log(
  `${total} messages: ingestions done in ${processedSeconds.toFixed(1)} s (${Math.round(total / processedSeconds)} msg/s), ` +
    `follow-up jobs idle at ${seconds.toFixed(1)} s (${Math.round(total / seconds)} msg/s) (in-process, no HTTP)`,
);
console.table(
  Object.fromEntries(
    [...spent].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, { "ms total": Math.round(v.ms), calls: v.n, "µs per message": Math.round((v.ms * 1000) / total) }]),
  ),
);
const thread = (await getDbHandle()).thread;
if (thread) {
  // Time inside the embedded database, per statement (the worker times each unit it runs).
  const entries = await new Promise<[string, { ms: number; n: number }][]>((resolve) => {
    const on = (m: { type: string; entries: [string, { ms: number; n: number }][] }) => {
      if (m.type !== "sql-profile") return;
      thread.off("message", on);
      resolve(m.entries);
    };
    thread.on("message", on);
    thread.postMessage("sql-profile");
  });
  const sum = entries.reduce((a, [, e]) => a + e.ms, 0);
  const units = entries.reduce((a, [, e]) => a + e.n, 0);
  const ingestions = spent.get("process-ingestion job")?.n ?? 1;
  console.log(
    `inside the database: ${(sum / 1000).toFixed(1)} s (${Math.round((sum * 1000) / total)} µs per message), ` +
      `${units} statements (${Math.round(units / ingestions)} per ingestion, with its follow-up jobs); top statements:`,
  );
  console.table(
    entries
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, Number(process.env.PROFILE_TOP ?? 25))
      .map(([sqlText, e]) => ({ statement: sqlText.length > 100 ? `${sqlText.slice(0, 50)} … ${sqlText.slice(-50)}` : sqlText, ms: Math.round(e.ms), calls: e.n, "µs/msg": Math.round((e.ms * 1000) / total) })),
  );
}
await closeDb();
