import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { waitForIdle } from "@/inngest/runner";
import { attachFakeOpenAI, type AttachedFakeOpenAI } from "../helpers/attach-fake-openai";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * The principle behind issue 10's items 1 and 2: raw personal data reaches neither the
 * embedding provider nor the language model, whatever field it came in (a /query question, a
 * /chunks turn, a /summary purpose). Checked on what a real OpenAI-compatible server receives.
 */
const EMAIL = "maria.gonzalez77@examplemail.com";
const CARD = "5555-5555-5555-4444";
const SSN = "219-09-9999";

let fake: AttachedFakeOpenAI;
let t: TestWorkspace;

beforeAll(async () => {
  fake = await attachFakeOpenAI({
    chat: (body) => {
      const system = String(body.messages[0]?.content ?? "");
      if (/extract long-term memories/i.test(system)) return JSON.stringify({ facts: [{ text: "Maria loves sushi", source_ids: [] }] });
      return "The user likes sushi.";
    },
  });
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "u-prov", traits: { name: "Maria" } } });
  await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: "u-prov", message_history: [{ role: "user", content: "I love sushi." }] } });
  await waitForIdle();
});
afterAll(async () => {
  await fake.detach();
});

function sentSince(from: number): string {
  return JSON.stringify(fake.requests.slice(from).map((r) => r.body));
}

function expectNoPii(text: string) {
  expect(text).not.toContain(EMAIL);
  expect(text).not.toContain(CARD);
  expect(text).not.toContain(SSN);
}

describe("what the model provider receives", () => {
  it("POST /query: the question is redacted before the agent's prompt", async () => {
    const from = fake.requests.length;
    const question = `Does the user with SSN ${SSN} and card ${CARD} and email ${EMAIL} like sushi?`;
    const res = await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: "u-prov", question, use_cache: false } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitForIdle();
    const sent = sentSince(from);
    expect(sent).toContain("[NATIONAL_ID]");
    expect(fake.requests.slice(from).some((r) => r.path.endsWith("/chat/completions"))).toBe(true);
    expectNoPii(sent);
  });

  it("POST /chunks: the turns are redacted before they are embedded", async () => {
    const from = fake.requests.length;
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "u-prov", history: [{ role: "user", content: `my card ${CARD} and mail ${EMAIL}: any sushi?` }] },
    });
    expect(res.status).toBe(200);
    expectNoPii(JSON.stringify(res.body));
    const sent = sentSince(from);
    expect(sent).toContain("[CARD]");
    expectNoPii(sent);
  });

  it("GET /summary?purpose=…: the purpose in the summary prompt is redacted", async () => {
    const from = fake.requests.length;
    const res = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "u-prov", purpose: `support for ${EMAIL}` } });
    expect(res.status).toBe(200);
    await waitForIdle();
    const sent = sentSince(from);
    expect(sent).toContain("support for [EMAIL]");
    expectNoPii(sent);
  });
});
