/**
 * Where exact per-user scoring stops being enough, and what a user's own indexes cost.
 *
 * One database shared by many tenants (default 1,000 users × 200 search rows), plus probe
 * users of growing size. For each probe user, the two branches of /chunks' search statement
 * are timed as they run in production (the same SQL, through the app's driver): first exact
 * (no index of the user's), then with the user's own partial HNSW + GIN indexes, whose build is
 * timed too. Recall of the indexed vector branch is measured against the exact one.
 *
 *   npx tsx bench/crossover.ts [--tenants 1000] [--tenant-rows 200] [--sizes 250,500,1000,2000,4000,8000,20000] [--queries 300]
 *   DATABASE_URL=postgres://… npx tsx bench/crossover.ts      (a Postgres server: an empty database)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql, type SQL } from "drizzle-orm";
import { loadConversations, turnText } from "./lib/locomo";
import { percentile } from "./lib/server";

const { values } = parseArgs({
  options: {
    tenants: { type: "string", default: "1000" },
    "tenant-rows": { type: "string", default: "200" },
    sizes: { type: "string", default: "250,500,1000,2000,4000,8000,20000" },
    queries: { type: "string", default: "300" },
  },
});
const TENANTS = Number(values.tenants);
const TENANT_ROWS = Number(values["tenant-rows"]);
const SIZES = values.sizes.split(",").map(Number);
const QUERIES = Number(values.queries);

if (!process.env.DATABASE_URL) {
  process.env.PGLITE_DATA_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pio-crossover-")), "pglite");
}
const { getDb, closeDb, chooseDriver } = await import("@/db/client");
const { getEmbeddingProvider } = await import("@/server/ai/embeddings");
const { buildQuery } = await import("@/server/retrieval/query");
const { vectorBranch, textBranch, selectiveTsquery } = await import("@/server/retrieval/chunks");
const { createUserIndexes, userIndexNames } = await import("@/server/retrieval/user-indexes");
const { createWorkspace } = await import("@/server/workspaces/service");
const { vectorParam } = await import("@/db/sql");

const db = await getDb();
const embedder = getEmbeddingProvider();
const driver = chooseDriver();
console.error(`database: ${driver}`);

// Realistic rows: LoCoMo turns as memories, 4-turn windows as conversation chunks (vector
// branch only, as in production). Past the sample's ~1,100 turns, rows pair turns from
// elsewhere in it, so no two rows say the same thing (repeated texts would make "recall"
// depend on which of several equally near copies an index returns).
const convs = loadConversations();
const turns = convs.flatMap((c) => c.sessions.flatMap((s) => s.turns.map((t) => `${t.speaker}: ${turnText(t)}`)));
const questions = convs.flatMap((c) => c.qa.map((q) => q.question));
const poolSize = Math.max(...SIZES, TENANT_ROWS * 4);

async function fillPool() {
  await db.execute(sql`drop table if exists crossover_pool`);
  await db.execute(sql`create table crossover_pool (i int primary key, text text not null, lexical boolean not null, embedding vector(384) not null)`);
  const t0 = performance.now();
  for (let start = 0; start < poolSize; start += 250) {
    const rows: SQL[] = [];
    for (let i = start; i < Math.min(poolSize, start + 250); i++) {
      const j = Math.floor(i / 2);
      const cycle = Math.floor(j / turns.length);
      const other = (k: number) => (cycle ? ` ${turns[(k * 7919 + cycle * 104729) % turns.length]}` : "");
      const lexical = i % 2 === 0;
      const text = lexical
        ? `${turns[j % turns.length]}${other(j)}`
        : [0, 1, 2, 3].map((d) => `${turns[(j + d) % turns.length]}${other(j + d)}`).join("\n");
      const [v] = await embedder.embed([text]);
      rows.push(sql`(${i}, ${text}, ${lexical}, ${vectorParam(v!)})`);
    }
    await db.execute(sql`insert into crossover_pool (i, text, lexical, embedding) values ${sql.join(rows, sql`, `)}`);
  }
  console.error(`pool of ${poolSize} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function addUser(workspaceId: string, name: string, rows: number, offset: number): Promise<string> {
  const id = `xo_${name}`;
  await db.execute(sql`insert into end_users (id, workspace_id, environment, user_id) values (${id}, ${workspaceId}, 'sandbox', ${name})`);
  await db.execute(sql`
    insert into search_index (id, workspace_id, environment, end_user_id, source, text, source_ids, weight, lexical, embedding, embedding_model)
    select ${id} || '_' || p.i, ${workspaceId}, 'sandbox', ${id}, case when p.lexical then 'memory' else 'document' end,
           p.text, array['m' || p.i], case when p.lexical then 1 else 0.85 end, p.lexical, p.embedding, ${embedder.model}
      from crossover_pool p where p.i >= ${offset} and p.i < ${offset + rows}`);
  return id;
}

interface Timing {
  p50: number;
  p95: number;
}
const timing = (xs: number[]): Timing => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
};

async function measure(endUserId: string, prepared: { vector: number[]; keywords: string }[]) {
  const vec: number[] = [];
  const txt: number[] = [];
  const ids: string[][] = [];
  for (let round = 0; round < 2; round++) {
    for (const [i, q] of prepared.entries()) {
      const p = { endUserId, vector: q.vector, keywords: q.keywords, model: embedder.model, n: 24 };
      let t = performance.now();
      const r = await db.execute<{ id: string }>(vectorBranch(p, vectorParam(q.vector)));
      if (round) vec.push(performance.now() - t);
      if (round) ids[i] = r.rows.map((x) => x.id);
      t = performance.now();
      await db.execute(textStatement(p));
      if (round) txt.push(performance.now() - t);
    }
  }
  return { vector: timing(vec), text: timing(txt), ids };
}

/** The full-text branch as production runs it: the tsquery chosen once, in a CTE. */
const textStatement = (p: { endUserId: string; keywords: string; vector: number[]; model: string; n: number }) =>
  sql`with q as (select ${selectiveTsquery(p.endUserId, p.keywords)} as t) ${textBranch(p, sql`(select t from q)`)}`;

async function plan(endUserId: string, q: { vector: number[]; keywords: string }) {
  const p = { endUserId, vector: q.vector, keywords: q.keywords, model: embedder.model, n: 24 };
  const show = async (s: SQL) => {
    const { rows } = await db.execute<Record<string, string>>(sql`explain ${s}`);
    return rows.map((r) => Object.values(r)[0]).filter((l) => /on search_index|Sort Key: \(/.test(l!)).map((l) => l!.trim().replace(/\s+\(cost.*$/, "").replace(/'\[.*\]'::vector/, "v"));
  };
  return { vector: await show(vectorBranch(p, vectorParam(q.vector))), text: await show(textStatement(p)) };
}

async function main() {
  const ws = await createWorkspace(db, { name: `crossover ${Date.now()}` });
  await fillPool();
  const t0 = performance.now();
  for (let u = 0; u < TENANTS; u++) await addUser(ws.id, `t${u}`, TENANT_ROWS, (u * 4 * 37) % (poolSize - TENANT_ROWS));
  console.error(`${TENANTS} tenants × ${TENANT_ROWS} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const probes: { size: number; id: string }[] = [];
  for (const size of SIZES) probes.push({ size, id: await addUser(ws.id, `probe${size}`, size, 0) });
  await db.execute(sql`analyze search_index, search_terms, end_users`);
  const { rows: total } = await db.execute<{ n: string }>(sql`select count(*) as n from search_index`);
  console.error(`search_index: ${total[0]!.n} rows`);

  const prepared = await Promise.all(
    questions.slice(0, QUERIES).map(async (q) => {
      const b = await buildQuery([{ role: "user", content: q }], 4, embedder);
      return { vector: b.vector, keywords: b.keywords.join(" ") };
    }),
  );
  const results: Record<string, unknown>[] = [];
  for (const { size, id } of probes) {
    const exact = await measure(id, prepared);
    const exactPlan = await plan(id, prepared[0]!);
    const built = await createUserIndexes(db, id);
    const indexed = await measure(id, prepared);
    const indexedPlan = await plan(id, prepared[0]!);
    // Recall by distance, not by id: the data repeats texts, so equally near rows are equally right.
    let hit = 0;
    let all = 0;
    for (let i = 0; i < prepared.length; i++) {
      const both = [...new Set([...exact.ids[i]!.slice(0, 10), ...indexed.ids[i]!.slice(0, 10)])];
      const { rows } = await db.execute<{ id: string; d: number }>(
        sql`select id, embedding <=> ${vectorParam(prepared[i]!.vector)} as d from search_index where id in (select jsonb_array_elements_text(${JSON.stringify(both)}::jsonb))`,
      );
      const d = new Map(rows.map((r) => [r.id, Number(r.d)]));
      const tenth = Math.max(...exact.ids[i]!.slice(0, 10).map((x) => d.get(x)!));
      hit += indexed.ids[i]!.slice(0, 10).filter((x) => d.get(x)! <= tenth + 1e-6).length;
      all += Math.min(10, exact.ids[i]!.length);
    }
    const row = {
      rows: size,
      "exact vec p50": +exact.vector.p50.toFixed(2),
      "exact vec p95": +exact.vector.p95.toFixed(2),
      "own HNSW p50": +indexed.vector.p50.toFixed(2),
      "own HNSW p95": +indexed.vector.p95.toFixed(2),
      "HNSW recall@10": +(hit / all).toFixed(3),
      "exact text p95": +exact.text.p95.toFixed(2),
      "own GIN p95": +indexed.text.p95.toFixed(2),
      "build HNSW s": +(built.vectorMs / 1000).toFixed(1),
      "build GIN s": +(built.textMs / 1000).toFixed(1),
    };
    results.push(row);
    console.table(results);
    console.error(`  plans at ${size}: exact ${JSON.stringify(exactPlan)} → indexed ${JSON.stringify(indexedPlan)}`);
  }
  // A small tenant next to the big users' indexes: its plan and time must not change.
  const small = await measure(`xo_t0`, prepared);
  console.log(`small tenant (${TENANT_ROWS} rows) with ${probes.length} users' indexes on the table: vector p95 ${small.vector.p95.toFixed(2)} ms, text p95 ${small.text.p95.toFixed(2)} ms`);
  console.log(JSON.stringify({ driver, tenants: TENANTS, tenantRows: TENANT_ROWS, tableRows: Number(total[0]!.n), results }, null, 2));
  if (driver !== "pglite") {
    for (const { id } of probes) {
      const n = userIndexNames(id);
      await db.execute(sql.raw(`drop index if exists ${n.vector}`));
      await db.execute(sql.raw(`drop index if exists ${n.text}`));
    }
    await db.execute(sql`delete from workspaces where id = ${ws.id}`);
    await db.execute(sql`drop table if exists crossover_pool`);
  }
  await closeDb();
}

await main();
