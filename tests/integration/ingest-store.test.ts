import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { endUsers, memories, memoryVersions, searchIndex } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * The store step writes a batch's changes to existing memories in one statement each (sources
 * merged into facts said again, facts superseded), and finds a memory's search row through an
 * index of its own, whatever the number of the user's rows.
 */

let t: TestWorkspace;
let endUserId: string;

async function send(messages: { id: string; content: string; at: string }[]) {
  const res = await call(ingestRoute, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: { user_id: "store", message_history: messages.map((m) => ({ id: m.id, role: "user", content: m.content, timestamp: m.at })) },
  });
  expect(res.status).toBe(200);
  await waitForIdle();
}

beforeAll(async () => {
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "store", traits: { name: "Rui Costa" } } });
  endUserId = (await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "store"))))[0]!.id;
  await send([
    { id: "a1", content: "I'm allergic to shellfish.", at: "2025-01-05T10:00:00Z" },
    { id: "a2", content: "I play padel on Tuesdays.", at: "2025-01-05T10:01:00Z" },
    { id: "a3", content: "I live in Porto.", at: "2025-01-05T10:02:00Z" },
    { id: "a4", content: "I'm head of pharmacy at Farmacia Lusa.", at: "2025-01-05T10:03:00Z" },
  ]);
});

async function factsBySource() {
  const rows = await t.db
    .select({ text: memories.text, status: memories.status, sources: memories.sourceIds, search: searchIndex.sourceIds, searchStatus: searchIndex.status })
    .from(memories)
    .innerJoin(searchIndex, eq(searchIndex.memoryId, memories.id))
    .where(eq(memories.endUserId, endUserId));
  return rows.map((r) => ({ ...r, sources: [...r.sources].sort(), search: [...r.search].sort() }));
}

describe("the store step", () => {
  it("merges the sources of facts said again (several in one batch) into their memory and its search row", async () => {
    await send([
      { id: "b1", content: "I'm allergic to shellfish.", at: "2025-02-01T10:00:00Z" },
      { id: "b2", content: "I play padel on Tuesdays.", at: "2025-02-01T10:01:00Z" },
      { id: "b3", content: "I'm allergic to shellfish.", at: "2025-02-01T10:02:00Z" },
    ]);
    const facts = await factsBySource();
    const allergy = facts.find((f) => /shellfish/.test(f.text))!;
    const padel = facts.find((f) => /padel/.test(f.text))!;
    expect(facts.filter((f) => /shellfish/.test(f.text))).toHaveLength(1);
    expect(allergy.sources).toEqual(["a1", "b1", "b3"]);
    expect(allergy.search).toEqual(allergy.sources);
    expect(padel.sources).toEqual(["a2", "b2"]);
    expect(padel.search).toEqual(padel.sources);
  });

  it("supersedes several facts in one batch, each once, with a version per change", async () => {
    await send([
      { id: "c1", content: "Actually I moved from Porto to Lisbon last month!", at: "2025-03-01T10:00:00Z" },
      { id: "c2", content: "Big news: I left Farmacia Lusa and joined Northwind Analytics as a data analyst last week!", at: "2025-03-01T10:01:00Z" },
    ]);
    const facts = await factsBySource();
    const porto = facts.find((f) => /lives in Porto/.test(f.text))!;
    const pharmacist = facts.find((f) => /head of pharmacy/.test(f.text))!;
    expect([porto.status, porto.searchStatus]).toEqual(["superseded", "superseded"]);
    expect([pharmacist.status, pharmacist.searchStatus]).toEqual(["superseded", "superseded"]);
    expect(facts.filter((f) => f.status === "current").map((f) => f.text).join(" | ")).toMatch(/Lisbon.*analyst|analyst.*Lisbon/);
    const versions = await t.db.execute<{ text: string; events: string }>(sql`
      select m.text, string_agg(v.event, ',' order by v.version) as events
        from ${memories} m join ${memoryVersions} v on v.memory_id = m.id
       where m.end_user_id = ${endUserId} and m.status = 'superseded' group by m.text order by m.text`);
    expect(versions.rows.map((r) => r.events)).toEqual(["extraction,reconcile", "extraction,reconcile"]);
    const [superseder] = await t.db
      .select({ text: memories.text })
      .from(memories)
      .where(and(eq(memories.endUserId, endUserId), sql`${memories.id} = (select superseded_by from memories where end_user_id = ${endUserId} and text like '%lives in Porto%')`));
    expect(superseder!.text).toMatch(/Lisbon/);
  });

  it("finds the search row of one memory, chunk or Stage 3 entry through an index (not by reading the user's rows)", async () => {
    // Which index the planner prefers depends on the table's statistics (a user with a handful
    // of rows is as cheap to read through the user index). What this checks is that each of
    // these statements can be answered from its own index: the user index is dropped inside a
    // transaction that is rolled back, and sequential scans are off.
    const plans: string[] = [];
    const rolledBack = new Error("rolled back on purpose");
    await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`drop index search_index_user_idx`);
        for (const column of ["memory_id", "chunk_id", "stage3_id"]) {
          const { rows } = await tx.execute<Record<string, string>>(
            sql`explain update search_index set source_ids = source_ids where end_user_id = ${endUserId} and ${sql.raw(column)} = 'x'`,
          );
          plans.push(rows.map((r) => Object.values(r)[0]).join("\n"));
        }
        throw rolledBack;
      })
      .catch((e: unknown) => {
        if (e !== rolledBack) throw e;
      });
    const [index] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_indexes where indexname = 'search_index_user_idx'`).then((r) => r.rows);
    expect(index!.n).toBe(1);
    expect(plans[0]).toMatch(/search_index_memory_idx/);
    expect(plans[1]).toMatch(/search_index_chunk_idx/);
    expect(plans[2]).toMatch(/search_index_stage3_idx/);
  });
});
