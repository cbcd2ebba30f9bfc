import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { documents, endUsers, messages } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { ingestResponse } from "@/server/contract/responses";
import { listEndUsers } from "@/server/explorer/service";
import { resetEnvCache } from "@/server/env";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { databaseText as dbText } from "../helpers/database-text";

/**
 * Issue 10, items 1, 2, 3 and 5: personal data sent in any field — a /query question, a
 * /summary purpose, trait keys and values (secrets whatever they look like), sources, titles and
 * identifiers — must not reach storage. The whole database is scanned for the raw values.
 */
const EMAIL = "maria.gonzalez77@examplemail.com";
const CARD = "5555-5555-5555-4444";
const SSN = "219-09-9999";
const PASSWORD = "Hunter2!xyz";
const TOKEN = "plainwordtoken";
const PIN_TEXT = "pin-code-73a";
const OTHER_EMAIL = "j.doe.canary@corp-example.org";
const CARD_DOTS = "4012.8888.8888.1881";
const SSN_SPACES = "536 22 8812";
const RAW = [EMAIL, CARD, "5555555555554444", SSN, PASSWORD, TOKEN, PIN_TEXT, OTHER_EMAIL, CARD_DOTS, SSN_SPACES, "4012888888881881"];

let t: TestWorkspace;
const key = () => t.keys.sandbox;

const databaseText = () => dbText(t.db);

function expectClean(text: string, where: string) {
  for (const raw of RAW) {
    const at = text.indexOf(raw);
    expect(at, `${where} holds "${raw}": …${text.slice(Math.max(0, at - 200), at + 100)}…`).toBe(-1);
  }
  // Full-text lexemes of the raw values (search_terms, tsv) must not exist either.
  expect(text.toLowerCase()).not.toContain("gonzalez77");
}

beforeAll(async () => {
  t = await testWorkspace();
  const reg = await call(register, "POST", "/register", {
    key: key(),
    body: {
      user_id: "u-privacy",
      email: EMAIL,
      purpose: `Concierge for ${EMAIL}, billing card ${CARD}`,
      traits: {
        name: "Maria Gonzalez",
        password: PASSWORD,
        api_key: TOKEN,
        pin: 4921,
        "Bank PIN": PIN_TEXT,
        ssn: "536228812",
        preferences: { food: "sushi", accessToken: TOKEN, nested: [{ secret: PIN_TEXT }] },
        [`friend ${OTHER_EMAIL}`]: "college roommate",
        card_backup: `dots ${CARD_DOTS}`,
        has_password: true,
      },
    },
  });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const ing = await call(ingest, "POST", "/ingest", {
    key: key(),
    body: {
      user_id: "u-privacy",
      source: `inbox of ${EMAIL}`,
      message_history: [
        { id: `msg-${EMAIL}`, role: "user", content: `I love sushi. My SSN is ${SSN_SPACES} and my card is ${CARD_DOTS}.`, timestamp: "2025-11-01T10:00:00Z" },
        { id: "m-2", role: "user", content: "I usually eat late dinners around 9pm on weekdays.", timestamp: "2025-11-01T10:01:00Z" },
        { id: "m-3", role: "user", content: "I work as a product manager at a fintech startup.", timestamp: "2025-11-01T10:02:00Z" },
        { id: "m-4", role: "user", content: "My sister Ana lives in Madrid and I visit her every summer.", timestamp: "2025-11-01T10:03:00Z" },
        { id: "m-5", role: "user", content: "I run 5k every Saturday morning in the park.", timestamp: "2025-11-01T10:04:00Z" },
        { id: "m-6", role: "user", content: "I prefer short emails and calls after 4pm.", timestamp: "2025-11-01T10:05:00Z" },
      ],
      documents: [
        { doc_id: `<CAF=abc123.${EMAIL}>`, title: `Receipt for card ${CARD}`, content: "Dinner at Sushi Zen, table for two, omakase.", document_type: "email" },
        { doc_id: `card-${CARD}`, title: "Plain note", content: "Notes about weekend plans: hiking and brunch." },
      ],
    },
  });
  expect(ing.status, JSON.stringify(ing.body)).toBe(200);
  await waitForIdle();
});

describe("nothing personal reaches storage, from any field", () => {
  it("POST /query with the question of the report stores no raw SSN, card or email (query_answers, stage3_entries, search_index, search_terms)", async () => {
    const question = `Does the user with SSN ${SSN} and card ${CARD} and email ${EMAIL} like sushi?`;
    const res = await call(query, "POST", "/query", { key: key(), body: { user_id: "u-privacy", question, use_cache: false } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.question).toBe(question); // the client's own question is echoed back to it
    expect(res.body.sources.length).toBeGreaterThan(0);
    await waitForIdle();
    // The answer is cached under the redacted question, with its sources.
    const stored = await t.db.execute<{ question: string; question_key: string; sources: unknown }>(
      sql`select question, question_key, sources from query_answers`,
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.question).toBe("Does the user with SSN [NATIONAL_ID] and card [CARD] and email [EMAIL] like sushi?");
    expect(stored.rows[0]!.question_key).toBe("does the user with ssn [national_id] and card [card] and email [email] like sushi");
    expectClean(await databaseText(), "the database");
    // Asked again (cache on): the same stored answer, found by the redacted question.
    const again = await call(query, "POST", "/query", { key: key(), body: { user_id: "u-privacy", question } });
    expect(again.body).toMatchObject({ cached: true, answer: res.body.answer, question });
  });

  it("a later POST /chunks returns no raw value", async () => {
    const res = await call(chunks, "POST", "/chunks", {
      key: key(),
      body: { user_id: "u-privacy", history: [{ role: "user", content: "does the user like sushi? SSN card email" }], k: 20, similarity_threshold: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.body.chunks.length).toBeGreaterThan(0);
    expectClean(JSON.stringify(res.body), "/chunks");
  });

  it("GET /summary?purpose=… with an email and a card stores the purpose redacted", async () => {
    const purpose = `dining concierge for ${EMAIL} paying with ${CARD}`;
    const res = await call(summary, "GET", "/summary", { key: key(), query: { user_id: "u-privacy", purpose } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.purpose).toBe("dining concierge for [EMAIL] paying with [CARD]");
    await waitForIdle();
    const { rows } = await t.db.execute<{ purpose: string; purpose_key: string }>(
      sql`select purpose, purpose_key from profile_summaries where purpose like 'dining concierge%'`,
    );
    expect(rows).toEqual([{ purpose: "dining concierge for [EMAIL] paying with [CARD]", purpose_key: "dining concierge for [email] paying with [card]" }]);
    expectClean(await databaseText(), "the database");
  });

  it("traits whose key names a secret are redacted whatever their value looks like; keys are redacted too", async () => {
    const [user] = await t.db.select().from(endUsers).where(eq(endUsers.userId, "u-privacy"));
    const traits = user!.traits as Record<string, any>;
    expect(traits.password).toBe("[PASSWORD]");
    expect(traits.api_key).toBe("[SECRET]");
    expect(traits.pin).toBe("[PASSWORD]"); // a number under a secret key
    expect(traits["Bank PIN"]).toBe("[PASSWORD]");
    expect(traits.ssn).toBe("[NATIONAL_ID]");
    expect(traits.preferences).toEqual({ food: "sushi", accessToken: "[SECRET]", nested: [{ secret: "[SECRET]" }] });
    expect(traits["friend [EMAIL]"]).toBe("college roommate");
    expect(traits.card_backup).toBe("dots [CARD]");
    expect(traits.has_password).toBe(true); // a flag about a secret is not a secret
    expect(traits.name).toBe("Maria Gonzalez");
    expect(user!.purpose).toBe("Concierge for [EMAIL], billing card [CARD]");
    expectClean(JSON.stringify(user), "end_users");
  });

  it("ordinary trait keys that merely contain a secret word are kept (pinterest, tokens_used, spinning)", async () => {
    const res = await call(register, "POST", "/register", {
      key: key(),
      body: { user_id: "u-keys", traits: { pinterest: "mariag", tokens_used: 1200, spinning_class: "Tuesdays", keyboard: "split", passport_country: "ES" } },
    });
    expect(res.status).toBe(201);
    const [user] = await t.db.select().from(endUsers).where(eq(endUsers.userId, "u-keys"));
    expect(user!.traits).toEqual({ pinterest: "mariag", tokens_used: 1200, spinning_class: "Tuesdays", keyboard: "split", passport_country: "ES" });
  });

  it("identifiers (message id, doc_id, source, titles) are stored without personal data, as stable pseudonyms", async () => {
    // "msg-maria…@…": the dash is a valid local-part character, so the whole id is the address.
    const [msg] = await t.db.select().from(messages).where(sql`${messages.clientId} like '[EMAIL]~h%'`);
    expect(msg!.clientId).toMatch(/^\[EMAIL\]~h[0-9a-f]{16}$/);
    expect(msg!.source).toBe("inbox of [EMAIL]");
    const docs = await t.db.select().from(documents).where(sql`${documents.documentType} <> 'message_history'`);
    const ids = docs.map((d) => d.docId).sort();
    expect(ids[0]).toMatch(/^<CAF=\[EMAIL\]>~h[0-9a-f]{16}$/);
    expect(ids[1]).toMatch(/^card-\[CARD\]~h[0-9a-f]{16}$/);
    expect(docs.map((d) => d.title).sort()).toEqual(["Plain note", "Receipt for card [CARD]"]);
    const [conversation] = await t.db.select().from(documents).where(eq(documents.documentType, "message_history"));
    expect(conversation!.title).toBe("Conversation (inbox of [EMAIL])");
  });

  it("an email Message-ID stays a working doc_id: sending it again replaces the same document", async () => {
    const docId = `<CAF=abc123.${EMAIL}>`;
    const res = await call(ingest, "POST", "/ingest", {
      key: key(),
      body: { user_id: "u-privacy", documents: [{ doc_id: docId, title: "Receipt", content: "Dinner at Sushi Zen, table for four, omakase.", document_type: "email" }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.stored_ids).toEqual([{ field: "documents[0].doc_id", stored_as: expect.stringMatching(/^<CAF=\[EMAIL\]>~h[0-9a-f]{16}$/) }]);
    expect(ingestResponse.safeParse(res.body).success).toBe(true); // documented in the contract (OpenAPI, SDKs, MCP output schema)
    await waitForIdle();
    const rows = await t.db.select().from(documents).where(and(sql`${documents.docId} like '<CAF=%'`, eq(documents.documentType, "email")));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(2);
    expect(rows[0]!.docId).toBe(res.body.stored_ids[0].stored_as);
    // dedupe by message id works with the raw id as well
    const again = await call(ingest, "POST", "/ingest", {
      key: key(),
      body: { user_id: "u-privacy", options: { dedupe: true }, message_history: [{ id: `msg-${EMAIL}`, role: "user", content: "something new" }] },
    });
    expect(again.body.skipped).toEqual([expect.objectContaining({ type: "message", index: 0, id: `msg-${EMAIL}` })]);
    await waitForIdle();
  });

  it("a user_id carrying an email is stored as a pseudonym and keeps working in every call", async () => {
    const reg = await call(register, "POST", "/register", { key: key(), body: { user_id: OTHER_EMAIL, traits: { name: "J Doe" } } });
    expect(reg.status).toBe(201);
    expect(reg.body.user_id).toMatch(/^\[EMAIL\]~h[0-9a-f]{16}$/);
    const again = await call(register, "POST", "/register", { key: key(), body: { user_id: OTHER_EMAIL, traits: { city: "Lyon" } } });
    expect(again.status).toBe(200);
    expect(again.body.user_id).toBe(reg.body.user_id);
    const viaPseudonym = await call(summary, "GET", "/summary", { key: key(), query: { user_id: reg.body.user_id } });
    expect(viaPseudonym.status).toBe(200);
    const viaRaw = await call(ingest, "POST", "/ingest", { key: key(), body: { user_id: OTHER_EMAIL, message_history: [{ role: "user", content: "I like tea." }] } });
    expect(viaRaw.status).toBe(200);
    await waitForIdle();
    // the portal's user search finds it by the address the developer knows
    const found = await listEndUsers(t.db, { workspaceId: t.workspace.id, environment: "sandbox" }, { search: OTHER_EMAIL });
    expect(found.users.map((u) => u.userId)).toEqual([reg.body.user_id]);
    expectClean(await databaseText(), "the database");
  });

  it("Stage 1 enrichment stores the fetched page's title and description redacted", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<html><head><title>Maria Gonzalez — ${EMAIL}</title><meta name="description" content="Reach me at ${EMAIL}, card ${CARD}"></head><body><main><p>I write about fintech. Contact ${EMAIL}.</p></main></body></html>`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as import("node:net").AddressInfo).port;
    process.env.ENRICH_WEBSITES = "1";
    process.env.ENRICH_TEST_ALLOW_HOSTS = "localhost";
    resetEnvCache();
    try {
      const res = await call(register, "POST", "/register", { key: key(), body: { user_id: "u-site", traits: { website: `http://localhost:${port}/` } } });
      expect(res.status).toBe(201);
      await waitForIdle();
      const { rows } = await t.db.execute<{ data: Record<string, unknown>; status: string }>(sql`select data, status from profile_sources`);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe("ok");
      expect(rows[0]!.data).toMatchObject({ title: "Maria Gonzalez — [EMAIL]", description: "Reach me at [EMAIL], card [CARD]" });
    } finally {
      delete process.env.ENRICH_WEBSITES;
      delete process.env.ENRICH_TEST_ALLOW_HOSTS;
      resetEnvCache();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("the whole database holds none of the raw values", async () => {
    await waitForIdle();
    expectClean(await databaseText(), "the database");
  });
});
