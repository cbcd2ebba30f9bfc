import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { endUsers } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { resetEnvCache } from "@/server/env";
import { serviceContext } from "@/server/service/context";
import { deleteEndUser } from "@/server/users/delete";
import { vectorBranch } from "@/server/retrieval/chunks";
import { buildQuery } from "@/server/retrieval/query";
import { needsUserIndexes, userIndexNames } from "@/server/retrieval/user-indexes";
import { vectorParam } from "@/db/sql";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * Search cost follows the user's data: no index spans all users; a user past
 * SEARCH_USER_INDEX_MIN_ROWS gets HNSW and GIN indexes of their own (built by a job after the
 * ingestion that crossed it), the planner uses them for that user only, and they go with the user.
 */

let t: TestWorkspace;
const ids: Record<string, string> = {};

const turns = (n: number, topic: string) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${topic}${i}`,
    role: i % 2 ? "assistant" : "user",
    content: i % 2 ? `Noted, thanks for telling me about ${topic} number ${i}.` : `I have a story about ${topic} ${i}: it involved ${["a red bike", "a long hike", "a jazz concert", "a pottery class", "a night train"][i % 5]} in week ${i}.`,
    timestamp: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
  }));

async function indexState(endUserId: string) {
  const names = userIndexNames(endUserId);
  const { rows } = await t.db.execute<{ name: string; valid: boolean; pred: string }>(sql`
    select c.relname as name, i.indisvalid as valid, pg_get_expr(i.indpred, i.indrelid) as pred
      from pg_index i join pg_class c on c.oid = i.indexrelid
     where c.relname in (${names.vector}, ${names.text}) order by c.relname`);
  return rows;
}

/** The plan of the vector branch for a user, with sequential scans and sorts priced out. */
async function vectorPlan(endUserId: string): Promise<string> {
  const embedder = getEmbeddingProvider();
  const q = await buildQuery([{ role: "user", content: "a jazz concert story" }], 4, embedder);
  const branch = vectorBranch({ endUserId, vector: q.vector, keywords: "", model: embedder.model, n: 10 }, vectorParam(q.vector));
  return t.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_sort = off`);
    const { rows } = await tx.execute<Record<string, string>>(sql`explain ${branch}`);
    return rows.map((r) => Object.values(r)[0]).join("\n");
  });
}

beforeAll(async () => {
  process.env.SEARCH_USER_INDEX_MIN_ROWS = "30";
  resetEnvCache();
  t = await testWorkspace();
  for (const [userId, n] of [["big", 44], ["small", 10]] as const) {
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: userId, traits: { name: "Sam" } } });
    const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: userId, message_history: turns(n, userId) } });
    expect(res.status).toBe(200);
    await waitForIdle();
    const [row] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, userId)));
    ids[userId] = row!.id;
  }
});

afterAll(() => {
  delete process.env.SEARCH_USER_INDEX_MIN_ROWS;
  resetEnvCache();
});

describe("per-user search indexes", () => {
  it("no index spans every user's vectors or lexemes", async () => {
    const { rows } = await t.db.execute<{ indexdef: string }>(
      sql`select indexdef from pg_indexes where tablename = 'search_index' and (indexdef ilike '%hnsw%' or indexdef ilike '%gin%')`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.indexdef).toMatch(/WHERE \(?\(?end_user_id = '/);
  });

  it("the ingestion that takes a user past the threshold gets them an HNSW and a GIN index of their own", async () => {
    const state = await indexState(ids.big!);
    expect(state.map((s) => s.valid)).toEqual([true, true]);
    for (const s of state) expect(s.pred).toContain(`end_user_id = '${ids.big}'`);
    expect(await needsUserIndexes(t.db, ids.big!)).toBe(false);
    // Below the threshold: searched exactly, no index.
    expect(await indexState(ids.small!)).toEqual([]);
    expect(await needsUserIndexes(t.db, ids.small!)).toBe(false);
  });

  it("the planner uses a user's index for that user only", async () => {
    expect(await vectorPlan(ids.big!)).toContain(userIndexNames(ids.big!).vector);
    const other = await vectorPlan(ids.small!);
    expect(other).not.toContain("search_index_u_");
  });

  it("search through the user's own index finds what the exact scan found", async () => {
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "big", history: [{ role: "user", content: "Tell me the story about the pottery class" }], k: 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body.chunks[0].text).toMatch(/pottery class/);
  });

  it("deleting the user drops their indexes", async () => {
    const ctx = serviceContext({ db: t.db, scope: { workspaceId: t.workspace.id, environment: "sandbox" }, actor: { kind: "system", name: "test" }, requestId: "req_test" });
    expect(await deleteEndUser(ctx, { userId: "big" })).toEqual({ deleted: true, userId: "big" });
    await waitForIdle();
    expect(await indexState(ids.big!)).toEqual([]);
  });
});
