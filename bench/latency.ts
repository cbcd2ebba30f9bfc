/**
 * /chunks latency and throughput, and offline ingest + processing throughput, against a
 * production server (`next start`, embedded PGlite, offline defaults). For each size (2,000
 * and 20,000 messages for one user): ingest in batches of 1,000, wait for processing (ingestions
 * done; then until the follow-up jobs — summary, Stage 3, the user's own indexes — finished, the
 * second rate), then fire /chunks at concurrency 4. Afterwards the same database is opened directly to time the
 * raw top-10 pgvector query, for the ratio API latency / raw query.
 *
 *   npm run build && npx tsx bench/latency.ts [--sizes 2000,20000] [--requests 2000]
 */
import { parseArgs } from "node:util";
import { client, percentile, runLoad, startServer, waitForIngestions, waitForQuiet } from "./lib/server";
import { loadConversations, turnText } from "./lib/locomo";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "2000,20000" }, requests: { type: "string", default: "2000" }, concurrency: { type: "string", default: "4" } },
});
const sizes = values.sizes.split(",").map(Number);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

/** Realistic chat text: LoCoMo turns, cycled with variations so every message is distinct. */
function corpus(): { texts: string[]; questions: string[] } {
  const convs = loadConversations();
  const texts = convs.flatMap((c) => c.sessions.flatMap((s) => s.turns.map(turnText)));
  const questions = convs.flatMap((c) => c.qa.map((q) => q.question));
  return { texts, questions };
}

async function main() {
  const { texts, questions } = corpus();
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const server = await startServer();
    const api = client(server);
    try {
      const userId = `latency-${size}`;
      const reg = await api("POST", "/register", { user_id: userId, traits: { name: "Jon" } });
      if (reg.status >= 300) throw new Error(`/register ${reg.status} ${JSON.stringify(reg.body)}`);
      const t0 = performance.now();
      const ids: string[] = [];
      for (let start = 0; start < size; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, size - start) }, (_, j) => {
          const i = start + j;
          return {
            id: `m${i}`,
            role: i % 2 ? "assistant" : "user",
            content: `${texts[i % texts.length]}${i >= texts.length ? ` (#${Math.floor(i / texts.length)})` : ""}`,
            timestamp: new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString(),
          };
        });
        const res = await api<{ ingestion_id: string }>("POST", "/ingest", { user_id: userId, message_history: batch });
        if (res.status !== 200) throw new Error(`/ingest batch at ${start}: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.ingestion_id);
      }
      await waitForIngestions(api, ids, 1_800_000);
      const ingestSeconds = (performance.now() - t0) / 1000;
      // Then the follow-up work of the ingestions (summary, Stage 3, the user's own indexes).
      const settledSeconds = ((await waitForQuiet(server)) - t0) / 1000;

      // Warm-up (500 unrecorded requests), then the measured run at fixed concurrency.
      const run = await runLoad((i) => chunks(api, userId, questions[i % questions.length]!), { requests: REQUESTS, concurrency: CONCURRENCY });
      const latencies = run.times;
      const loadSeconds = run.seconds;
      await server.stop();
      const raw = server.dataDir ? await rawVectorQuery(server.dataDir, userId) : null;
      const p95 = percentile(latencies, 95);
      results.push({
        messages: size,
        "ingest+process msg/s": Math.round(size / ingestSeconds),
        "with follow-ups msg/s": Math.round(size / Math.max(ingestSeconds, settledSeconds)),
        "chunks p50 ms": +percentile(latencies, 50).toFixed(1),
        "chunks p95 ms": +p95.toFixed(1),
        "chunks p99 ms": +percentile(latencies, 99).toFixed(1),
        "chunks req/s": Math.round(latencies.length / loadSeconds),
        "raw top-10 p50 ms": raw ? +raw.p50.toFixed(2) : "n/a",
        "raw top-10 p95 ms": raw ? +raw.p95.toFixed(2) : "n/a",
        "p95 ratio api/raw": raw ? +(p95 / raw.p95).toFixed(1) : "n/a",
      });
      console.table(results);
    } finally {
      await server.stop();
    }
  }
  console.log(JSON.stringify(results, null, 2));
}

async function chunks(api: ReturnType<typeof client>, userId: string, question: string): Promise<number> {
  const res = await api("POST", "/chunks", { user_id: userId, history: [{ role: "user", content: question }], k: 6 });
  if (res.status !== 200) throw new Error(`/chunks ${res.status} ${JSON.stringify(res.body)}`);
  return res.ms;
}

/** Opens the server's database after it stopped and times a plain top-10 cosine query. */
async function rawVectorQuery(dataDir: string, userId: string) {
  process.env.PGLITE_DATA_DIR = `${dataDir}/pglite`;
  const { getDb, closeDb } = await import("@/db/client");
  const { resetEnvCache } = await import("@/server/env");
  const { getEmbeddingProvider } = await import("@/server/ai/embeddings");
  const { sql } = await import("drizzle-orm");
  resetEnvCache();
  const db = await getDb();
  const { rows } = await db.execute<{ id: string }>(sql`select id from end_users where user_id = ${userId}`);
  const id = rows[0]!.id;
  const { texts } = corpus();
  const vectors = await getEmbeddingProvider().embed(texts.slice(0, 200));
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const v = `[${vectors[i % vectors.length]!.join(",")}]`;
    const t = performance.now();
    await db.execute(sql`select id from search_index where end_user_id = ${id} order by embedding <=> ${v}::vector limit 10`);
    if (i >= 50) times.push(performance.now() - t);
  }
  await closeDb();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

await main();
