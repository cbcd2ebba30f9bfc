import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { endUsers, memories } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { attachFakeOpenAI, type AttachedFakeOpenAI } from "../helpers/attach-fake-openai";
import type { ChatRequestBody } from "../helpers/fake-openai";

/**
 * The user model filled by the LLM path (a local OpenAI-compatible server, the only stand-in):
 * extraction gives topic, salience, entities and time; a DELETE decision keeps the old fact as
 * history; /query's agent returns the sources it used; the summary keeps safety facts the model
 * left out.
 */
let fake: AttachedFakeOpenAI;
let t: TestWorkspace;
const text = (m: ChatRequestBody["messages"][number]) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? ""));

function reply(body: ChatRequestBody) {
  const system = text(body.messages[0]!);
  const user = body.messages.slice(1).map(text).join("\n");
  if (/extract long-term memories/i.test(system)) {
    const facts = [];
    if (/San Francisco/.test(user) && !/Austin/.test(user)) {
      facts.push({ text: "Ash lives in San Francisco", source_ids: ["m1"], topic: "identity", salience: "identity", entities: [{ name: "San Francisco", type: "place" }], valid_from: "2025-09-02" });
      facts.push({ text: "Ash is severely allergic to peanuts", source_ids: ["m1"], topic: "health", salience: "safety", entities: [], valid_from: "2025-09-02" });
      facts.push({ text: "Ash's cofounder Sarah Chen runs engineering", source_ids: ["m1"], topic: "WORK", salience: "important!", entities: [{ name: "Sarah Chen", type: "person", relation: "Cofounder" }] });
    }
    if (/go by Alex/.test(user)) facts.push({ text: "Alexandra goes by Alex now", source_ids: ["r1"], topic: "identity", salience: "identity", valid_from: "2025-11-12" });
    if (/Austin/.test(user)) facts.push({ text: "Ash moved from San Francisco to Austin in October 2025", source_ids: ["m2"], topic: "identity", salience: "identity", valid_from: "2025-10-01" });
    return JSON.stringify({ facts });
  }
  if (/keep a user's memory up to date/i.test(system)) {
    // Existing memories are listed as [i] text; the move replaces the old home.
    const sf = /^\[(\d+)\] Ash lives in San Francisco/m.exec(user)?.[1];
    const n = (user.match(/^\d+\. /gm) ?? []).length;
    return JSON.stringify({
      decisions: Array.from({ length: n }, (_, i) => (sf !== undefined && i === 0 ? { fact_index: i, action: "DELETE", memory_id: sf } : { fact_index: i, action: "ADD" })),
    });
  }
  if (/write a short profile/i.test(system)) return "Ash Lewis is a founder in Austin. Ash's cofounder Sarah Chen runs engineering. Ash likes sushi.";
  if (/plan research about a user/i.test(system)) return JSON.stringify({ questions: [{ question: "Where does Ash live?", topic: "identity" }] });
  if (/answer a question about a user from numbered facts/i.test(system)) return JSON.stringify({ answer: "UNKNOWN", facts: [] });
  if (/answer questions about one user/i.test(system)) {
    const tool = body.messages.find((m) => m.role === "tool");
    if (/call them/.test(text(body.messages[1]!))) {
      if (!tool) return { toolCalls: [{ name: "read_profile", arguments: {} }] };
      const profile = JSON.parse(text(tool)) as { name?: string; preferred_name?: string };
      return profile.preferred_name ? `${profile.preferred_name}.` : `${profile.name}.`;
    }
    if (!tool) return { toolCalls: [{ name: "search_memories", arguments: { query: "where does Ash live" } }] };
    const results = JSON.parse(text(tool)) as { id: string; text: string }[];
    const austin = results.find((r) => /Austin/.test(r.text));
    return austin ? `Ash lives in Austin (moved from San Francisco in October 2025).\nSources: ${austin.id}` : "I don't know.";
  }
  return "{}";
}

beforeAll(async () => {
  fake = await attachFakeOpenAI({ chat: reply });
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "llm-model", traits: { name: "Ash Lewis" } } });
  for (const [id, content, timestamp] of [
    ["m1", "I live in San Francisco, I'm severely allergic to peanuts, and my cofounder Sarah Chen runs engineering.", "2025-09-02T18:00:00Z"],
    ["m2", "We moved to Austin last month!", "2025-11-10T18:00:00Z"],
  ] as const) {
    await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: "llm-model", message_history: [{ id, role: "user", content, timestamp }] } });
    await waitForIdle();
  }
});

afterAll(async () => {
  await fake.detach();
});

describe("the LLM path fills the same model", () => {
  it("stores the topic, salience, entities and time the model gives, and fixes what it gets wrong", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "llm-model")));
    const rows = await t.db.select().from(memories).where(eq(memories.endUserId, user!.id));
    const allergy = rows.find((m) => /peanuts/.test(m.text))!;
    expect(allergy).toMatchObject({ topic: "health", salience: "safety", extractor: "llm-v2", status: "current" });
    expect(allergy.validFrom!.toISOString()).toBe("2025-09-02T00:00:00.000Z");
    const cofounder = rows.find((m) => /Sarah Chen/.test(m.text))!;
    // "WORK" is read as the topic key; an unknown salience falls back to the offline analysis.
    expect(cofounder).toMatchObject({ topic: "work", entities: [{ name: "Sarah Chen", type: "person", relation: "cofounder" }] });
    expect(["identity", "preference", "event"]).toContain(cofounder.salience);
  });

  it("a DELETE decision keeps the old fact as superseded history, linked to the new one", async () => {
    const res = await call(profile, "GET", "/profile", { key: t.keys.sandbox, query: { user_id: "llm-model" } });
    const identity = res.body.topics.find((x: { topic: string }) => x.topic === "identity");
    const austin = identity.facts.find((f: { text: string }) => /Austin/.test(f.text));
    const sf = identity.facts.find((f: { text: string }) => /lives in San Francisco/.test(f.text));
    expect(austin).toMatchObject({ status: "current", valid_from: "2025-10-01T00:00:00.000Z" });
    expect(sf).toMatchObject({ status: "superseded", superseded_by: austin.id });
  });

  it("/query's agent answers with the sources it says it used", async () => {
    const res = await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: "llm-model", question: "Where does Ash live?", use_cache: false } });
    expect(res.status).toBe(200);
    expect(res.body.answer).toBe("Ash lives in Austin (moved from San Francisco in October 2025).");
    expect(res.body.sources).toEqual([expect.objectContaining({ text: expect.stringMatching(/Austin/), source_ids: ["m2"] })]);
    expect(res.body.source_ids).toEqual(["m2"]);
    // The agent was told to use superseded facts only for the past, and saw each fact's status.
    const agent = fake.chatRequests().filter((b) => /answer questions about one user/i.test(text(b.messages[0]!)));
    expect(text(agent[0]!.messages[0]!)).toMatch(/superseded are history/);
  });

  it("the summary keeps a safety fact the model left out, at any max_chars ≥ 200", async () => {
    for (const max of [200, 1000]) {
      const res = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "llm-model", max_chars: max } });
      expect(res.body.summary, `max_chars=${max}`).toMatch(/allergic to peanuts/);
      expect(res.body.summary.length).toBeLessThanOrEqual(max);
    }
    const asked = fake.chatRequests().filter((b) => /write a short profile/i.test(text(b.messages[0]!)));
    expect(asked.every((b) => b.temperature === 0)).toBe(true);
    expect(text(asked.at(-1)!.messages[1]!)).toMatch(/Safety-critical facts:\n- Ash is severely allergic to peanuts/);
    // Superseded facts are not given to the model.
    expect(text(asked.at(-1)!.messages[1]!)).not.toMatch(/lives in San Francisco/);
  });
  it("a user who asked for another name: /profile flags the name trait, the agent's profile tool gives the name they asked for", async () => {
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "llm-renamed", traits: { name: "Alexandra Chen" } } });
    await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "llm-renamed", message_history: [{ id: "r1", role: "user", content: "Quick update: I go by Alex now.", timestamp: "2025-11-12T18:00:00Z" }] },
    });
    await waitForIdle();
    const res = await call(profile, "GET", "/profile", { key: t.keys.sandbox, query: { user_id: "llm-renamed" } });
    expect(res.body.flags).toEqual([expect.objectContaining({ trait: "name", value: "Alexandra Chen", suggested: "Alex Chen" })]);
    const asked = await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: "llm-renamed", question: "What should I call them?", use_cache: false } });
    expect(asked.body.answer).toBe("Alex.");
  });
});
