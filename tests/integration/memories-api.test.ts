import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { DELETE as deleteMemoryRoute, GET as getMemoryRoute, PATCH as patchMemoryRoute } from "@/app/(api)/memories/[id]/route";
import { GET as listMemoriesRoute } from "@/app/(api)/memories/route";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { memories, memoryVersions, queryAnswers, searchIndex, stage3Entries } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { RESTAURANT_ASH } from "../helpers/scenarios";

let t: TestWorkspace;
let other: TestWorkspace;
const USER = "ash-memories";

type Mem = { id: string; user_id: string; text: string; topic: string; status: string; source: string | null; kind: string; created_at: string; history?: any[] };

const list = (q: Record<string, string | number>, key = t.keys.sandbox) => call(listMemoriesRoute, "GET", "/memories", { key, query: q });
const get = (id: string, key = t.keys.sandbox) => call(getMemoryRoute, "GET", `/memories/${id}`, { key, params: { id } });
const patch = (id: string, body: unknown, key = t.keys.sandbox) => call(patchMemoryRoute, "PATCH", `/memories/${id}`, { key, params: { id }, body });
const del = (id: string, key = t.keys.sandbox) => call(deleteMemoryRoute, "DELETE", `/memories/${id}`, { key, params: { id } });

async function all(q: Record<string, string | number> = {}): Promise<Mem[]> {
  const res = await list({ user_id: USER, limit: 100, ...q });
  expect(res.status).toBe(200);
  return res.body.memories;
}
const find = async (re: RegExp, q: Record<string, string | number> = {}) => (await all(q)).find((m) => re.test(m.text));

beforeAll(async () => {
  t = await testWorkspace();
  other = await testWorkspace();
  expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: USER, traits: { name: "Ash Lewis" } } })).status).toBe(201);
  // The first two sessions from a chat, the move to Austin later, from email: a newer fact supersedes the old city.
  const first = RESTAURANT_ASH.filter((m) => !m.id.startsWith("s3"));
  const later = RESTAURANT_ASH.filter((m) => m.id.startsWith("s3"));
  expect((await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: USER, source: "chat", message_history: first } })).status).toBe(200);
  await waitForIdle();
  expect((await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: USER, source: "email", message_history: later } })).status).toBe(200);
  await waitForIdle();
});

describe("GET /memories", () => {
  it("lists the user's memories newest first with their model fields and source", async () => {
    const mems = await all();
    expect(mems.length).toBeGreaterThan(5);
    const allergy = mems.find((m) => /allergic to peanuts/i.test(m.text));
    expect(allergy).toMatchObject({ user_id: USER, kind: "fact", topic: "health", salience: "safety", status: "current", source: "chat" });
    const times = mems.map((m) => Date.parse(m.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("filters by topic, status, kind, source and created/updated ranges", async () => {
    const health = await all({ topic: "health" });
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((m) => m.topic === "health")).toBe(true);

    const superseded = await all({ status: "superseded" });
    expect(superseded.some((m) => /San Francisco/.test(m.text))).toBe(true);
    expect(superseded.every((m) => m.status === "superseded")).toBe(true);
    const current = await all({ status: "current" });
    expect(current.every((m) => m.status === "current")).toBe(true);
    expect(current.length + superseded.length).toBe((await all()).length);

    expect((await all({ kind: "fact" })).every((m) => m.kind === "fact")).toBe(true);

    const fromEmail = await all({ source: "email" });
    expect(fromEmail.length).toBeGreaterThan(0);
    expect(fromEmail.every((m) => m.source === "email")).toBe(true);
    expect(fromEmail.some((m) => /Austin/.test(m.text))).toBe(true);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await all({ created_after: future })).toEqual([]);
    expect((await all({ created_before: future })).length).toBe((await all()).length);
    expect(await all({ updated_after: future })).toEqual([]);
    expect(await all({ updated_before: "2020-01-01" })).toEqual([]);
  });

  it("pages with a cursor: every memory once, in order", async () => {
    const everything = await all();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res = await list({ user_id: USER, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.memories.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.memories.map((m: Mem) => m.id));
      cursor = res.body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(everything.map((m) => m.id));
  });

  it("refuses bad input naming the field", async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{}, "user_id"],
      [{ user_id: USER, topic: "gossip" }, "topic"],
      [{ user_id: USER, status: "deleted" }, "status"],
      [{ user_id: USER, limit: 0 }, "limit"],
      [{ user_id: USER, limit: 101 }, "limit"],
      [{ user_id: USER, created_after: "yesterday" }, "created_after"],
      [{ user_id: USER, updated_before: "2025-13-45" }, "updated_before"],
      [{ user_id: USER, cursor: "not-a-cursor" }, "cursor"],
    ];
    for (const [q, field] of cases) {
      const res = await list(q);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "validation_error", field });
    }
  });

  it("another workspace or environment gets 404 for the user", async () => {
    for (const key of [other.keys.sandbox, t.keys.live]) {
      const res = await list({ user_id: USER }, key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("user_not_found");
    }
  });
});

describe("GET /memories/{id}", () => {
  it("answers the memory with its history (extraction, then reconcile when superseded)", async () => {
    const sf = (await find(/San Francisco/, { status: "superseded" }))!;
    const res = await get(sf.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: sf.id, status: "superseded", superseded_by: expect.stringMatching(/^mem_/) });
    const events = res.body.history.map((v: { event: string }) => v.event);
    expect(events).toEqual(["extraction", "reconcile"]);
    expect(res.body.history[0]).toMatchObject({ version: 1, status: "current", actor: { kind: "system", id: "ingestion" } });
    expect(res.body.history[1]).toMatchObject({ version: 2, status: "superseded", superseded_by: res.body.superseded_by });
  });

  it("another workspace or environment gets 404; a malformed id is refused by name", async () => {
    const any = (await all())[0]!;
    for (const key of [other.keys.sandbox, t.keys.live]) {
      const res = await get(any.id, key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("memory_not_found");
    }
    const long = "m".repeat(65);
    const res = await get(long);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("id");
  });
});

describe("PATCH /memories/{id}", () => {
  it("redacts and re-embeds the new text, records an edit version, and the next /chunks finds the new text", async () => {
    const tacos = (await find(/breakfast tacos/))!;
    const [before] = await t.db.select().from(searchIndex).where(eq(searchIndex.memoryId, tacos.id));
    const res = await patch(tacos.id, { text: "Ash loves the migas at Veracruz, write to ash.lewis@example.com about it" });
    expect(res.status).toBe(200);
    expect(res.body.text).toMatch(/migas at Veracruz/);
    expect(res.body.text).not.toContain("ash.lewis@example.com");
    const [stored] = await t.db.select().from(memories).where(eq(memories.id, tacos.id));
    expect(stored!.text).toBe(res.body.text);
    const [after] = await t.db.select().from(searchIndex).where(eq(searchIndex.memoryId, tacos.id));
    expect(after!.text).toBe(res.body.text);
    expect(after!.embedding).not.toEqual(before!.embedding);

    const history = (await get(tacos.id)).body.history;
    expect(history.at(-1)).toMatchObject({ event: "edit", text: res.body.text, actor: { kind: "api_key", id: expect.stringMatching(/^key_/) } });
    expect(history.at(-1).request_id).toMatch(/^req_/);

    const found = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: USER, history: [{ role: "user", content: "Where do I get migas?" }], k: 5 },
    });
    expect(found.body.chunks.map((c: { text: string }) => c.text)).toContain(res.body.text);
    expect(found.body.chunks.some((c: { id: string; text: string }) => /breakfast tacos at Veracruz/.test(c.text) && c.id === tacos.id)).toBe(false);
  });

  it("a new topic moves it; the same text again adds no version", async () => {
    const emails = (await find(/three sentences/))!;
    const moved = await patch(emails.id, { topic: "work" });
    expect(moved.status).toBe(200);
    expect(moved.body.topic).toBe("work");
    const versions = (await get(emails.id)).body.history.length;
    const again = await patch(emails.id, { text: moved.body.text, topic: "work" });
    expect(again.status).toBe(200);
    expect((await get(emails.id)).body.history.length).toBe(versions);
  });

  it("refuses bad input naming the field and stores nothing", async () => {
    const m = (await find(/sushi/))!;
    const cases: [unknown, string][] = [
      [{}, "text"],
      [{ text: "" }, "text"],
      [{ text: 42 }, "text"],
      [{ text: "x".repeat(2001) }, "text"],
      [{ topic: "gossip" }, "topic"],
    ];
    for (const [body, field] of cases) {
      const res = await patch(m.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "validation_error", field });
    }
    const [stored] = await t.db.select().from(memories).where(eq(memories.id, m.id));
    expect(stored!.text).toBe(m.text);
    expect((await get(m.id)).body.history).toHaveLength(1);
  });

  it("another workspace or environment gets 404 and changes nothing", async () => {
    const m = (await find(/sushi/))!;
    for (const key of [other.keys.sandbox, t.keys.live]) {
      const res = await patch(m.id, { text: "Ash hates sushi" }, key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("memory_not_found");
    }
    expect((await get(m.id)).body.text).toBe(m.text);
  });
});

describe("DELETE /memories/{id}", () => {
  it("read-after-delete: the very next /summary, /chunks, /query and /profile never show it", async () => {
    const allergy = (await find(/allergic to peanuts/))!;
    // Everything that could hold it: the summary, a cached /query answer citing it, Stage 3.
    expect((await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER } })).body.summary).toMatch(/peanut/i);
    const question = { user_id: USER, question: "What is Ash allergic to?" };
    const asked = await call(query, "POST", "/query", { key: t.keys.sandbox, body: question });
    expect(asked.body.sources.map((s: { id: string }) => s.id)).toContain(allergy.id);
    expect((await call(query, "POST", "/query", { key: t.keys.sandbox, body: question })).body.cached).toBe(true);
    await waitForIdle();
    const entries = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, (await t.db.select().from(memories).where(eq(memories.id, allergy.id)))[0]!.endUserId));
    expect(entries.some((e) => e.factIds.includes(allergy.id))).toBe(true);

    const res = await del(allergy.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: allergy.id, user_id: USER, deleted: true });

    const s = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER, max_chars: 5000 } });
    expect(s.body.summary).not.toMatch(/peanut|EpiPen/i);
    const c = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: USER, history: [{ role: "user", content: "Am I allergic to peanuts? Do I carry an EpiPen?" }], k: 10, similarity_threshold: 0 },
    });
    expect(c.status).toBe(200);
    // Neither the memory nor the conversation passage it came from (a quoted "I'm severely allergic to peanuts").
    for (const chunk of c.body.chunks) {
      expect(chunk.id).not.toBe(allergy.id);
      expect(chunk.source_ids).not.toContain(allergy.id);
      expect(chunk.text).not.toMatch(/peanut|EpiPen/i);
    }
    // What else those turns said is still known (as memories).
    expect(c.body.chunks.some((x: { text: string }) => /celiac/.test(x.text))).toBe(true);
    const q = await call(query, "POST", "/query", { key: t.keys.sandbox, body: question });
    expect(q.status).toBe(200);
    expect(q.body.cached).toBe(false);
    expect(q.body.sources.map((x: { id: string }) => x.id)).not.toContain(allergy.id);
    expect(q.body.answer).not.toMatch(/peanut|EpiPen/i);
    expect(JSON.stringify(q.body.sources)).not.toMatch(/peanut|EpiPen/i);
    const p = await call(profile, "GET", "/profile", { key: t.keys.sandbox, query: { user_id: USER } });
    expect(JSON.stringify(p.body)).not.toContain(allergy.id);

    // Nothing left that cites it: no cached answer, no Stage 3 answer, no search row; the history keeps an audit version without text.
    expect((await t.db.select().from(queryAnswers)).some((a) => a.factIds.includes(allergy.id))).toBe(false);
    expect((await t.db.select().from(stage3Entries)).some((e) => e.factIds.includes(allergy.id))).toBe(false);
    expect(await t.db.select().from(searchIndex).where(eq(searchIndex.memoryId, allergy.id))).toEqual([]);
    const versions = await t.db.select().from(memoryVersions).where(eq(memoryVersions.memoryId, allergy.id));
    expect(versions.map((v) => v.event)).toEqual(expect.arrayContaining(["extraction", "delete"]));
    expect(versions.every((v) => v.text === null)).toBe(true);

    expect((await get(allergy.id)).status).toBe(404);
    const again = await del(allergy.id);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("memory_not_found");
  });

  it("deleting the newer fact makes the one it superseded current again", async () => {
    const sf = (await all({ status: "superseded" })).find((m) => /San Francisco/.test(m.text) && m.topic === "identity")!;
    expect(sf).toBeDefined();
    const sfBefore = (await get(sf.id)).body;
    const res = await del(sfBefore.superseded_by);
    expect(res.status).toBe(200);
    expect(res.body.restored_ids).toContain(sf.id);
    const restored = (await get(sf.id)).body;
    expect(restored).toMatchObject({ status: "current", superseded_by: null, valid_to: null });
    expect(restored.history.at(-1)).toMatchObject({ event: "reconcile", status: "current", actor: { kind: "api_key" } });
    const [row] = await t.db.select().from(searchIndex).where(and(eq(searchIndex.memoryId, sf.id)));
    expect(row!.status).toBe("current");
  });

  it("another workspace or environment gets 404 and deletes nothing", async () => {
    const m = (await find(/sushi/))!;
    for (const key of [other.keys.sandbox, t.keys.live]) {
      const res = await del(m.id, key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("memory_not_found");
    }
    expect((await get(m.id)).status).toBe(200);
  });
});
