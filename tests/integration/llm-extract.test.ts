import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createOpenAIEmbeddings, getEmbeddingProvider } from "@/server/ai/embeddings";
import { getLlm, LlmOutputError } from "@/server/ai/llm";
import { resetAiProviders } from "@/server/ai/providers";
import { resetEnvCache } from "@/server/env";
import { getExtractor } from "@/server/memory/extract";
import { createLlmExtractor } from "@/server/memory/extract/llm";
import type { ConversationMessage, ExtractedFact } from "@/server/memory/extract/types";
import { startFakeOpenAI, type ChatRequestBody, type FakeChatReply, type FakeOpenAI } from "../helpers/fake-openai";

/**
 * The LLM paths against a real local HTTP server speaking the OpenAI wire format
 * (tests/helpers/fake-openai.ts): no model provider is ever contacted.
 */

let fake: FakeOpenAI;
/** The chat handler of the current test: a list of replies, one per request. */
let replies: Array<FakeChatReply | ((body: ChatRequestBody) => FakeChatReply)> = [];
let served = 0;
let embedOverride: ((text: string) => number[]) | null = null;

const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };

beforeAll(async () => {
  fake = await startFakeOpenAI({
    chat: (body) => {
      // One programmed reply per request; the last one repeats.
      const r = replies[served++] ?? replies[replies.length - 1];
      if (r === undefined) return { status: 500, message: "no reply programmed", headers: { "x-should-retry": "false" } };
      return typeof r === "function" ? r(body) : r;
    },
    embed: (text) => (embedOverride ? embedOverride(text) : Array.from({ length: 384 }, (_, i) => (i === text.length % 384 ? 3 : 0))),
  });
  process.env.OPENAI_API_KEY = "sk-test-fake";
  process.env.OPENAI_BASE_URL = fake.url;
  resetEnvCache();
  resetAiProviders();
});

afterEach(() => {
  fake.requests.length = 0;
  replies = [];
  served = 0;
  embedOverride = null;
});

afterAll(async () => {
  await fake.close();
  process.env.OPENAI_API_KEY = saved.key ?? "";
  process.env.OPENAI_BASE_URL = saved.url ?? "";
  resetEnvCache();
  resetAiProviders();
});

/** The replies of the next chat requests, in order (the last one repeats). */
function program(...list: Array<FakeChatReply | ((body: ChatRequestBody) => FakeChatReply)>): void {
  replies = list;
  served = 0;
}

const T0 = new Date("2023-01-20T18:00:00Z");
const T1 = new Date("2023-01-20T18:01:00Z");
const messages: ConversationMessage[] = [
  { id: "m1", role: "assistant", content: "Any plans for dinner?", timestamp: T0 },
  { id: "m2", role: "user", content: "Sushi again! I never eat before 9pm.", timestamp: T1 },
];
const context: ConversationMessage[] = [
  { id: "c1", role: "user", content: "Hi, I'm Ash.", timestamp: new Date("2023-01-19T10:00:00Z") },
];

function llm() {
  const l = getLlm();
  if (!l) throw new Error("expected an LLM with OPENAI_API_KEY set");
  return l;
}

describe("provider selection", () => {
  it("uses the LLM extractor and OpenAI embeddings when OPENAI_API_KEY is set", () => {
    expect(getLlm()).not.toBeNull();
    expect(getLlm()).toBe(getLlm());
    expect(getExtractor().name).toBe("llm-v2");
    expect(getEmbeddingProvider().model).toBe("openai:text-embedding-3-small");
  });
});

describe("chat client", () => {
  it("passes tool calls through", async () => {
    program({ toolCalls: [{ name: "search_memories", arguments: { query: "food" } }] });
    const message = await llm().chat({
      messages: [{ role: "user", content: "What do I like to eat?" }],
      tools: [{ type: "function", function: { name: "search_memories", parameters: { type: "object", properties: {} } } }],
    });
    expect(message.tool_calls).toHaveLength(1);
    const call = message.tool_calls![0]!;
    expect(call.type === "function" && call.function.name).toBe("search_memories");
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ query: "food" });
    expect(fake.chatRequests()[0]!.tools).toHaveLength(1);
  });

  it("throws transport errors as they are (not as output errors)", async () => {
    program({ status: 400, message: "bad request from fake", headers: { "x-should-retry": "false" } });
    await expect(
      llm().chatJson({ name: "t", system: "Answer in JSON.", user: "x", schema: z.object({}) }),
    ).rejects.toThrow(/bad request from fake/);
  });
});

describe("LLM extraction", () => {
  it("extracts facts, keeps only known source ids, and falls back to the batch's user messages", async () => {
    program(
      JSON.stringify({
        facts: [
          { text: "Ash plans to have sushi for dinner on 20 January 2023", source_ids: ["m1", "m2", "m9"] },
          { text: "Ash never eats before 9pm", source_ids: ["nope"] },
          { text: "Ash is called Ash", source_ids: ["c1"] },
        ],
      }),
    );
    const facts = await createLlmExtractor(llm()).extract({ userName: "Ash Lewis", messages, context });
    expect(facts).toEqual<ExtractedFact[]>([
      { text: "Ash plans to have sushi for dinner on 20 January 2023", sourceIds: ["m1", "m2"], occurredAt: T1 },
      { text: "Ash never eats before 9pm", sourceIds: ["m2"], occurredAt: T1 },
      { text: "Ash is called Ash", sourceIds: ["c1"], occurredAt: new Date("2023-01-19T10:00:00Z") },
    ]);

    const [req] = fake.chatRequests();
    expect(req!.response_format).toEqual({ type: "json_object" });
    expect(req!.temperature).toBe(0);
    expect(req!.model).toBe("gpt-4o-mini");
    const user = String(req!.messages[1]!.content);
    expect(user).toContain("Name: Ash Lewis");
    expect(user).toContain("[c1] user 2023-01-19T10:00:00.000Z: Hi, I'm Ash.");
    expect(user).toContain("[m2] user 2023-01-20T18:01:00.000Z: Sushi again! I never eat before 9pm.");
  });

  it("makes no request when the batch has no user message", async () => {
    const facts = await createLlmExtractor(llm()).extract({ userName: null, messages: [messages[0]!], context: [] });
    expect(facts).toEqual([]);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it("repairs malformed JSON: the second request carries the bad output and the exact error", async () => {
    program('```json\n{"facts": [{"text": "Ash loves sushi", "source_ids": ["m2"]}\n```', JSON.stringify({ facts: [{ text: "Ash loves sushi", source_ids: ["m2"] }] }));
    const facts = await createLlmExtractor(llm()).extract({ userName: "Ash", messages, context: [] });
    expect(facts.map((f) => f.text)).toEqual(["Ash loves sushi"]);
    const reqs = fake.chatRequests();
    expect(reqs).toHaveLength(2);
    const second = reqs[1]!.messages;
    expect(second).toHaveLength(4);
    expect(second[2]).toMatchObject({ role: "assistant", content: expect.stringContaining('{"facts": [{"text": "Ash loves sushi"') });
    expect(String(second[3]!.content)).toMatch(/not valid JSON: .*(Expected|Unexpected|Unterminated|JSON)/);
  });

  it("repairs schema violations with the validation error", async () => {
    program(JSON.stringify({ facts: [{ text: "", source_ids: ["m2"] }] }), JSON.stringify({ facts: [] }));
    const facts = await createLlmExtractor(llm()).extract({ userName: "Ash", messages, context: [] });
    expect(facts).toEqual([]);
    expect(String(fake.chatRequests()[1]!.messages[3]!.content)).toContain("facts.0.text: fact text must not be empty");
  });

  it("throws LlmOutputError after three invalid answers, dropping nothing silently", async () => {
    program("not json at all");
    const err = await createLlmExtractor(llm())
      .extract({ userName: "Ash", messages, context: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmOutputError);
    expect((err as LlmOutputError).message).toMatch(/"memory-extraction".*3 attempt.*not valid JSON/);
    expect(fake.chatRequests()).toHaveLength(3);
    expect(fake.chatRequests()[2]!.messages).toHaveLength(6);
  });
});

describe("LLM reconcile", () => {
  const fact = (text: string, id: string): ExtractedFact => ({ text, sourceIds: [id], occurredAt: T1 });
  const facts = [
    fact("Ash moved to Paris", "m10"),
    fact("Ash no longer has a car", "m11"),
    fact("Ash loves sushi", "m12"),
    fact("Ash is learning Italian", "m13"),
  ];
  const existing = [
    { id: "mem_berlin", text: "Ash lives in Berlin", sourceIds: ["a"] },
    { id: "mem_car", text: "Ash drives a red Toyota", sourceIds: ["b"] },
    { id: "mem_sushi", text: "Ash loves sushi", sourceIds: ["c"] },
  ];

  it("maps temporary ids back to real memory ids", async () => {
    program(
      JSON.stringify({
        decisions: [
          { fact_index: 3, action: "ADD" },
          { fact_index: 0, action: "UPDATE", memory_id: "0", text: "Ash lives in Paris (moved from Berlin)" },
          { fact_index: 1, action: "DELETE", memory_id: 1 },
          { fact_index: 2, action: "NONE", memory_id: "2" },
        ],
      }),
    );
    const decisions = await createLlmExtractor(llm()).reconcile(facts, existing);
    expect(decisions).toEqual([
      { action: "UPDATE", memoryId: "mem_berlin", text: "Ash lives in Paris (moved from Berlin)", fact: facts[0] },
      { action: "DELETE", memoryId: "mem_car", fact: facts[1] },
      { action: "NONE", memoryId: "mem_sushi", fact: facts[2] },
      { action: "ADD", fact: facts[3] },
    ]);
    const user = String(fake.chatRequests()[0]!.messages[1]!.content);
    expect(user).toContain("[0] Ash lives in Berlin");
    expect(user).toContain("[2] Ash loves sushi");
    expect(user).toContain("3. Ash is learning Italian");
    expect(user).not.toContain("mem_");
  });

  it("repairs an invalid memory id", async () => {
    program(
      JSON.stringify({
        decisions: [
          { fact_index: 0, action: "UPDATE", memory_id: "mem_berlin", text: "Ash lives in Paris" },
          { fact_index: 1, action: "ADD" },
          { fact_index: 2, action: "NONE" },
          { fact_index: 3, action: "ADD" },
        ],
      }),
      JSON.stringify({
        decisions: [
          { fact_index: 0, action: "UPDATE", memory_id: "0", text: "Ash lives in Paris" },
          { fact_index: 1, action: "ADD" },
          { fact_index: 2, action: "NONE" },
          { fact_index: 3, action: "ADD" },
        ],
      }),
    );
    const decisions = await createLlmExtractor(llm()).reconcile(facts, existing);
    expect(decisions[0]).toEqual({ action: "UPDATE", memoryId: "mem_berlin", text: "Ash lives in Paris", fact: facts[0] });
    expect(decisions[2]).toEqual({ action: "NONE", fact: facts[2] });
    expect(String(fake.chatRequests()[1]!.messages[3]!.content)).toContain(
      'memory_id "mem_berlin" is not one of the existing memory ids (0, 1, 2)',
    );
  });

  it("repairs a missing decision, then fails loudly if it never comes", async () => {
    program(JSON.stringify({ decisions: [{ fact_index: 0, action: "ADD" }] }));
    const err = await createLlmExtractor(llm())
      .reconcile(facts, existing)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmOutputError);
    expect((err as Error).message).toMatch(/"memory-reconcile".*no decision for fact\(s\) 1, 2, 3/);
    expect(fake.chatRequests()).toHaveLength(3);
  });

  it("adds everything without a request when there are no existing memories", async () => {
    const decisions = await createLlmExtractor(llm()).reconcile(facts, []);
    expect(decisions.map((d) => d.action)).toEqual(["ADD", "ADD", "ADD", "ADD"]);
    expect(fake.chatRequests()).toHaveLength(0);
  });
});

describe("OpenAI embeddings through the fake server", () => {
  it("requests 384 float dimensions and L2-normalizes, in order, batching by 256", async () => {
    const provider = getEmbeddingProvider();
    const texts = Array.from({ length: 300 }, (_, i) => "x".repeat(i + 1));
    const vectors = await provider.embed(texts);
    expect(vectors).toHaveLength(300);
    vectors.forEach((v, i) => {
      expect(v).toHaveLength(384);
      expect(v[(i + 1) % 384]).toBeCloseTo(1, 9); // the fake puts 3 at index len % 384; normalized to 1
    });
    const reqs = fake.requests.filter((r) => r.path === "/v1/embeddings");
    expect(reqs.map((r) => r.body.input.length)).toEqual([256, 44]);
    expect(reqs[0]!.body).toMatchObject({ model: "text-embedding-3-small", dimensions: 384, encoding_format: "float" });
  });

  it("serves base64 float32 when the client asks for it (the SDK's default)", async () => {
    const res = await fetch(`${fake.url}/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", input: ["hi"] }),
    });
    const body = (await res.json()) as { data: Array<{ embedding: string }> };
    const buf = Buffer.from(body.data[0]!.embedding, "base64");
    const floats = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    expect(floats).toHaveLength(384);
    expect(floats[2]).toBe(3);
  });

  it("fails clearly when the model answers the wrong number of dimensions", async () => {
    embedOverride = () => Array.from({ length: 1536 }, () => 0.01);
    const provider = createOpenAIEmbeddings({ apiKey: "sk-test", baseURL: fake.url, model: "text-embedding-ada-002" });
    expect(provider.model).toBe("openai:text-embedding-ada-002");
    await expect(provider.embed(["hello"])).rejects.toThrow(/"text-embedding-ada-002" returned 1536 dimensions, Pio needs 384/);
  });
});
