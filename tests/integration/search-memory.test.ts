import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { DELETE as deleteMemory, PATCH as patchMemory } from "@/app/(api)/memories/[id]/route";
import { GET as listMemories } from "@/app/(api)/memories/route";
import { POST as register } from "@/app/(api)/register/route";
import { chooseDriver } from "@/db/client";
import type { EndUser } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { LEXICAL_ROW_BUDGET, prepareSearch, rankCandidates, searchStatement, type Row } from "@/server/retrieval/chunks";
import { load, parseTsvector, searchInMemory, searchMemoryEnabled, searchMemorySettled, searchMemoryStats } from "@/server/retrieval/memory-index";
import { env } from "@/server/env";
import { findEndUser } from "@/server/users/find";
import { RESTAURANT_ASH, SALES_PRIYA } from "../helpers/scenarios";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * On the embedded database a user's search rows are kept in memory (memory-index.ts): the
 * search must find exactly what the search statement finds, and see every change at once.
 */

const embedded = chooseDriver() === "pglite";
let t: TestWorkspace;
let ash: EndUser;
let priya: EndUser;

const QUESTIONS = [
  "What is Ash allergic to?",
  "Where does Ash live now?",
  "Which restaurants would my daughter be safe at?",
  "What does my husband do for work?",
  "Any port wine tastings coming up?",
  "What did we talk about with the recruiter?",
  "What should I order for Sofia?",
  "Tell me about the startup",
  "What deals is Priya working on?",
  "When is the next quarterly review?",
  "Who is her manager?",
  "peanuts gluten celiac EpiPen",
  "the",
  "",
];

const scope = () => ({ workspaceId: t.workspace.id, environment: "sandbox" as const });

beforeAll(async () => {
  t = await testWorkspace();
  for (const [user_id, name, messages] of [
    ["ash", "Ash Lewis", RESTAURANT_ASH],
    ["priya", "Priya Nair", SALES_PRIYA],
  ] as const) {
    expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id, traits: { name } } })).status).toBe(201);
    expect((await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id, message_history: messages } })).status).toBe(200);
  }
  await waitForIdle();
  ash = (await findEndUser(t.db, scope(), "ash"))!;
  priya = (await findEndUser(t.db, scope(), "priya"))!;
});

const ask = async (user_id: string, content: string, k = 6) => {
  const res = await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body: { user_id, history: [{ role: "user", content }], k, similarity_threshold: 0 } });
  expect(res.status).toBe(200);
  return res.body.chunks as { id: string; text: string; source: string; score: number }[];
};

describe.runIf(embedded)("search from memory (embedded database)", () => {
  it("finds what the search statement finds: the same candidates, similarities and word frequencies, and the same chunks", async () => {
    let compared = 0;
    for (const user of [ash, priya]) {
      await load(t.db, user.id);
      for (const content of QUESTIONS) {
        for (const opts of [
          { k: 6, threshold: 0 },
          { k: 3, threshold: 0.2, includeSuperseded: true },
          { k: 8, threshold: 0, sources: ["memory" as const] },
        ]) {
          const { query, params, nameTerms } = await prepareSearch(user, [{ role: "user", content }], opts);
          const fromSql = (await t.db.execute<Row>(searchStatement(params))).rows;
          const fromMemory = await searchInMemory(t.db, params, query.vector, LEXICAL_ROW_BUDGET);
          expect(fromMemory, content).not.toBeNull();
          const byId = (rows: Row[]) => new Map(rows.map((r) => [r.id, r]));
          const a = byId(fromSql);
          const b = byId(fromMemory!.rows);
          expect([...b.keys()].sort(), `${user.userId}: ${content}`).toEqual([...a.keys()].sort());
          for (const [id, r] of a) {
            const m = b.get(id)!;
            expect(m.text).toBe(r.text);
            expect(m.source_ids).toEqual(r.source_ids);
            expect(m.extra).toEqual(r.extra);
            expect(new Date(m.created_at).getTime()).toBe(new Date(r.created_at).getTime());
            if (r.sim === null) expect(m.sim).toBeNull();
            else if (Number.isNaN(Number(r.sim))) expect(Number(m.sim)).toBeNaN(); // a zero vector (the empty question)
            else expect(Number(m.sim)).toBeCloseTo(Number(r.sim), 5);
          }
          const dfs = (rows: Row[]) => rows.find((r) => r.dfs)?.dfs;
          const sqlDfs = dfs(fromSql);
          const sqlDfsObject = typeof sqlDfs === "string" ? JSON.parse(sqlDfs) : sqlDfs;
          if (fromSql.length) expect(dfs(fromMemory!.rows)).toEqual(sqlDfsObject);
          // The same chunks in the same order; chunks whose scores agree to 3 decimals may swap
          // (a similarity summed in another order differs in its 7th digit).
          const chosen = (rows: Row[], analyses?: Map<string, never>) => {
            const groups: [string, string[]][] = [];
            for (const c of rankCandidates(rows, query, nameTerms, opts, analyses)) {
              const score = c.score.toFixed(3);
              if (groups.at(-1)?.[0] === score) groups.at(-1)![1].push(c.id);
              else groups.push([score, [c.id]]);
            }
            return groups.map(([score, ids]) => [score, ids.sort()]);
          };
          expect(chosen(fromMemory!.rows, fromMemory!.index.analyses as Map<string, never>), content).toEqual(chosen(fromSql));
          compared++;
        }
      }
    }
    expect(compared).toBe(2 * QUESTIONS.length * 3);
  });

  it("users whose rows change are loaded in the background; /chunks then reads no statement of theirs", async () => {
    await searchMemorySettled();
    expect(searchMemoryStats().users).toBeGreaterThanOrEqual(2);
    const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from search_index where end_user_id = ${ash.id}`);
    expect(rows[0]!.n).toBeGreaterThan(10);
    const found = await ask("ash", "What is Ash allergic to?");
    expect(found.map((c) => c.text).join("\n")).toMatch(/peanut/i);
  });

  it("sees a new conversation, a corrected memory and a deleted one at once, before anything is loaded again", async () => {
    await load(t.db, ash.id);
    expect((await ask("ash", "Does Ash play the cello?")).some((c) => /cello/i.test(c.text))).toBe(false);
    const res = await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "ash", message_history: [{ id: "cello-1", role: "user", content: "I started cello lessons last week, every Tuesday evening.", timestamp: "2025-10-20T18:00:00Z" }] },
    });
    expect(res.status).toBe(200);
    await waitForIdle();
    // No wait for the background load: the change dropped the user's rows from memory.
    const cello = (await ask("ash", "Does Ash play the cello?")).find((c) => /cello/i.test(c.text));
    expect(cello).toBeDefined();

    await searchMemorySettled();
    const memories = (await call(listMemories, "GET", "/memories", { key: t.keys.sandbox, query: { user_id: "ash", limit: 100 } })).body.memories as { id: string; text: string }[];
    const lessons = memories.find((m) => /cello/i.test(m.text))!;
    expect((await call(patchMemory, "PATCH", `/memories/${lessons.id}`, { key: t.keys.sandbox, params: { id: lessons.id }, body: { text: "Ash takes viola lessons every Tuesday evening" } })).status).toBe(200);
    const viola = await ask("ash", "Does Ash take viola lessons?");
    expect(viola.some((c) => c.text === "Ash takes viola lessons every Tuesday evening")).toBe(true);

    await searchMemorySettled();
    expect((await call(deleteMemory, "DELETE", `/memories/${lessons.id}`, { key: t.keys.sandbox, params: { id: lessons.id } })).status).toBeLessThan(300);
    expect((await ask("ash", "Does Ash take viola lessons?")).some((c) => c.text === "Ash takes viola lessons every Tuesday evening")).toBe(false);
  });
});

describe("search from memory: what it reads of Postgres", () => {
  it("reads a tsvector's text as Postgres stores it: each lexeme and its number of positions", async () => {
    const texts = [
      "It's Zoë's café — she said \"don't\" twice, don't you know? O'Brien's O''Brien",
      "back\\slash C:\\Users\\ana and a 'quoted' word, e-mail ana@example.com https://example.com/a?b=c",
      "run running runs ran runner, 3.14 42 2025-10-01, well-known state-of-the-art",
      "the the the a an", // stopwords only: an empty tsvector
      "peanut ".repeat(300), // more positions than Postgres keeps (256)
    ];
    for (const text of texts) {
      const { rows } = await t.db.execute<{ t: string; lexeme: string | null; n: number | null }>(
        sql`select to_tsvector('english', ${text})::text as t, u.lexeme, coalesce(array_length(u.positions, 1), 1) as n
              from (select 1) x left join lateral unnest(to_tsvector('english', ${text})) u on true`,
      );
      const expected = new Map(rows.filter((r) => r.lexeme !== null).map((r) => [r.lexeme!, Number(r.n)]));
      expect(parseTsvector(rows[0]!.t), text).toEqual(expected);
    }
  });

  it.runIf(!embedded)("on a Postgres server nothing is kept in memory and no change is announced", async () => {
    expect(searchMemoryEnabled()).toBe(false);
    const { default: pg } = await import("pg");
    const listener = new pg.Client({ connectionString: env().DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(n.payload ?? ""));
    try {
      await listener.query("LISTEN pio_search_index");
      const res = await call(ingest, "POST", "/ingest", {
        key: t.keys.sandbox,
        body: { user_id: "ash", message_history: [{ id: "pg-1", role: "user", content: "I booked a pottery class for Saturday.", timestamp: "2025-10-21T18:00:00Z" }] },
      });
      expect(res.status).toBe(200);
      await waitForIdle();
      expect((await ask("ash", "What class did Ash book?")).some((c) => /pottery/i.test(c.text))).toBe(true);
      await listener.query("select 1"); // a notification would have arrived by now
      expect(heard).toEqual([]);
      expect(searchMemoryStats().users).toBe(0);
    } finally {
      await listener.end();
    }
  });
});
