import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { endUsers, stage3Entries, stage3Runs } from "@/db/schema";
import { refreshSummaryJob } from "@/inngest/functions/refresh-summary";
import { stage3Job } from "@/inngest/functions/stage3";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { attachFakeOpenAI, type AttachedFakeOpenAI } from "../helpers/attach-fake-openai";
import type { ChatRequestBody } from "../helpers/fake-openai";

/**
 * The LLM paths of Stage 2, Stage 3 and /query against a local OpenAI-compatible server
 * (the only stand-in allowed): prompts, temperature 0, tool calls, malformed output repaired.
 */
let fake: AttachedFakeOpenAI;
let t: TestWorkspace;
let questionsAsked = 0;

const text = (m: ChatRequestBody["messages"][number]) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? ""));

function reply(body: ChatRequestBody) {
  const system = text(body.messages[0]!);
  const all = body.messages.map(text).join("\n");
  if (/extract long-term memories/i.test(system)) {
    const facts = /sushi/.test(all) ? [{ text: "Ash loves sushi and usually eats late dinners around 9pm", source_ids: [] }] : [];
    const more = ["climbing", "Thai", "designer", "Berlin", "Japan"].filter((w) => all.includes(w)).map((w) => ({ text: `Ash mentioned ${w}`, source_ids: [] }));
    return JSON.stringify({ facts: [...facts, ...more] });
  }
  if (/keep a user's memory up to date/i.test(system)) {
    const n = (all.match(/^\s*\[?(\d+)\]?[.:)]/gm) ?? []).length;
    return JSON.stringify({ decisions: Array.from({ length: Math.max(n, 1) }, (_, i) => ({ fact_index: i, action: "ADD" })) });
  }
  if (/plan research about a user/i.test(system)) {
    // The first answer is malformed: the client must repair, not drop it.
    if (questionsAsked++ === 0) return "Sure! Here are some questions: 1) food?";
    return JSON.stringify({ questions: [{ question: "What food does Ash enjoy?", topic: "food" }] });
  }
  if (/write a short profile/i.test(system)) return "Ash Lewis is a founder who loves sushi and eats late dinners around 9pm.";
  if (/answer a question about a user from numbered facts/i.test(system)) {
    const n = all.split("\n").findIndex((l) => /^\[\d+\].*(sushi|Thai)/.test(l));
    const cited = /^\[(\d+)\]/.exec(all.split("\n")[n] ?? "")?.[1];
    return JSON.stringify(cited ? { answer: "Ash enjoys sushi.", facts: [Number(cited)] } : { answer: "UNKNOWN", facts: [] });
  }
  if (/answer questions about one user/i.test(system)) {
    const toolResult = body.messages.find((m) => m.role === "tool");
    if (!toolResult) return { toolCalls: [{ name: "search_memories", arguments: { query: "food preferences" } }] };
    return /sushi/.test(text(toolResult)) ? "From memory: Ash loves sushi and eats late dinners around 9pm." : "I don't know.";
  }
  return "ok";
}

beforeAll(async () => {
  fake = await attachFakeOpenAI({ chat: reply });
  t = await testWorkspace();
  await call(register, "POST", "/register", {
    key: t.keys.sandbox,
    body: { user_id: "llm-ash", purpose: "AI SDR agent", traits: { name: "Ash Lewis" } },
  });
  await call(ingest, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: { user_id: "llm-ash", message_history: [{ role: "user", content: "I love sushi and usually eat late dinners around 9pm", timestamp: "2025-11-01T14:30:00Z" }] },
  });
  await waitForIdle();
});

afterAll(async () => {
  await fake.detach();
});

describe("Stage 2 with an LLM", () => {
  it("the summary comes from the model at temperature 0 with the fixed prompt, and is served from storage", async () => {
    const res = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "llm-ash" } });
    expect(res.body.summary).toBe("Ash Lewis is a founder who loves sushi and eats late dinners around 9pm.");
    const asked = fake.chatRequests().filter((b: ChatRequestBody) => /write a short profile/i.test(text(b.messages[0]!)));
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.every((b: ChatRequestBody) => b.temperature === 0)).toBe(true);
    expect(text(asked.at(-1)!.messages[1]!)).toContain("sushi");
    const before = fake.chatRequests().length;
    const again = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "llm-ash" } });
    expect(again.body).toMatchObject({ summary: res.body.summary, cached: true });
    expect(fake.chatRequests().length).toBe(before);
  });

  it("refresh-summary runs as an Inngest function and keeps an unchanged summary (same input hash, no model call)", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "llm-ash")));
    const before = fake.chatRequests().length;
    const { result } = await new InngestTestEngine({ function: refreshSummaryJob.fn }).execute({
      events: [{ name: "pio/summary.refresh", data: { endUserId: user!.id } }],
    });
    expect(result).toBe(0);
    expect(fake.chatRequests().length).toBe(before);
  });
});

describe("/query with an LLM agent", () => {
  it("calls the search tool, answers from what it found, and the same question is cached next time", async () => {
    const body = { user_id: "llm-ash", question: "What does Ash like to eat?" };
    const first = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ cached: false, answer: "From memory: Ash loves sushi and eats late dinners around 9pm." });
    const agentCalls = fake.chatRequests().filter((b: ChatRequestBody) => /answer questions about one user/i.test(text(b.messages[0]!)));
    expect(agentCalls[0]!.tools).toHaveLength(3);
    expect(agentCalls[1]!.messages.some((m) => m.role === "tool" && /sushi/.test(text(m)))).toBe(true);
    const again = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
    expect(again.body).toMatchObject({ cached: true, answer: first.body.answer });
  });
});

describe("Stage 3 with an LLM", () => {
  it("repairs malformed question plans, answers grounded in memories, and records the run", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "llm-ash")));
    const { result } = await new InngestTestEngine({ function: stage3Job.fn }).execute({
      events: [{ name: "pio/stage3.requested", data: { endUserId: user!.id, threshold: 5 } }],
    });
    expect(result).toMatchObject({ questions: 1, answered: 1 });
    const plans = fake.chatRequests().filter((b: ChatRequestBody) => /plan research about a user/i.test(text(b.messages[0]!)));
    expect(plans.length).toBe(2);
    expect(plans[1]!.messages.map(text).join("\n")).toMatch(/Here are some questions/);
    const entries = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    const food = entries.find((e) => e.question === "What food does Ash enjoy?");
    expect(food).toMatchObject({ answer: "Ash enjoys sushi.", topic: "Food & preferences", topicKey: "food" });
    expect(food!.factIds).toHaveLength(1);
    const [run] = await t.db.select().from(stage3Runs).where(and(eq(stage3Runs.endUserId, user!.id), eq(stage3Runs.threshold, 5)));
    expect(run).toMatchObject({ status: "done", questions: 1 });
  });
});
