import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as ingestionStatus } from "@/app/(api)/ingestions/[id]/route";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import superjson from "superjson";
import { endUsers } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { getEndUserDetail } from "@/server/explorer/service";
import { call, testWorkspace, type CallResult, type TestWorkspace } from "../helpers/api";

/**
 * Issue 10, items 8 and 9: strings Postgres cannot store (NUL, lone surrogates), timestamps
 * outside its range, and JSON nested deep enough to overflow the stack were answered with 500.
 * Each must be a 400 that names the field, and store nothing.
 */
let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
  expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "u1" } })).status).toBe(201);
  await waitForIdle();
});

/** Rows in every table a public request can write (request logs aside). */
async function footprint(): Promise<string> {
  const tables = ["end_users", "ingestions", "messages", "documents", "memories", "document_chunks", "stage3_entries", "search_index", "profile_summaries", "query_answers"];
  const parts = tables.map((name) => `(select count(*) || ':' || coalesce(sum(hashtext(x::text)), 0) from ${name} x)`);
  const { rows } = await t.db.execute<{ f: string }>(sql.raw(`select concat_ws(' ', ${parts.join(", ")}) as f`));
  return rows[0]!.f;
}

function expect400(res: CallResult, field: string, pattern?: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error).toMatchObject({ code: "validation_error", field, message: expect.any(String) });
  if (pattern) expect(res.body.error.message).toMatch(pattern);
}

const key = () => t.keys.sandbox;
const NUL = "a\u0000b";
const LONE = "\ud800x";

describe("NUL characters and lone surrogates: 400 naming the field, nothing stored", () => {
  const cases: [string, () => Promise<CallResult>, string][] = [
    ["register user_id", () => call(register, "POST", "/register", { key: key(), body: { user_id: NUL } }), "user_id"],
    ["register purpose", () => call(register, "POST", "/register", { key: key(), body: { user_id: "u1", purpose: NUL } }), "purpose"],
    ["register trait key", () => call(register, "POST", "/register", { key: key(), body: { user_id: "u1", traits: { [NUL]: "x" } } }), "traits"],
    ["register trait value", () => call(register, "POST", "/register", { key: key(), body: { user_id: "u1", traits: { name: NUL } } }), "traits.name"],
    ["register nested trait", () => call(register, "POST", "/register", { key: key(), body: { user_id: "u1", traits: { a: [{ b: NUL }] } } }), "traits.a[0].b"],
    ["register lone surrogate", () => call(register, "POST", "/register", { key: key(), body: { user_id: "u1", traits: { name: LONE } } }), "traits.name"],
    ["ingest content", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: "u1", message_history: [{ role: "user", content: NUL }] } }), "message_history[0].content"],
    ["ingest message id", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: "u1", message_history: [{ id: NUL, role: "user", content: "hi there" }] } }), "message_history[0].id"],
    ["ingest source", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: "u1", source: NUL, message_history: [{ role: "user", content: "hi there" }] } }), "source"],
    ["ingest title", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: "u1", documents: [{ content: "a doc", title: NUL }] } }), "documents[0].title"],
    ["ingest doc_id", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: "u1", documents: [{ content: "a doc", doc_id: NUL }] } }), "documents[0].doc_id"],
    ["ingest document content", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: "u1", documents: [{ content: LONE }] } }), "documents[0].content"],
    ["ingest user_id", () => call(ingest, "POST", "/ingest", { key: key(), body: { user_id: NUL, message_history: [{ role: "user", content: "hi" }] } }), "user_id"],
    ["chunks content", () => call(chunks, "POST", "/chunks", { key: key(), body: { user_id: "u1", history: [{ role: "user", content: NUL }] } }), "history[0].content"],
    ["chunks exclude id", () => call(chunks, "POST", "/chunks", { key: key(), body: { user_id: "u1", history: [{ role: "user", content: "food" }], exclude_chunk_ids: [NUL] } }), "exclude_chunk_ids[0]"],
    ["query question", () => call(query, "POST", "/query", { key: key(), body: { user_id: "u1", question: NUL } }), "question"],
    ["query user_id", () => call(query, "POST", "/query", { key: key(), body: { user_id: LONE, question: "what food?" } }), "user_id"],
    ["summary purpose", () => call(summary, "GET", "/summary", { key: key(), query: { user_id: "u1", purpose: NUL } }), "purpose"],
    ["summary user_id", () => call(summary, "GET", "/summary", { key: key(), query: { user_id: NUL } }), "user_id"],
    ["profile user_id", () => call(profile, "GET", "/profile", { key: key(), query: { user_id: NUL } }), "user_id"],
    ["ingestion id", () => call(ingestionStatus, "GET", "/ingestions/x", { key: key(), params: { id: NUL } }), "id"],
  ];

  it.each(cases)("%s", async (_name, send, field) => {
    const before = await footprint();
    const res = await send();
    expect400(res, field, /NUL|surrogate/);
    await waitForIdle();
    expect(await footprint()).toBe(before);
  });

  it("a NUL inside a JSON object key of the body is named too", async () => {
    const res = await call(register, "POST", "/register", { key: key(), raw: '{"user_id":"u1","traits":{"a\\u0000":1}}' });
    expect400(res, "traits", /NUL/);
  });
});

describe("timestamps Postgres cannot store", () => {
  it.each([
    ["0000-01-01T00:00:00Z"],
    ["0000-12-31"],
    ["0001-01-01T00:00:00+01:00"], // year 0 in UTC
  ])("message timestamp %s → 400", async (ts) => {
    const before = await footprint();
    const res = await call(ingest, "POST", "/ingest", {
      key: key(),
      body: { user_id: "u1", message_history: [{ role: "user", content: "hello", timestamp: ts }] },
    });
    expect400(res, "message_history[0].timestamp");
    expect(await footprint()).toBe(before);
  });

  it("document created_at 0000-01-01T00:00:00Z → 400", async () => {
    const res = await call(ingest, "POST", "/ingest", {
      key: key(),
      body: { user_id: "u1", documents: [{ content: "a doc", created_at: "0000-01-01T00:00:00Z" }] },
    });
    expect400(res, "documents[0].created_at");
  });

  it("the earliest and latest storable instants are accepted", async () => {
    const res = await call(ingest, "POST", "/ingest", {
      key: key(),
      body: {
        user_id: "u1",
        message_history: [
          { role: "user", content: "an old note", timestamp: "0001-01-01T00:00:00Z" },
          { role: "user", content: "a future note", timestamp: "9999-12-31T23:59:59Z" },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitForIdle();
  });
});

function nested(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe("deeply nested JSON", () => {
  it.each([4100, 4000, 200, 33])("traits nested %i deep → 400 naming traits, nothing stored", async (depth) => {
    const before = await footprint();
    const raw = `{"user_id":"u1","traits":{"x":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}}`;
    const res = await call(register, "POST", "/register", { key: key(), raw });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.field).toMatch(/^traits/);
    expect(res.body.error.message).toMatch(/deep|nest/i);
    expect(await footprint()).toBe(before);
  });

  it("traits a few levels deep are still accepted", async () => {
    const res = await call(register, "POST", "/register", {
      key: key(),
      body: { user_id: "u-nested", traits: { prefs: { food: { likes: ["sushi", { style: "omakase" }] } } } },
    });
    expect(res.status).toBe(201);
    await waitForIdle();
  });

  it("traits deeper than the traits limit (but within the body limit) → 400", async () => {
    const res = await call(register, "POST", "/register", { key: key(), body: { user_id: "u1", traits: { x: nested(12) } } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toMatch(/^traits/);
  });

  it("any endpoint refuses a body nested 100,000 deep with 400, not 500", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    for (const [handler, path] of [
      [ingest, "/ingest"],
      [chunks, "/chunks"],
      [query, "/query"],
      [register, "/register"],
    ] as const) {
      const res = await call(handler, "POST", path, { key: key(), raw: `{"user_id":"u1","x":${deep}}` });
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.field).toMatch(/^x/);
    }
  });

  it("traits with too many keys → 400", async () => {
    const traits = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    const res = await call(register, "POST", "/register", { key: key(), body: { user_id: "u1", traits } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("traits");
  });
});

describe("a user stored with deep traits before the limit existed", () => {
  it("the portal's user page still loads: traits deeper than the limit are shown cut", async () => {
    await t.db.insert(endUsers).values({ id: "eu_legacy_deep", workspaceId: t.workspace.id, environment: "sandbox", userId: "legacy-deep", traits: { x: nested(4000) as Record<string, unknown>, name: "Legacy" } });
    const detail = await getEndUserDetail(t.db, { workspaceId: t.workspace.id, environment: "sandbox" }, "legacy-deep");
    expect(detail).not.toBeNull();
    const wire = superjson.stringify(detail); // what tRPC sends to the page
    expect(wire.length).toBeLessThan(20_000);
    expect(detail!.user.traits.name).toBe("Legacy");
    expect(JSON.stringify(detail!.user.traits)).toContain("…");
  });

  it("the public reads of that user answer (GET /profile, /summary, POST /query, /chunks), never a 500", async () => {
    const q = { user_id: "legacy-deep" };
    const sent = [
      await call(profile, "GET", "/profile", { key: key(), query: q }),
      await call(summary, "GET", "/summary", { key: key(), query: q }),
      await call(query, "POST", "/query", { key: key(), body: { ...q, question: "What is x?" } }),
      await call(chunks, "POST", "/chunks", { key: key(), body: { ...q, history: [{ role: "user", content: "what is x?" }] } }),
    ];
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});
