import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as ingestion } from "@/app/(api)/ingestions/[id]/route";
import { POST as register } from "@/app/(api)/register/route";
import { ingestions } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await testWorkspace();
  other = await testWorkspace();
  expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "oc", traits: { name: "Maya Brooks" } } })).status).toBe(201);
});

const post = (body: unknown, key = t.keys.sandbox) => call(ingest, "POST", "/ingest", { key, body });
const getIngestion = (id: string, key = t.keys.sandbox) => call(ingestion, "GET", `/ingestions/${id}`, { key, params: { id } });
const ingestionCount = async () => Number((await t.db.select({ n: count() }).from(ingestions).where(eq(ingestions.workspaceId, t.workspace.id)))[0]!.n);

describe("POST /ingest with options.wait", () => {
  it("answers after processing: status done, the processed ingestion with per-item outcomes, memories searchable at once", async () => {
    const res = await post({
      user_id: "oc",
      source: "chat",
      message_history: [
        { id: "m-allergy", role: "user", content: "I'm allergic to shellfish, so no shrimp please.", timestamp: "2026-11-03T09:00:00Z" },
        { id: "m-hmm", role: "user", content: "Hmm, good question.", timestamp: "2026-11-03T09:00:10Z" },
        { id: "m-mail", role: "user", content: "You can reach me at maya.brooks@example.com about the trip.", timestamp: "2026-11-03T09:01:00Z" },
      ],
      documents: [{ doc_id: "trip-notes", title: "Trip notes", content: "Lisbon in May: book the tram tour and a fado evening." }],
      options: { wait: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "done", status_url: `/ingestions/${res.body.ingestion_id}`, waited_ms: expect.any(Number) });
    expect(res.body.saved).toEqual({ documents: 1, message_history: 1, messages: 3 });
    const done = res.body.ingestion;
    expect(done).toMatchObject({ ingestion_id: res.body.ingestion_id, user_id: "oc", status: "done" });
    expect(done.counts.memories_added).toBeGreaterThanOrEqual(1);

    const [allergy, thanks, mail, doc] = done.items;
    expect(allergy).toMatchObject({ type: "message", index: 0, id: "m-allergy", outcome: "learned", pii_redacted: [] });
    expect(allergy.facts.added).toBeGreaterThanOrEqual(1);
    expect(allergy.reason).toMatch(/fact(s)? added/);
    expect(thanks).toMatchObject({ type: "message", index: 1, id: "m-hmm", outcome: "no_fact_found", facts: { added: 0, updated: 0, deleted: 0, unchanged: 0 } });
    expect(thanks.reason).toMatch(/no fact/);
    expect(mail).toMatchObject({ type: "message", index: 2, id: "m-mail", pii_redacted: ["email"] });
    expect(doc).toMatchObject({ type: "document", index: 0, doc_id: "trip-notes", outcome: "stored", chunks: 1, pii_redacted: [] });
    expect(JSON.stringify(done)).not.toMatch(/maya\.brooks@example\.com|"ref"/);

    // The same document as GET /ingestions/{id} serves.
    expect((await getIngestion(res.body.ingestion_id)).body).toEqual(done);
    // No waiting for background work: what it learned is retrievable now.
    const found = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "oc", history: [{ role: "user", content: "Any food allergies?" }], similarity_threshold: 0 },
    });
    expect(found.body.chunks.map((c: { text: string }) => c.text).join(" ")).toMatch(/shellfish/);
  });

  it("stores only pseudonyms of client ids that carry personal data, in the outcomes as everywhere", async () => {
    const res = await post({
      user_id: "oc",
      message_history: [{ id: "mail-from-maya.brooks@example.com", role: "user", content: "My phone is +1 415 555 0134, text me about the trip." }],
      options: { wait: true },
    });
    expect(res.status).toBe(200);
    const [item] = res.body.ingestion.items;
    const storedAs = res.body.stored_ids[0].stored_as as string;
    expect(item).toMatchObject({ type: "message", index: 0, id: storedAs, pii_redacted: ["phone"] });
    const [row] = await t.db.select({ items: ingestions.items }).from(ingestions).where(eq(ingestions.id, res.body.ingestion_id));
    expect(JSON.stringify(row!.items)).not.toMatch(/maya\.brooks@example\.com|555 0134/);
  });

  it("reports facts already known, and duplicates skipped by dedupe, each with its reason", async () => {
    const res = await post({
      user_id: "oc",
      message_history: [
        { id: "m-allergy", role: "user", content: "I'm allergic to shellfish, so no shrimp please.", timestamp: "2026-11-03T09:00:00Z" },
        { role: "user", content: "Like I said, I'm allergic to shellfish, so no shrimp please.", timestamp: "2026-11-05T09:00:00Z" },
      ],
      documents: [{ doc_id: "trip-notes", title: "Trip notes", content: "Lisbon in May: book the tram tour and a fado evening." }],
      options: { dedupe: true, wait: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("done");
    const [dup, again, doc] = res.body.ingestion.items;
    expect(dup).toMatchObject({ type: "message", index: 0, id: "m-allergy", outcome: "duplicate" });
    expect(dup.reason).toMatch(/duplicate/);
    expect(again).toMatchObject({ type: "message", index: 1, outcome: "already_known" });
    expect(again.facts.unchanged).toBeGreaterThanOrEqual(1);
    expect(doc).toMatchObject({ type: "document", index: 0, doc_id: "trip-notes", outcome: "duplicate" });
  });

  it("an ingestion where everything was a duplicate is done at once", async () => {
    const res = await post({
      user_id: "oc",
      message_history: [{ id: "m-hmm", role: "user", content: "Hmm, good question.", timestamp: "2026-11-03T09:00:10Z" }],
      options: { dedupe: true, wait: true },
    });
    expect(res.body).toMatchObject({ status: "done", saved: { messages: 0 } });
    expect(res.body.ingestion.items).toEqual([expect.objectContaining({ outcome: "duplicate", id: "m-hmm" })]);
  });

  it("without wait, answers at once as before; the outcomes follow processing", async () => {
    const res = await post({ user_id: "oc", message_history: [{ role: "user", content: "My daughter Ines starts school in September." }] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["ingestion_id", "inserted_document_ids", "processing_triggered", "received_at", "saved", "skipped"]);
    await waitForIdle();
    const later = (await getIngestion(res.body.ingestion_id)).body;
    expect(later.status).toBe("done");
    expect(later.items[0].outcome).toBe("learned");
  });

  it("refuses a bad wait option with 400 naming the field, and stores nothing", async () => {
    const before = await ingestionCount();
    const cases: [unknown, string][] = [
      [{ wait: "yes" }, "options.wait"],
      [{ wait: true, wait_timeout: 0 }, "options.wait_timeout"],
      [{ wait: true, wait_timeout: 51 }, "options.wait_timeout"],
      [{ wait: true, wait_timeout: 2.5 }, "options.wait_timeout"],
      [{ wait: true, wait_timeout: "10" }, "options.wait_timeout"],
    ];
    for (const [options, field] of cases) {
      const res = await post({ user_id: "oc", message_history: [{ role: "user", content: "I like tea." }], options });
      expect(res.status, JSON.stringify(options)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "validation_error", field });
      expect(res.body.error.message).toContain(field);
    }
    expect(await ingestionCount()).toBe(before);
  });
});

describe("GET /ingestions/{id} of a failed ingestion", () => {
  it("marks the items processing never reached as failed, pointing at the error; duplicates stay duplicates", async () => {
    const res = await post({
      user_id: "oc",
      message_history: [
        { id: "f-1", role: "user", content: "I collect vinyl records." },
        { id: "m-hmm", role: "user", content: "Hmm, good question.", timestamp: "2026-11-03T09:00:10Z" },
      ],
      options: { dedupe: true },
    });
    await waitForIdle();
    const id = res.body.ingestion_id as string;
    // As the failure handler leaves it once retries are spent (inngest-path.test.ts runs that path).
    await t.db.update(ingestions).set({ status: "failed", error: "extractor unavailable" }).where(eq(ingestions.id, id));
    await t.db.update(ingestions).set({ items: (await t.db.select().from(ingestions).where(eq(ingestions.id, id)))[0]!.items.map((i) => (i.outcome === "duplicate" ? i : { ...i, outcome: "pending" as const, facts: undefined })) }).where(eq(ingestions.id, id));
    const body = (await getIngestion(id)).body;
    expect(body).toMatchObject({ status: "failed", error: "extractor unavailable" });
    expect(body.items).toEqual([
      expect.objectContaining({ id: "f-1", outcome: "failed", reason: expect.stringMatching(/processing failed/) }),
      expect.objectContaining({ id: "m-hmm", outcome: "duplicate" }),
    ]);
  });
});

describe("GET /ingestions/{id} scoping", () => {
  it("another workspace, or the other environment of the same workspace, gets 404", async () => {
    const res = await post({ user_id: "oc", message_history: [{ role: "user", content: "I cycle to work." }], options: { wait: true } });
    const id = res.body.ingestion_id as string;
    expect((await getIngestion(id)).status).toBe(200);
    for (const key of [other.keys.sandbox, other.keys.live, t.keys.live]) {
      const r = await getIngestion(id, key);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: "ingestion_not_found", field: "id" });
    }
  });

  it("an unknown user is 404 naming user_id, with wait too, and stores nothing", async () => {
    const before = await ingestionCount();
    const res = await post({ user_id: "nobody", message_history: [{ role: "user", content: "Hello there." }], options: { wait: true } });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "user_not_found", field: "user_id" });
    expect(await ingestionCount()).toBe(before);
  });
});
