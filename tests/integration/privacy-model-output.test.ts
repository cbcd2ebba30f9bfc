import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { databaseText, findRaw } from "../helpers/database-text";
import { attachFakeOpenAI, type AttachedFakeOpenAI } from "../helpers/attach-fake-openai";
import type { ChatRequestBody } from "../helpers/fake-openai";

/**
 * Issue 10, item 1, for what a model writes: the client sends nothing personal, but the model
 * (a local OpenAI-compatible server) puts an email, a card number and an SSN into everything it
 * returns that Pio stores — fact text and entities (user model), a merged memory (UPDATE), the
 * summary, the /query answer, Stage 3 answers. None of it may reach storage raw.
 */
const EMAIL = "jean.dupont@corp-example.org";
const CARD = "4111 1111 1111 1111";
const SSN = "078-05-1120";
const RAW = [EMAIL, CARD, "4111111111111111", SSN];

let fake: AttachedFakeOpenAI;
let t: TestWorkspace;
const text = (m: ChatRequestBody["messages"][number]) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? ""));

function reply(body: ChatRequestBody) {
  const system = text(body.messages[0]!);
  const user = body.messages.slice(1).map(text).join("\n");
  if (/extract long-term memories/i.test(system)) {
    if (/Lisbon/.test(user)) return JSON.stringify({ facts: [{ text: "Ana moved to Lisbon", source_ids: ["m2"], topic: "identity" }] });
    return JSON.stringify({
      facts: [
        {
          text: `Ana's friend Jean (${EMAIL}) runs the book club`,
          source_ids: ["m1"],
          topic: "people",
          entities: [{ name: `Jean ${EMAIL}`, type: "person", relation: `friend, card ${CARD}` }],
        },
        { text: "Ana lives in Porto", source_ids: ["m1"], topic: "identity" },
        { text: "Ana loves sushi", source_ids: ["m1"], topic: "food" },
        { text: "Ana runs every Saturday", source_ids: ["m1"], topic: "health" },
        { text: "Ana works as a nurse", source_ids: ["m1"], topic: "work" },
      ],
    });
  }
  if (/keep a user's memory up to date/i.test(system)) {
    const porto = /^\[(\d+)\] Ana lives in Porto/m.exec(user)?.[1];
    const n = (user.match(/^\d+\. /gm) ?? []).length;
    return JSON.stringify({
      decisions: Array.from({ length: n }, (_, i) =>
        porto !== undefined && i === 0
          ? { fact_index: i, action: "UPDATE", memory_id: porto, text: `Ana moved from Porto to Lisbon; her SSN is ${SSN}` }
          : { fact_index: i, action: "ADD" },
      ),
    });
  }
  if (/write a short profile/i.test(system)) return `Ana is a nurse in Lisbon. She pays with card ${CARD}. Her friend Jean is at ${EMAIL}.`;
  if (/plan research about a user/i.test(system)) return JSON.stringify({ questions: [{ question: "Who are Ana's friends?", topic: "people" }] });
  if (/answer a question about a user from numbered facts/i.test(system)) {
    return JSON.stringify({ answer: `Jean, reachable at ${EMAIL}, card ${CARD}.`, facts: [1] });
  }
  if (/answer questions about one user/i.test(system)) {
    const tool = body.messages.find((m) => m.role === "tool");
    if (!tool) return { toolCalls: [{ name: "search_memories", arguments: { query: "friends of Ana" } }] };
    const results = JSON.parse(text(tool)) as { id: string; text: string }[];
    const jean = results.find((r) => /Jean/.test(r.text));
    return jean ? `Ana's friend Jean (${EMAIL}, SSN ${SSN}) runs the book club.\nSources: ${jean.id}` : "I don't know.";
  }
  return "{}";
}

beforeAll(async () => {
  fake = await attachFakeOpenAI({ chat: reply });
  t = await testWorkspace();
  const key = t.keys.sandbox;
  await call(register, "POST", "/register", { key, body: { user_id: "u-model-pii", traits: { name: "Ana Silva" } } });
  for (const [id, content, timestamp] of [
    ["m1", "I live in Porto, I love sushi, I run on Saturdays, I'm a nurse, and my friend Jean runs the book club.", "2025-09-02T18:00:00Z"],
    ["m2", "We just moved to Lisbon!", "2025-10-10T18:00:00Z"],
  ] as const) {
    const res = await call(ingest, "POST", "/ingest", { key, body: { user_id: "u-model-pii", message_history: [{ id, role: "user", content, timestamp }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitForIdle();
  }
});

afterAll(async () => {
  await fake.detach();
});

describe("what a model writes is redacted before it is stored", () => {
  it("fact text, entity names and relations, and a merged memory (the user model)", async () => {
    const res = await call(profile, "GET", "/profile", { key: t.keys.sandbox, query: { user_id: "u-model-pii" } });
    expect(res.status).toBe(200);
    const body = JSON.stringify(res.body);
    expect(findRaw(body, RAW)).toBeNull();
    expect(body).toContain("Ana's friend Jean ([EMAIL]) runs the book club");
    expect(body).toContain("Jean [EMAIL]");
    expect(body).toContain("Ana moved from Porto to Lisbon; her SSN is [NATIONAL_ID]");
  });

  it("the summary the model writes", async () => {
    const res = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "u-model-pii" } });
    expect(res.status).toBe(200);
    expect(res.body.summary).toContain("She pays with card [CARD].");
    expect(findRaw(JSON.stringify(res.body), RAW)).toBeNull();
  });

  it("the /query answer the agent writes, in the cache (the live response is the model's own answer)", async () => {
    const question = "Who are Ana's friends?";
    const res = await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: "u-model-pii", question, use_cache: false } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.sources.length).toBeGreaterThan(0);
    const cached = await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: "u-model-pii", question } });
    expect(cached.body.cached).toBe(true);
    expect(cached.body.answer).toBe("Ana's friend Jean ([EMAIL], SSN [NATIONAL_ID]) runs the book club.");
  });

  it("nothing raw anywhere in the database (Stage 3 answers included)", async () => {
    await waitForIdle();
    const all = await databaseText(t.db);
    expect(all).toMatch(/stage3_entries: /); // Stage 3 ran on the model's answers
    expect(findRaw(all, RAW)).toBeNull();
  });
});
