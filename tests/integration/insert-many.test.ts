import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertMany } from "@/db/insert-many";
import { endUsers, memories, memoryVersions, searchIndex } from "@/db/schema";
import { newId } from "@/server/lib/ids";
import { testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * insertMany (the ingestion's bulk insert: rows as one JSON parameter, vectors in binary) stores
 * exactly what drizzle's own insert stores, for every column type the ingestion writes.
 */

let t: TestWorkspace;
let scope: { workspaceId: string; environment: "sandbox"; endUserId: string };

beforeAll(async () => {
  t = await testWorkspace();
  const [user] = await t.db
    .insert(endUsers)
    .values({ id: newId("eu"), workspaceId: t.workspace.id, environment: "sandbox", userId: "bulk" })
    .returning();
  scope = { workspaceId: t.workspace.id, environment: "sandbox", endUserId: user!.id };
});

const vector = (seed: number) => Array.from({ length: 384 }, (_, i) => Math.fround(Math.sin(seed * 7 + i) / 3));

function memoryRow(id: string, i: number): typeof memories.$inferInsert {
  const at = new Date(Date.UTC(2025, 4, 1, 12, i, 30, 250));
  return {
    id,
    ...scope,
    text: `Ana's fact number ${i}: "quoted", back\\slash, ünïcödé, emoji 🍣, newline\nand tab\t.`,
    textHash: `hash-${i}`,
    sourceIds: [`m${i}`, `m${i + 1}`, "it's, \"odd\" {id}"],
    occurredAt: at,
    ingestionId: "ing_1",
    extractor: "offline",
    kind: i % 2 ? "remark" : "fact",
    topic: "food",
    entities: [{ name: i % 2 ? null : "Sam", type: "person", relation: "brother" }],
    salience: "preference",
    slot: i % 3 ? null : "diet",
    status: "current",
    supersededBy: null,
    validFrom: at,
    validTo: i % 2 ? new Date(Date.UTC(2026, 0, 1)) : null,
    createdAt: at,
    updatedAt: at,
  };
}

function searchRow(memoryId: string, i: number): typeof searchIndex.$inferInsert {
  return {
    id: memoryId,
    ...scope,
    source: "memory",
    memoryId,
    text: `Search text ${i} with words to index`,
    sourceIds: [`m${i}`],
    extra: i % 2 ? { question_index: i, answer: "yes" } : null,
    weight: 0.85,
    lexical: i % 2 === 0,
    embedding: vector(i),
    embeddingModel: "offline-test",
    status: "current",
    createdAt: new Date(Date.UTC(2025, 4, 1)),
    updatedAt: new Date(Date.UTC(2025, 4, 2)),
  };
}

/** Every stored column of the rows (vectors and the generated tsv included), comparable across ids. */
async function stored(ids: string[]) {
  const mem = await t.db.select().from(memories).where(inArray(memories.id, ids)).orderBy(memories.textHash);
  const search = await t.db.execute<Record<string, unknown>>(
    sql`select text, source_ids, extra, weight, lexical, embedding::text as embedding, embedding_model, status, tsv::text as tsv, created_at, updated_at
          from search_index where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)) order by text`,
  );
  return { memories: mem.map(({ id: _id, ...rest }) => rest), search: search.rows };
}

describe("insertMany", () => {
  it("stores the same rows as drizzle's insert (text, arrays, jsonb, timestamps, enums, booleans, reals, vectors, nulls)", async () => {
    const a = Array.from({ length: 5 }, () => newId("mem"));
    const b = Array.from({ length: 5 }, () => newId("mem"));
    await t.db.insert(memories).values(a.map((id, i) => memoryRow(id, i)));
    await t.db.insert(searchIndex).values(a.map((id, i) => searchRow(id, i)));
    const viaDrizzle = await stored(a);
    await t.db.delete(memories).where(inArray(memories.id, a));

    await insertMany(t.db, memories, b.map((id, i) => memoryRow(id, i)));
    await insertMany(t.db, searchIndex, b.map((id, i) => searchRow(id, i)));
    const viaJson = await stored(b);
    expect(viaJson.memories).toHaveLength(5);
    expect(viaJson.search).toHaveLength(5);
    expect(viaJson).toEqual(viaDrizzle);
    // The search_terms triggers counted the rows inserted this way too.
    const { rows } = await t.db.execute<{ df: number }>(sql`select df from search_terms where end_user_id = ${scope.endUserId} and lexeme = 'index'`);
    expect(Number(rows[0]?.df)).toBe(3);
  });

  it("stores a lone surrogate as node-postgres would (U+FFFD), where jsonb would refuse its escape", async () => {
    const id = newId("mem");
    await insertMany(t.db, memories, [{ ...memoryRow(id, 40), text: "broken \ud83d pair" }]);
    const [row] = await t.db.select({ text: memories.text }).from(memories).where(eq(memories.id, id));
    expect(row!.text).toBe("broken \ufffd pair");
  });

  it("leaves a column unset in every row to its default, and falls back to drizzle when only some rows set it", async () => {
    const one = newId("mem");
    const two = newId("mem");
    await insertMany(t.db, memories, [{ id: one, ...scope, text: "minimal", textHash: "h-min", extractor: "offline" }]);
    const [row] = await t.db.select().from(memories).where(eq(memories.id, one));
    expect(row).toMatchObject({ kind: "fact", topic: "other", status: "current", salience: "event", sourceIds: [], entities: [] });
    expect(row!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    await insertMany(t.db, memoryVersions, [
      { memoryId: one, version: 1, ...scope, event: "extraction", text: "minimal", actor: { kind: "system", name: "ingestion" } },
      { memoryId: two, version: 1, ...scope, event: "extraction", text: "other", actor: { kind: "system", name: "ingestion" }, createdAt: new Date(Date.UTC(2020, 0, 1)) },
    ]);
    const versions = await t.db.select().from(memoryVersions).where(inArray(memoryVersions.memoryId, [one, two])).orderBy(memoryVersions.text);
    expect(versions.map((v) => [v.text, v.actor, v.createdAt.getUTCFullYear() === 2020])).toEqual([
      ["minimal", { kind: "system", name: "ingestion" }, false],
      ["other", { kind: "system", name: "ingestion" }, true],
    ]);
  });
});
