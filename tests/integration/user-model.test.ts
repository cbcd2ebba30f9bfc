import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as profile, POST as profilePost } from "@/app/(api)/profile/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { endUsers, memories, stage3Entries } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { bankQuestions } from "@/server/profile/stage3";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { RESTAURANT_ASH, type ScenarioMessage } from "../helpers/scenarios";

/**
 * The user model end to end on a conversation written for it (not LoCoMo): a restaurant
 * agent's user with a severe allergy, a daughter with celiac disease, a cofounder, a recruiter,
 * a husband who is a dentist, and a move from San Francisco to Austin — through the public
 * routes, on the real database.
 */
let t: TestWorkspace;
const USER = "ash-restaurant";
const PURPOSE = "Restaurant recommendation agent that suggests dining options based on user preferences, dietary restrictions, and past experiences";

const bySession = (prefix: string) => RESTAURANT_ASH.filter((m) => m.id.startsWith(`${prefix}-`));
async function send(messages: ScenarioMessage[]) {
  const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: USER, message_history: messages } });
  expect(res.status).toBe(200);
  await waitForIdle();
}
const ask = (question: string, use_cache = false) =>
  call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: USER, question, use_cache } });
const getProfile = (q: Record<string, string>) => call(profile, "GET", "/profile", { key: t.keys.sandbox, query: q });
const getSummary = (q: Record<string, string | number>) => call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER, ...q } });

/** First-person or second-person words outside quotes, or "User's" as a name. */
const LEFTOVER = /\b(I|I'm|I've|me|my|mine|we|we're|our|us|you|your)\b|\bUser's\b/;
const outsideQuotes = (s: string) => s.replace(/"[^"]*"/g, "");

beforeAll(async () => {
  t = await testWorkspace();
  const reg = await call(register, "POST", "/register", {
    key: t.keys.sandbox,
    body: { user_id: USER, purpose: PURPOSE, traits: { name: "Ash Lewis", timezone: "America/Los_Angeles" } },
  });
  expect(reg.status).toBe(201);
  // Three conversations weeks apart, each its own ingestion: the move arrives last.
  for (const s of ["s1", "s2", "s3"]) await send(bySession(s));
});

describe("GET /profile: the tree of knowledge", () => {
  it("files facts under topics, keeps the superseded home as history, and names people with their relation", async () => {
    const res = await getProfile({ user_id: USER });
    expect(res.status).toBe(200);
    const topics = res.body.topics as { topic: string; label: string; facts: { id: string; text: string; status: string; valid_from: string; valid_to?: string; superseded_by?: string; source_ids: string[]; salience: string }[] }[];
    expect(topics.map((x) => x.topic)).toEqual(expect.arrayContaining(["identity", "work", "family", "health", "food", "communication"]));
    const identity = topics.find((x) => x.topic === "identity")!;
    const austin = identity.facts.find((f) => /Austin/.test(f.text) && f.status === "current")!;
    const sf = identity.facts.find((f) => /lives in San Francisco/.test(f.text))!;
    expect(austin).toMatchObject({ source_ids: ["s3-2"], valid_from: "2025-10-01T00:00:00.000Z" });
    expect(sf).toMatchObject({ status: "superseded", superseded_by: austin.id, valid_to: "2025-10-01T00:00:00.000Z", source_ids: ["s1-2"] });
    // Current facts come before history within a topic.
    expect(identity.facts.indexOf(austin)).toBeLessThan(identity.facts.indexOf(sf));

    const health = topics.find((x) => x.topic === "health")!;
    expect(health.facts.filter((f) => f.salience === "safety").map((f) => f.text).join(" ")).toMatch(/allergic to peanuts[\s\S]*|celiac/);
    expect(health.facts.some((f) => /peanuts/.test(f.text))).toBe(true);
    expect(health.facts.some((f) => /celiac/.test(f.text))).toBe(true);

    const people = (res.body.entities as { name: string | null; type: string; relation: string | null }[]).filter((e) => e.type === "person");
    expect(people).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Sarah Chen", relation: "cofounder" }),
        expect.objectContaining({ name: "David Kimball", relation: "recruiter" }),
        expect.objectContaining({ name: "Mark", relation: "husband" }),
        expect.objectContaining({ name: "Sofia", relation: "daughter" }),
      ]),
    );
    expect(res.body.counts.superseded).toBeGreaterThanOrEqual(1);
  });

  it("flags the timezone trait the move contradicts", async () => {
    const res = await getProfile({ user_id: USER });
    expect(res.body.flags).toEqual([expect.objectContaining({ trait: "timezone", value: "America/Los_Angeles", suggested: "America/Chicago" })]);
  });

  it("stores third-person facts: no first-person leftovers, no assistant echo, no questions", async () => {
    const res = await getProfile({ user_id: USER });
    const texts = (res.body.topics as { facts: { text: string }[] }[]).flatMap((x) => x.facts.map((f) => f.text));
    for (const text of texts) {
      expect(outsideQuotes(text), text).not.toMatch(LEFTOVER);
      expect(text.trim().endsWith("?"), text).toBe(false);
    }
    // The assistant's "Sushi and Thai, late dinners, no cilantro." is not a fact of its own.
    expect(texts.some((x) => /^Got it/.test(x))).toBe(false);
  });

  it("status=current leaves history out", async () => {
    const res = await getProfile({ user_id: USER, status: "current" });
    const facts = (res.body.topics as { facts: { status: string; text: string }[] }[]).flatMap((x) => x.facts);
    expect(facts.every((f) => f.status === "current")).toBe(true);
    expect(facts.some((f) => /lives in San Francisco/.test(f.text))).toBe(false);
  });

  const bad: [string, Record<string, string>, number, string | undefined][] = [
    ["a missing user_id", {}, 400, "user_id"],
    ["an unknown user", { user_id: "nobody" }, 404, "user_id"],
    ["an unknown status", { user_id: USER, status: "old" }, 400, "status"],
  ];
  for (const [what, q, status, field] of bad) {
    it(`${status} for ${what}`, async () => {
      const res = await getProfile(q);
      expect(res.status).toBe(status);
      expect(res.body.error.field).toBe(field);
    });
  }

  it("401 without a key, 405 for POST, and another environment's key sees no such user", async () => {
    expect((await call(profile, "GET", "/profile", { query: { user_id: USER } })).status).toBe(401);
    expect((await call(profilePost, "POST", "/profile", { key: t.keys.sandbox })).status).toBe(405);
    expect((await call(profile, "GET", "/profile", { key: t.keys.live, query: { user_id: USER } })).status).toBe(404);
  });
});

describe("GET /summary from the model", () => {
  for (const max of [200, 500]) {
    it(`keeps the peanut allergy and the daughter's celiac disease at max_chars=${max}`, async () => {
      const res = await getSummary({ max_chars: max });
      expect(res.status).toBe(200);
      const s = res.body.summary as string;
      expect(s.length).toBeLessThanOrEqual(max);
      expect(s).toMatch(/allergic to peanuts/);
      expect(s).toMatch(/celiac/);
    });
  }

  it("keeps safety facts whatever the purpose (an SDR summary at 200 characters)", async () => {
    const s = (await getSummary({ max_chars: 200, purpose: "AI SDR agent for outbound sales" })).body.summary as string;
    expect(s).toMatch(/peanuts/);
    expect(s).toMatch(/celiac/);
  });

  it("reads as third-person prose: who first, no leftovers, no imperatives, no repeats", async () => {
    const s = (await getSummary({ max_chars: 2000 })).body.summary as string;
    expect(s.startsWith("Ash Lewis")).toBe(true);
    expect(outsideQuotes(s)).not.toMatch(LEFTOVER);
    expect(s).not.toMatch(/\bPlease\b/);
    expect(s).toMatch(/asks to keep emails to three sentences/);
    const sentences = s.split(/(?<=[.!?])\s+/);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it("current facts only: the old home and the outdated timezone are not presented as current", async () => {
    const s = (await getSummary({ max_chars: 2000 })).body.summary as string;
    expect(s).toMatch(/Austin/);
    expect(s).not.toMatch(/lives in San Francisco/);
    expect(s).not.toMatch(/Timezone: America\/Los_Angeles/);
    expect(s).toMatch(/America\/Chicago/);
  });

  it("is deterministic: the same data gives the same text", async () => {
    const a = (await getSummary({ max_chars: 500 })).body;
    const b = (await getSummary({ max_chars: 500 })).body;
    expect(b.summary).toBe(a.summary);
    expect(b.generated_at).toBe(a.generated_at);
  });
});

describe("POST /query answers from the model", () => {
  it("where the user lives now: the city they moved to, with the fact as its source", async () => {
    const res = await ask("Where does the user live now?");
    expect(res.status).toBe(200);
    expect(res.body.answer).toMatch(/Austin/);
    expect(res.body.answer).not.toMatch(/lives in San Francisco/);
    expect(res.body.answer.length).toBeLessThanOrEqual(300);
    expect(res.body.sources).toEqual([expect.objectContaining({ id: expect.stringMatching(/^mem_/), text: expect.stringMatching(/Austin/), source_ids: ["s3-2"] })]);
    expect(res.body.source_ids).toEqual(["s3-2"]);
  });

  it("where the user lived before: history is used for questions about the past", async () => {
    const res = await ask("Where did the user live before?");
    expect(res.body.answer).toMatch(/San Francisco/);
    expect(res.body.answer).not.toMatch(/Austin/);
  });

  it("the professional network: a short list of people with their relation", async () => {
    const res = await ask("Who are the most important people in the user's professional network? For each person, describe their relationship.");
    const answer = res.body.answer as string;
    expect(answer).toMatch(/Sarah Chen \(cofounder\)/);
    expect(answer).toMatch(/David Kimball \(recruiter\)/);
    expect(answer).not.toMatch(/Mark|dentist|Sofia/);
    expect(answer.split("\n").every((line) => line.startsWith("- "))).toBe(true);
    expect(res.body.sources.flatMap((s: { source_ids: string[] }) => s.source_ids)).toEqual(expect.arrayContaining(["s2-4"]));
  });

  it("work: the user's own job, never the husband's", async () => {
    const res = await ask("What does the user do for work?");
    expect(res.body.answer).toMatch(/CEO/);
    expect(res.body.answer).toMatch(/Loomly/);
    expect(res.body.answer).not.toMatch(/dentist|Bright Smiles/);
    const husband = await ask("What does the user's husband do for work?");
    expect(husband.body.answer).toMatch(/dentist/);
  });

  it("allergies: every safety-critical fact is evidence, and only those", async () => {
    const res = await ask("Does the user have any food allergies?");
    expect(res.body.answer).toMatch(/peanuts/);
    expect(res.body.answer).toMatch(/celiac/);
    expect(res.body.answer).not.toMatch(/sushi/);
  });

  it("reads as an answer: calm statements, nothing the question did not ask about", async () => {
    const moved = await ask("When did Ash move to Austin?");
    expect(moved.body.answer).toMatch(/October 2025/);
    expect(moved.body.answer).not.toMatch(/tacos|red meat/);
    const husband = await ask("What does Ash's husband do?");
    expect(husband.body.answer).toMatch(/dentist/);
    expect(husband.body.answer).not.toMatch(/first grade/);
    const now = await ask("Where does the user live now?");
    expect(now.body.answer).not.toMatch(/!/);
  });

  it("a yes/no question is answered with the statement that answers it, not a neighbouring one said in the same breath", async () => {
    // "I love sushi and Thai food, and I usually eat late dinners around 9pm": two statements.
    const res = await ask("Does the user like sushi?");
    expect(res.body.answer).toMatch(/sushi/);
    expect(res.body.answer).not.toMatch(/dinner|9pm/);
    const dinner = await ask("When does Ash eat dinner?");
    expect(dinner.body.answer.match(/late dinners/g)).toHaveLength(1);
  });

  it("a why-question gets the reason said right after the event", async () => {
    const res = await ask("Why did Ash move to Austin?");
    expect(res.body.answer).toMatch(/Austin/);
    expect(res.body.answer).toMatch(/more space for the kids/);
  });

  it("says it does not know only when nothing relevant is stored", async () => {
    const res = await ask("What is the user's favourite quantum chromodynamics textbook?");
    expect(res.body.answer).toMatch(/don't know/);
    expect(res.body.sources).toEqual([]);
  });

  it("caches the answer, and drops it when a fact it cites changes", async () => {
    const first = await ask("Where does the user live these days?", true);
    expect(first.body).toMatchObject({ cached: false, answer: expect.stringMatching(/Austin/) });
    const again = await ask("where does the user live these days", true);
    expect(again.body).toMatchObject({ cached: true, answer: first.body.answer, sources: first.body.sources });

    // A newer move supersedes the cited fact: the cached answer is no longer served.
    await send([{ id: "s4-1", role: "user", content: "Big news: we moved to Denver this month!", timestamp: "2026-02-03T18:00:00Z" }]);
    const after = await ask("Where does the user live these days?", true);
    expect(after.body.cached).toBe(false);
    expect(after.body.answer).toMatch(/Denver/);
  });

  it("never feeds answers back into the model: no Stage 3 entries, no new facts, nothing in /chunks", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, USER)));
    const before = await t.db.select({ id: memories.id }).from(memories).where(eq(memories.endUserId, user!.id));
    const question = "What kind of food does the user like to eat?";
    const search = () =>
      call(chunks, "POST", "/chunks", {
        key: t.keys.sandbox,
        body: { user_id: USER, history: [{ role: "user", content: question }], k: 20, similarity_threshold: 0 },
      });
    const shownBefore = (await search()).body.chunks.map((c: { id: string }) => c.id);
    const res = await ask(question);
    expect(res.body.answer).toMatch(/sushi|Thai|tacos/);
    const after = await t.db.select({ id: memories.id }).from(memories).where(eq(memories.endUserId, user!.id));
    expect(after.length).toBe(before.length);
    const entries = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    expect(entries.some((e) => e.origin === "query" || e.question === question)).toBe(false);
    const found = await search();
    // The same chunks as before the question: nothing the answer said became a chunk. (A chunk
    // may still hold the answer's sentences: a Stage 3 entry written at ingestion from the same
    // facts, whose wording depends on when its threshold run saw them.)
    expect(found.body.chunks.map((c: { id: string }) => c.id)).toEqual(shownBefore);
  });
});

describe("Stage 3 on the model", () => {
  it("answers each question only from its topic's facts, citing them", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, USER)));
    const entries = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const facts = await t.db.select().from(memories).where(eq(memories.endUserId, user!.id));
    const byId = new Map(facts.map((f) => [f.id, f]));
    const bank = new Map(bankQuestions(PURPOSE).map((q) => [q.index, q]));
    for (const e of entries) {
      const q = bank.get(e.questionIndex)!;
      expect(e.factIds.length, e.question).toBeGreaterThan(0);
      for (const id of e.factIds) {
        const f = byId.get(id)!;
        expect(q.topics.includes(f.topic) || (q.withSafety && f.salience === "safety"), `${e.question}: ${f.text}`).toBe(true);
        expect(f.kind).toBe("fact");
      }
    }
    const people = entries.find((e) => e.questionIndex === 7)!;
    expect(people.answer).toMatch(/Sarah Chen \(cofounder\)/);
    expect(people.answer).not.toMatch(/allerg/);
    const food = entries.find((e) => e.questionIndex === 5)!;
    expect(food.answer).toMatch(/peanuts/); // the food question knows the allergy
  });

  it("refreshes an answer when its topic's facts change", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, USER)));
    const [before] = await t.db.select().from(stage3Entries).where(and(eq(stage3Entries.endUserId, user!.id), eq(stage3Entries.questionIndex, 3)));
    expect(before!.answer).not.toMatch(/text messages/);
    await send([{ id: "s5-1", role: "user", content: "I prefer text messages over phone calls, always.", timestamp: "2026-02-10T18:00:00Z" }]);
    const [after] = await t.db.select().from(stage3Entries).where(and(eq(stage3Entries.endUserId, user!.id), eq(stage3Entries.questionIndex, 3)));
    expect(after!.answer).toMatch(/text messages/);
    expect(after!.version).toBe(before!.version + 1);
  });
});
