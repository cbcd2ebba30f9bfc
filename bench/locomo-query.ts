/**
 * /query answer quality on LoCoMo through the public API of a production server (offline
 * defaults). The protocol, fixed so figures compare across conversations:
 *
 * - Ingest exactly as bench/locomo.ts does (bench/lib/locomo.ts `ingestConversation`).
 * - Ask every category 1–4 question that names exactly one of the two speakers, to that
 *   speaker's user, with `use_cache: false`.
 * - Per answer: recall = share of the gold answer's content words (lowercase alphanumeric
 *   words minus common stopwords, a trailing -s/-es/-ed/-ing removed) found in the answer;
 *   hit@300 = recall ≥ 0.5 and the answer at most 300 characters; cites = one of the
 *   response's `sources[].source_ids` is a gold evidence dia_id.
 * - Reported per category and overall, with the mean answer length, per conversation and for
 *   all conversations together.
 *
 *   npm run build && npx tsx bench/locomo-query.ts      (PIO_URL + PIO_API_KEY to use a running server;
 *                                                        PIO_SHARED_DIR to read other LoCoMo files)
 *   npx tsx bench/locomo-query.ts --in-process          (the route handlers in this process: no build, no HTTP;
 *                                                        the same answers, latencies not comparable)
 *   … --only "melanie's kids"                         (only the questions with these words, answers printed, nothing written)
 *   … --repeat 3                                        (then every question again, 3 passes: warm ms per /query)
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { client, percentile, startInProcess, startServer, waitForIngestions } from "./lib/server";
import { evidenceIds, ingestConversation, loadConversations, namedSpeakers } from "./lib/locomo";

const CATEGORY = { 1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop" } as Record<number, string>;

/** NLTK's English stopword list: the common one. */
const STOPWORDS = new Set(
  `i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his
  himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom this
  that that'll these those am is are was were be been being have has had having do does did doing a an the and but
  if or because as until while of at by for with about against between into through during before after above below
  to from up down in out on off over under again further then once here there when where why how all any both each
  few more most other some such no nor not only own same so than too very s t can will just don don't should
  should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't
  haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't
  weren weren't won won't wouldn wouldn't`.split(/\s+/),
);

/** A word with one trailing -s/-es/-ed/-ing removed (words of four letters or fewer are kept). */
function strip(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ["ing", "es", "ed", "s"]) {
    if (word.endsWith(suffix) && !(suffix === "s" && word.endsWith("ss"))) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Content words: lowercase alphanumeric words minus stopwords, suffix stripped. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().replace(/['’]/g, "").match(/[a-z0-9]+/g) ?? []).filter((w) => !STOPWORDS.has(w)).map(strip);
}

export function answerRecall(gold: string, answer: string): number {
  const want = [...new Set(contentWords(gold))];
  if (!want.length) return NaN;
  const have = new Set(contentWords(answer));
  return want.filter((w) => have.has(w)).length / want.length;
}

interface QueryResponse {
  answer: string;
  sources?: { id: string; text: string; source_ids: string[] }[];
}

interface Row {
  conv: string;
  category: number;
  recall: number;
  hit: boolean;
  cites: boolean;
  length: number;
}

async function main() {
  const { values: args } = parseArgs({ options: { "in-process": { type: "boolean", default: false }, repeat: { type: "string", default: "0" }, only: { type: "string" } } });
  /** `--only <words>`: ask only the questions that contain them (to read answers while working; no results are written). */
  const only = args.only?.toLowerCase();
  /** Every question asked, to ask again warm (`--repeat N`: the mean over N more passes). */
  const asked: { user_id: string; question: string }[] = [];
  const warm: number[] = [];
  const server = args["in-process"] ? await startInProcess() : await startServer();
  const api = client(server);
  const rows: Row[] = [];
  const samples: unknown[] = [];
  const latencies: number[] = [];
  const startedAll = performance.now();
  try {
    for (const conv of loadConversations()) {
      if (only && !conv.qa.some((q) => q.question.toLowerCase().includes(only))) continue;
      const { users, ingestionIds } = await ingestConversation(api, conv);
      await waitForIngestions(api, ingestionIds);
      // In process, the follow-up jobs (summaries, Stage 3) finish before questions are asked.
      if (args["in-process"]) await (await import("@/inngest/runner")).waitForIdle(600_000);
      for (const qa of conv.qa.filter((q) => q.category >= 1 && q.category <= 4)) {
        const named = namedSpeakers(conv, qa.question);
        if (named.length !== 1 || (only && !qa.question.toLowerCase().includes(only))) continue;
        asked.push({ user_id: users[named[0]!]!, question: qa.question });
        const res = await api<QueryResponse>("POST", "/query", { user_id: users[named[0]!], question: qa.question, use_cache: false });
        if (res.status !== 200) throw new Error(`/query answered ${res.status}: ${JSON.stringify(res.body)}`);
        latencies.push(res.ms);
        const answer = res.body.answer ?? "";
        const gold = String(qa.answer ?? "");
        const recall = answerRecall(gold, answer);
        if (Number.isNaN(recall)) continue; // a gold answer with no content word cannot be scored
        const evidence = evidenceIds(qa);
        const cited = new Set((res.body.sources ?? []).flatMap((s) => s.source_ids ?? []));
        const cites = [...evidence].some((e) => cited.has(e));
        const row = { conv: conv.name, category: qa.category, recall, hit: recall >= 0.5 && answer.length <= 300, cites, length: answer.length };
        rows.push(row);
        samples.push({ conv: conv.name, category: qa.category, question: qa.question, gold, answer, recall: +recall.toFixed(2), cites, evidence: [...evidence], cited: [...cited] });
      }
    }
    // Warm: the same questions again, each pass timed as a whole (mean ms per /query).
    for (let pass = 0; pass < Number(args.repeat); pass++) {
      const t0 = performance.now();
      for (const a of asked) await api("POST", "/query", { ...a, use_cache: false });
      warm.push((performance.now() - t0) / asked.length);
    }
  } finally {
    await server.stop();
  }

  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const fmt = (x: number) => x.toFixed(3);
  const table: Record<string, Record<string, string | number>> = {};
  const convs = [...new Set(rows.map((r) => r.conv))];
  const scopes: [string, Row[]][] = convs.map((c) => [c, rows.filter((r) => r.conv === c)]);
  if (convs.length > 1) scopes.push(["both", rows]);
  for (const [scope, scoped] of scopes) {
    const groups: [string, Row[]][] = [
      ["all", scoped],
      ...Object.entries(CATEGORY).map(([c, name]) => [`${c} ${name}`, scoped.filter((r) => r.category === Number(c))] as [string, Row[]]),
    ];
    for (const [name, rs] of groups) {
      if (!rs.length) continue;
      table[`${scope} ${name}`] = {
        questions: rs.length,
        recall: fmt(mean(rs.map((r) => r.recall))),
        "hit@300": fmt(mean(rs.map((r) => (r.hit ? 1 : 0)))),
        cites: fmt(mean(rs.map((r) => (r.cites ? 1 : 0)))),
        "mean length": Math.round(mean(rs.map((r) => r.length))),
      };
    }
  }
  console.table(table);
  const lat = latencies.sort((a, b) => a - b);
  const summary = {
    questions: rows.length,
    query_latency_ms: { p50: Number(percentile(lat, 50).toFixed(1)), p95: Number(percentile(lat, 95).toFixed(1)) },
    ...(warm.length ? { warm_ms_per_query: warm.map((x) => Number(x.toFixed(1))) } : {}),
    total_seconds: Number(((performance.now() - startedAll) / 1000).toFixed(1)),
  };
  console.log(JSON.stringify(summary, null, 2));
  if (only) {
    console.log(JSON.stringify(samples, null, 2));
    return;
  }
  const out = path.resolve(import.meta.dirname, "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "locomo-query.json"), JSON.stringify({ table, summary }, null, 2));
  fs.writeFileSync(path.join(out, "locomo-query-answers.json"), JSON.stringify(samples, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
