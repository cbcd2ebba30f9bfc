/**
 * Retrieval quality on LoCoMo through the public API of a production server (offline
 * defaults). Per conversation: two end users, one per speaker (their own turns as "user", the
 * other's as "assistant", message id = dia_id, timestamps from the session dates). A question
 * goes to the speaker it names (both, merged by score, when it names neither or both).
 * Scores any@k / all@k from the returned chunks' source_ids (categories 1–4), per conversation
 * and for all of them together. Stage 3 is settled before questions are asked, so every run
 * scores the same data.
 *
 *   npm run build && npx tsx bench/locomo.ts        (PIO_URL + PIO_API_KEY to use a running server)
 *   npx tsx bench/locomo.ts --in-process            (the route handlers in this process: no build, no HTTP)
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { client, percentile, startInProcess, startServer, waitForIngestions } from "./lib/server";
import { evidenceIds, ingestConversation, loadConversations, namedSpeakers, type Conversation } from "./lib/locomo";

const KS = [5, 10, 20];
const CATEGORY = { 1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop" } as Record<number, string>;

interface Chunk {
  id: string;
  score: number;
  source: string;
  source_ids: string[];
}

const { values: args } = parseArgs({ options: { "in-process": { type: "boolean", default: false } } });

async function main() {
  const server = args["in-process"] ? await startInProcess() : await startServer();
  const api = client(server);
  const rows: { conv: string; category: number; anyAt: Record<number, boolean>; allAt: Record<number, boolean>; sourcesPerChunk: number[] }[] = [];
  const misses: unknown[] = [];
  const latencies: number[] = [];
  const startedAll = performance.now();
  try {
    for (const conv of loadConversations()) {
      const users = await ingestAll(api, conv);
      for (const qa of conv.qa.filter((q) => q.category >= 1 && q.category <= 4)) {
        const named = namedSpeakers(conv, qa.question);
        const targets = named.length === 1 ? [named[0]!] : conv.speakers;
        const results: Chunk[] = [];
        for (const speaker of targets) {
          const res = await api<{ chunks: Chunk[] }>("POST", "/chunks", {
            user_id: users[speaker],
            history: [{ role: "user", content: qa.question }],
            k: Math.max(...KS),
            similarity_threshold: 0,
          });
          if (res.status !== 200) throw new Error(`/chunks answered ${res.status}: ${JSON.stringify(res.body)}`);
          latencies.push(res.ms);
          results.push(...res.body.chunks);
        }
        results.sort((a, b) => b.score - a.score);
        const evidence = evidenceIds(qa);
        const anyAt: Record<number, boolean> = {};
        const allAt: Record<number, boolean> = {};
        for (const k of KS) {
          const sources = new Set(results.slice(0, k).flatMap((c) => c.source_ids));
          const hits = [...evidence].filter((e) => sources.has(e)).length;
          anyAt[k] = hits > 0;
          allAt[k] = hits === evidence.size;
        }
        rows.push({ conv: conv.name, category: qa.category, anyAt, allAt, sourcesPerChunk: results.slice(0, 10).map((c) => c.source_ids.length) });
        if (!allAt[10]) {
          const speakerOf = new Map(conv.sessions.flatMap((s) => s.turns.map((t) => [t.dia_id, t.speaker] as const)));
          misses.push({
            question: qa.question,
            category: qa.category,
            asked: targets,
            evidence: [...evidence].map((e) => `${e} (${speakerOf.get(e)})`),
            top10: results.slice(0, 10).map((c) => `${c.score.toFixed(3)} ${c.source_ids.join("+")}`),
          });
        }
      }
    }
  } finally {
    await server.stop();
  }

  const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : NaN);
  const fmt = (x: number) => x.toFixed(3);
  const table: Record<string, Record<string, string | number>> = {};
  const convs = [...new Set(rows.map((r) => r.conv))];
  const scopes: [string, typeof rows][] = [...convs.map((c) => [c, rows.filter((r) => r.conv === c)] as [string, typeof rows])];
  if (convs.length > 1) scopes.push(["both", rows]);
  for (const [scope, scoped] of scopes) {
    const groups: [string, typeof rows][] = [
      ["all", scoped],
      ...Object.entries(CATEGORY).map(([c, name]) => [`${c} ${name}`, scoped.filter((r) => r.category === Number(c))] as [string, typeof rows]),
    ];
    for (const [name, rs] of groups) {
      if (!rs.length) continue;
      const line: Record<string, string | number> = { questions: rs.length };
      for (const k of KS) {
        line[`any@${k}`] = fmt(share(rs.map((r) => r.anyAt[k]!)));
        line[`all@${k}`] = fmt(share(rs.map((r) => r.allAt[k]!)));
      }
      table[`${scope} ${name}`] = line;
    }
  }
  const spc = rows.flatMap((r) => r.sourcesPerChunk).sort((a, b) => a - b);
  const lat = latencies.sort((a, b) => a - b);
  console.table(table);
  const summary = {
    questions: rows.length,
    sources_per_chunk: { mean: Number((spc.reduce((a, b) => a + b, 0) / spc.length).toFixed(2)), median: percentile(spc, 50), max: spc.at(-1) },
    chunks_latency_ms: { p50: Number(percentile(lat, 50).toFixed(1)), p95: Number(percentile(lat, 95).toFixed(1)) },
    total_seconds: Number(((performance.now() - startedAll) / 1000).toFixed(1)),
  };
  console.log(JSON.stringify(summary, null, 2));
  const out = path.resolve(import.meta.dirname, "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "locomo.json"), JSON.stringify({ table, summary }, null, 2));
  fs.writeFileSync(path.join(out, "locomo-misses.json"), JSON.stringify(misses, null, 2));
}

async function ingestAll(api: ReturnType<typeof client>, conv: Conversation): Promise<Record<string, string>> {
  const { users, ingestionIds } = await ingestConversation(api, conv);
  await waitForIngestions(api, ingestionIds);
  await settle(api, Object.values(users));
  return users;
}

/**
 * Stage 3 runs in the background after ingestions and adds chunks: wait until it is done, so
 * every run scores the same data. In process: until no job is left; over HTTP: until the
 * users' Stage 3 entries stop changing for 3 s.
 */
async function settle(api: ReturnType<typeof client>, userIds: string[]) {
  if (args["in-process"]) {
    await (await import("@/inngest/runner")).waitForIdle(600_000);
    return;
  }
  let last = "";
  let stableSince = Date.now();
  const deadline = Date.now() + 120_000;
  while (Date.now() - stableSince < 3000 && Date.now() < deadline) {
    const seen: string[] = [];
    for (const user_id of userIds) {
      const res = await api<{ chunks: Chunk[] }>("POST", "/chunks", {
        user_id,
        history: [{ role: "user", content: "What are the user's hobbies, goals, work, family and food preferences?" }],
        k: 50,
        similarity_threshold: 0,
      });
      seen.push(...res.body.chunks.filter((c) => c.source === "stage3").map((c) => `${c.id}:${c.score}`));
    }
    const now = seen.sort().join(",");
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

await main();
