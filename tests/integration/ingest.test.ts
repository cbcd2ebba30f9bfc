import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as ingestionStatus } from "@/app/(api)/ingestions/[id]/route";
import { POST as register } from "@/app/(api)/register/route";
import { documentChunks, documents, endUsers, ingestions, memories, messages } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { specRequest, specResponse } from "../helpers/spec";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
  // The spec's examples use the user id its /register example returned.
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "usr_42af7c", traits: { name: "Ash Lewis" } } });
});

async function rowCounts() {
  const n = async (table: typeof messages | typeof documents | typeof ingestions | typeof memories) =>
    (await t.db.select({ n: count() }).from(table).where(eq(table.workspaceId, t.workspace.id)))[0]!.n;
  return { messages: await n(messages), documents: await n(documents), ingestions: await n(ingestions), memories: await n(memories) };
}

async function newUser(userId: string, name?: string) {
  const res = await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: userId, traits: name ? { name } : {} } });
  expect(res.status).toBeLessThan(300);
}

describe("POST /ingest with the spec's example, then POST /chunks with the spec's example", () => {
  let ingestionId = "";

  it("accepts the spec's ingest request verbatim (its // comment included) in the spec's response shape", async () => {
    const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, raw: specRequest("POST /ingest") });
    expect(res.status).toBe(200);
    const example = JSON.parse(specResponse("POST /ingest"));
    for (const field of Object.keys(example)) expect(res.body).toHaveProperty(field);
    expect(res.body).toMatchObject({
      saved: { documents: 1, message_history: 1, messages: 2 },
      skipped: [],
      processing_triggered: { documents: true, message_history: true },
    });
    expect(res.body.inserted_document_ids).toEqual([expect.stringMatching(/^doc_/), expect.stringMatching(/^msg_/)]);
    expect(new Date(res.body.received_at).toISOString()).toBe(res.body.received_at);
    expect(res.body.ingestion_id).toMatch(/^ing_/);
    ingestionId = res.body.ingestion_id;
  });

  it("processes in the background and reports it at GET /ingestions/{id}", async () => {
    const early = await call(ingestionStatus, "GET", `/ingestions/${ingestionId}`, { key: t.keys.sandbox, params: { id: ingestionId } });
    expect(early.status).toBe(200);
    expect(["queued", "processing", "done"]).toContain(early.body.status);
    await waitForIdle();
    const done = await call(ingestionStatus, "GET", `/ingestions/${ingestionId}`, { key: t.keys.sandbox, params: { id: ingestionId } });
    expect(done.body).toMatchObject({
      ingestion_id: ingestionId,
      user_id: "usr_42af7c",
      status: "done",
      // The Q4 document is one chunk; the conversation (a message_history document) is one window.
      counts: { messages: 2, documents: 1, memories_added: 1, document_chunks: 2 },
    });
    expect(done.body.error).toBeUndefined();
  });

  it("the spec's /chunks example returns the sushi memory with every field", async () => {
    const res = await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, raw: specRequest("POST /chunks") });
    expect(res.status).toBe(200);
    const top = res.body.chunks[0];
    expect(top).toMatchObject({
      id: expect.stringMatching(/^mem_/),
      text: "Ash loves sushi and usually eats late dinners around 9pm",
      source: "memory",
      created_at: expect.any(String),
      updated_at: expect.any(String),
      source_ids: [expect.stringMatching(/^msg_/)],
    });
    expect(top.score).toBeGreaterThanOrEqual(0.25);
    expect(top.score).toBeLessThanOrEqual(1);
    for (const c of res.body.chunks) expect(c.score).toBeGreaterThanOrEqual(0.25);
    expect(res.body.used_query).toMatch(/hungry/);
    expect(res.body.debug).toMatchObject({
      stage3_count: 0,
      memory_count: expect.any(Number),
      total_candidates: expect.any(Number),
      threshold: 0.25,
      embedding_time_ms: expect.any(Number),
      search_time_ms: expect.any(Number),
      total_time_ms: expect.any(Number),
    });
    // The Q4 goals document is about something else and stays under the threshold.
    expect(res.body.chunks.map((c: { text: string }) => c.text).join(" ")).not.toMatch(/Q4 2025 Goals/);
  });

  it("finds the document when the conversation is about it", async () => {
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "usr_42af7c", history: [{ role: "user", content: "What are my goals for Q4? How many engineers do we hire?" }] },
    });
    expect(res.body.chunks[0]).toMatchObject({ source: "document", source_ids: ["doc-q4-goals"] });
    expect(res.body.chunks[0].text).toContain("hire 3 engineers");
  });
});

describe("memories keep their sources", () => {
  it("a client message id comes back in source_ids", async () => {
    await newUser("with-ids", "Jon");
    const res = await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: {
        user_id: "with-ids",
        message_history: [
          { id: "D1:2", role: "user", content: "I lost my job as a banker yesterday, so I'm starting my own dance studio.", timestamp: "2023-01-20T16:04:00Z" },
        ],
      },
    });
    expect(res.status).toBe(200);
    await waitForIdle();
    const found = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "with-ids", history: [{ role: "user", content: "Why did Jon start a dance studio?" }], top_k: 3 },
    });
    const memory = found.body.chunks.find((c: { source: string }) => c.source === "memory");
    expect(memory.source_ids).toEqual(["D1:2"]);
    expect(memory.text).toMatch(/^Jon lost (his|their) job/);
    // The conversation window of that one message says the same thing: it is not returned again.
    expect(found.body.chunks.filter((c: { id: string }) => c.id.startsWith("cnv_"))).toEqual([]);
  });
});

describe("anonymization before storage", () => {
  it("an ingested email, phone number and card number never appear in any stored text", async () => {
    await newUser("pii-user", "Dana");
    const secrets = ["dana.smith@example.com", "+1 (415) 555-0132", "4111 1111 1111 1111"];
    const res = await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: {
        user_id: "pii-user",
        message_history: [
          {
            role: "user",
            content: `My email is ${secrets[0]}, call me at ${secrets[1]}. I paid with card ${secrets[2]} for the sushi class at 7pm.`,
            timestamp: "2025-11-01T10:00:00Z",
          },
        ],
        documents: [{ title: `Contact ${secrets[0]}`, content: `Billing: card ${secrets[2]}, phone ${secrets[1]}.`, doc_id: "billing" }],
      },
    });
    expect(res.status).toBe(200);
    await waitForIdle();
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "pii-user")));
    const stored = JSON.stringify([
      await t.db.select().from(messages).where(eq(messages.endUserId, user!.id)),
      await t.db.select().from(documents).where(eq(documents.endUserId, user!.id)),
      await t.db.select({ text: memories.text }).from(memories).where(eq(memories.endUserId, user!.id)),
      await t.db.select({ text: documentChunks.text }).from(documentChunks).where(eq(documentChunks.endUserId, user!.id)),
    ]);
    for (const s of secrets) expect(stored).not.toContain(s);
    expect(stored).not.toMatch(/4111[ -]?1111/);
    expect(stored).not.toMatch(/555[-. ]?0132/);
    expect(stored).toContain("[EMAIL]");
    expect(stored).toContain("[PHONE]");
    expect(stored).toContain("[CARD]");
    // What makes the memory useful survives.
    expect(stored).toContain("sushi class at 7pm");
  });
});

describe("dedupe", () => {
  const convo = [
    { role: "user", content: "I prefer meetings after 1pm.", timestamp: "2025-11-02T09:00:00Z" },
    { role: "assistant", content: "Noted.", timestamp: "2025-11-02T09:00:05Z" },
  ];
  const doc = { doc_id: "prefs", title: "Preferences", content: "Deep focus blocks from 9am to 12pm.", document_type: "document" };

  it("skips known messages and unchanged documents, listing each with a reason", async () => {
    await newUser("dedupe-user");
    const first = await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "dedupe-user", message_history: convo, documents: [doc], options: { dedupe: true } },
    });
    expect(first.body.saved).toMatchObject({ documents: 1, messages: 2 });
    await waitForIdle();
    const before = await rowCounts();
    const again = await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "dedupe-user", message_history: convo, documents: [doc], options: { dedupe: true } },
    });
    expect(again.status).toBe(200);
    expect(again.body.saved).toEqual({ documents: 0, message_history: 0, messages: 0 });
    expect(again.body.processing_triggered).toEqual({ documents: false, message_history: false });
    expect(again.body.skipped).toEqual([
      { type: "message", index: 0, reason: expect.stringMatching(/^duplicate/) },
      { type: "message", index: 1, reason: expect.stringMatching(/^duplicate/) },
      { type: "document", index: 0, doc_id: "prefs", reason: expect.stringMatching(/^duplicate/) },
    ]);
    const after = await rowCounts();
    expect(after.messages).toBe(before.messages);
    expect(after.documents).toBe(before.documents);
  });

  it("a known doc_id with changed content replaces the old version and its chunks", async () => {
    const res = await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "dedupe-user", documents: [{ ...doc, content: "Deep focus blocks from 8am to 11am now." }], options: { dedupe: true } },
    });
    expect(res.body.saved.documents).toBe(1);
    await waitForIdle();
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "dedupe-user")));
    const docs = await t.db.select().from(documents).where(eq(documents.endUserId, user!.id));
    expect(docs.filter((d) => d.docId === "prefs")).toEqual([expect.objectContaining({ version: 2 })]);
    const texts = (await t.db.select().from(documentChunks).where(eq(documentChunks.documentId, docs.find((d) => d.docId === "prefs")!.id))).map((c) => c.text);
    expect(texts).toEqual(["Preferences: Deep focus blocks from 8am to 11am now."]);
  });
});

describe("bad input stores nothing", () => {
  const bad: [string, unknown, number, string, string][] = [
    ["an unknown user", { user_id: "nobody", message_history: [{ role: "user", content: "hi" }] }, 404, "user_not_found", "user_id"],
    [
      "a non-ISO timestamp",
      {
        user_id: "usr_42af7c",
        message_history: [
          { role: "user", content: "ok", timestamp: "2025-11-01T14:30:00Z" },
          { role: "user", content: "hi", timestamp: "yesterday at 5" },
        ],
      },
      400,
      "validation_error",
      "message_history[1].timestamp",
    ],
    ["an empty payload", { user_id: "usr_42af7c", message_history: [], documents: [] }, 400, "validation_error", "message_history"],
    ["a missing user_id", { message_history: [{ role: "user", content: "hi" }] }, 400, "validation_error", "user_id"],
    ["an unknown role", { user_id: "usr_42af7c", message_history: [{ role: "bot", content: "hi" }] }, 400, "validation_error", "message_history[0].role"],
    ["an empty message", { user_id: "usr_42af7c", message_history: [{ role: "user", content: "  " }] }, 400, "validation_error", "message_history[0].content"],
    ["a document without content", { user_id: "usr_42af7c", documents: [{ title: "x" }] }, 400, "validation_error", "documents[0].content"],
    [
      "too-long content",
      { user_id: "usr_42af7c", message_history: [{ role: "user", content: "a".repeat(40_000) }] },
      400,
      "validation_error",
      "message_history[0].content",
    ],
    [
      "too many messages",
      { user_id: "usr_42af7c", message_history: Array.from({ length: 5001 }, () => ({ role: "user", content: "x" })) },
      413,
      "too_many_items",
      "message_history",
    ],
    ["documents that are not an array", { user_id: "usr_42af7c", documents: { content: "x" } }, 400, "validation_error", "documents"],
    ["dedupe that is not a boolean", { user_id: "usr_42af7c", documents: [{ content: "x" }], options: { dedupe: "yes" } }, 400, "validation_error", "options.dedupe"],
  ];
  for (const [what, body, status, code, field] of bad) {
    it(`${status} for ${what}, naming \`${field}\``, async () => {
      const before = await rowCounts();
      const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body });
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, field });
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("a key of another workspace or environment cannot ingest for this user", async () => {
    const other = await testWorkspace();
    const body = { user_id: "usr_42af7c", message_history: [{ role: "user", content: "I like tea" }] };
    expect((await call(ingest, "POST", "/ingest", { key: other.keys.sandbox, body })).status).toBe(404);
    expect((await call(ingest, "POST", "/ingest", { key: t.keys.live, body })).status).toBe(404);
  });
});

describe("large batches", () => {
  it("accepts 1,000 messages and 100 documents in one request", async () => {
    await newUser("bulk-user", "Sam");
    const message_history = Array.from({ length: 1000 }, (_, i) => ({
      id: `m${i}`,
      role: i % 2 ? "assistant" : "user",
      content: i % 2 ? `Noted item ${i}.` : `I visited city number ${i} and loved the food there.`,
      timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    }));
    const docs = Array.from({ length: 100 }, (_, i) => ({ doc_id: `d${i}`, title: `Note ${i}`, content: `Meeting notes number ${i}: budget and hiring.` }));
    const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: "bulk-user", message_history, documents: docs } });
    expect(res.status).toBe(200);
    expect(res.body.saved).toEqual({ documents: 100, message_history: 1, messages: 1000 });
    await waitForIdle(120_000);
    const status = await call(ingestionStatus, "GET", "/ingestions/x", { key: t.keys.sandbox, params: { id: res.body.ingestion_id } });
    // 100 documents of one chunk each, and the conversation in windows of 4 turns, 2 apart.
    expect(status.body).toMatchObject({ status: "done", counts: { memories_added: 500, document_chunks: 100 + 499 } });
  }, 120_000);
});
