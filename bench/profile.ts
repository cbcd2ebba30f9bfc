/**
 * /summary and cached /query latency at concurrency 4, and the time from the 5th memory to
 * the first Stage 3 entry, against a production server (offline defaults).
 *
 *   npm run build && npx tsx bench/profile.ts [--requests 2000]
 */
import { parseArgs } from "node:util";
import { client, runLoad, startServer, waitForIngestions } from "./lib/server";

const { values } = parseArgs({ options: { requests: { type: "string", default: "2000" } } });
const REQUESTS = Number(values.requests);

async function load(fn: () => Promise<number>, n: number, concurrency = 4) {
  const r = await runLoad(() => fn(), { requests: n, concurrency });
  return { p50: +r.p50.toFixed(2), p95: +r.p95.toFixed(2), p99: +r.p99.toFixed(2), rps: Math.round(r.rps) };
}

async function main() {
  const server = await startServer();
  const api = client(server);
  try {
    await api("POST", "/register", {
      user_id: "bench-ash",
      purpose: "AI SDR agent",
      traits: { name: "Ash Lewis", timezone: "America/Los_Angeles", notes: "Founder/engineer; prefers concise communications" },
    });
    const ing = await api<{ ingestion_id: string }>("POST", "/ingest", {
      user_id: "bench-ash",
      message_history: [
        { role: "user", content: "I love sushi and usually eat late dinners around 9pm", timestamp: "2025-11-01T14:30:00Z" },
        { role: "assistant", content: "Got it! I'll keep that in mind for restaurant recommendations.", timestamp: "2025-11-01T14:30:15Z" },
      ],
    });
    await waitForIngestions(api, [ing.body.ingestion_id]);
    await new Promise((r) => setTimeout(r, 1500)); // the debounced summary refresh

    const summary = await load(async () => {
      const r = await api("GET", "/summary?user_id=bench-ash&max_chars=1000");
      if (r.status !== 200) throw new Error(`/summary ${r.status}`);
      return r.ms;
    }, REQUESTS);
    const q = { user_id: "bench-ash", question: "What are the user's food preferences?", use_cache: true };
    const first = await api<{ cached: boolean }>("POST", "/query", q);
    const cachedQuery = await load(async () => {
      const r = await api<{ cached: boolean }>("POST", "/query", q);
      if (r.status !== 200 || !r.body.cached) throw new Error(`/query not cached: ${r.status}`);
      return r.ms;
    }, REQUESTS);

    // Stage 3: five facts in one ingestion reach the first threshold.
    await api("POST", "/register", { user_id: "bench-stage3", traits: { name: "Maya Chen" } });
    const facts = [
      "I love Thai food, especially green curry",
      "I work as a product designer at a fintech startup",
      "I usually go climbing on Saturday mornings",
      "My sister Lena lives in Berlin and we talk every Sunday",
      "I'm planning a trip to Japan in April",
    ];
    const t0 = performance.now();
    const s3 = await api<{ ingestion_id: string }>("POST", "/ingest", {
      user_id: "bench-stage3",
      message_history: facts.map((content, i) => ({ role: "user", content, timestamp: `2025-09-0${i + 1}T08:00:00Z` })),
    });
    await waitForIngestions(api, [s3.body.ingestion_id]);
    const tMemories = performance.now();
    let tStage3 = 0;
    while (performance.now() - t0 < 30_000) {
      const r = await api<{ chunks: { source: string }[] }>("POST", "/chunks", {
        user_id: "bench-stage3",
        history: [{ role: "user", content: "What food does the user like?" }],
        similarity_threshold: 0,
        k: 20,
      });
      if (r.body.chunks.some((c) => c.source === "stage3")) {
        tStage3 = performance.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = {
      "summary p50/p95/p99 ms": `${summary.p50} / ${summary.p95} / ${summary.p99}`,
      "summary req/s": summary.rps,
      "first /query (uncached) ms": +first.ms.toFixed(1),
      "cached query p50/p95/p99 ms": `${cachedQuery.p50} / ${cachedQuery.p95} / ${cachedQuery.p99}`,
      "cached query req/s": cachedQuery.rps,
      "ingest → 5 memories stored ms": +(tMemories - t0).toFixed(0),
      "5th memory → first Stage 3 entry ms": tStage3 ? +(tStage3 - tMemories).toFixed(0) : "not within 30 s",
    };
    console.table(result);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server.stop();
  }
}

await main();
