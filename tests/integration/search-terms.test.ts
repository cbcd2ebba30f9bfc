import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingestRoute } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { endUsers, memories, searchIndex } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { selectiveTerms } from "@/server/retrieval/chunks";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
let endUserId: string;

beforeAll(async () => {
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "terms", traits: { name: "Ash" } } });
  const facts = [
    "I drink coffee every morning before work",
    "I drink coffee with oat milk",
    "My favourite coffee shop is on the corner",
    "I went to Zanzibar for my honeymoon",
    "I play chess with my brother on Sundays",
  ];
  const res = await call(ingestRoute, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: {
      user_id: "terms",
      message_history: facts.map((content, i) => ({ role: "user", content, timestamp: `2025-11-0${i + 1}T10:00:00Z` })),
    },
  });
  expect(res.status).toBe(200);
  await waitForIdle();
  endUserId = (await t.db.select().from(endUsers).where(eq(endUsers.userId, "terms")))[0]!.id;
});

/** search_terms as stored, and as recounted from search_index: they must always agree. */
async function termCounts() {
  const stored = await t.db.execute<{ lexeme: string; df: number }>(
    sql`select lexeme, df from search_terms where end_user_id = ${endUserId} order by lexeme`,
  );
  // Each lexeme's document frequency, and under '' the number of lexical rows.
  const recount = await t.db.execute<{ lexeme: string; df: number }>(sql`
    select lexeme, df from (
      select l.lexeme, count(*)::int as df
        from search_index s cross join lateral unnest(tsvector_to_array(s.tsv)) as l(lexeme)
       where s.end_user_id = ${endUserId} and s.lexical
       group by l.lexeme
      union all
      select '', count(*)::int from search_index where end_user_id = ${endUserId} and lexical having count(*) > 0
    ) x order by lexeme`);
  return { stored: stored.rows.map((r) => [r.lexeme, Number(r.df)]), recount: recount.rows.map((r) => [r.lexeme, Number(r.df)]) };
}

describe("search_terms: per-user document frequencies kept by triggers", () => {
  it("the full-text branch searches the rarest terms within the row budget", async () => {
    const all = await selectiveTerms(t.db, endUserId, "coffee zanzibar chess");
    expect(all).toContain("'zanzibar'");
    expect(all).toContain("'coffe'");
    const df = Object.fromEntries((await termCounts()).stored) as Record<string, number>;
    expect(df["coffe"]).toBeGreaterThan(Math.max(df["zanzibar"]!, df["chess"]!));
    const tight = await selectiveTerms(t.db, endUserId, "coffee zanzibar chess", df["zanzibar"]! + df["chess"]!);
    expect(tight?.split(" | ").sort()).toEqual(["'chess'", "'zanzibar'"]);
    expect(await selectiveTerms(t.db, endUserId, "coffee", df["coffe"]! - 1)).toBeNull();
    expect(await selectiveTerms(t.db, endUserId, "unheard-of words")).toBeNull();
    // A lexeme with a quote or a backslash is quoted, not injected.
    expect(await selectiveTerms(t.db, endUserId, "it's o'brien \\ back")).toBeNull();
  });

  it("match a recount after ingestion, an edited row, a row taken out of full-text search and a deletion", async () => {
    let c = await termCounts();
    expect(c.stored.length).toBeGreaterThan(5);
    expect(c.stored).toEqual(c.recount);
    expect(Object.fromEntries(c.stored)["coffe"]).toBeGreaterThanOrEqual(3);

    const rows = await t.db.select().from(searchIndex).where(eq(searchIndex.endUserId, endUserId));
    const lexical = rows.filter((r) => r.lexical);
    await t.db.update(searchIndex).set({ text: "Ash collects vintage typewriters" }).where(eq(searchIndex.id, lexical[0]!.id));
    c = await termCounts();
    expect(c.stored).toEqual(c.recount);
    expect(Object.fromEntries(c.stored)["typewrit"]).toBe(1);

    await t.db.update(searchIndex).set({ lexical: false }).where(eq(searchIndex.id, lexical[1]!.id));
    c = await termCounts();
    expect(c.stored).toEqual(c.recount);

    const memory = rows.find((r) => r.memoryId && r.id !== lexical[0]!.id && r.id !== lexical[1]!.id)!;
    await t.db.delete(memories).where(eq(memories.id, memory.memoryId!));
    c = await termCounts();
    expect(c.stored).toEqual(c.recount);
    expect(c.stored.every(([, df]) => Number(df) > 0)).toBe(true);
  });

  it("/chunks still finds a rare word, and the terms go with the user", async () => {
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "terms", history: [{ role: "user", content: "Where did I go for the honeymoon? Zanzibar?" }], similarity_threshold: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.body.chunks[0].text).toMatch(/Zanzibar/);

    await t.db.delete(endUsers).where(eq(endUsers.id, endUserId));
    const left = await t.db.execute(sql`select count(*)::int as n from search_terms where end_user_id = ${endUserId}`);
    expect(Number((left.rows[0] as { n: number }).n)).toBe(0);
  });
});
