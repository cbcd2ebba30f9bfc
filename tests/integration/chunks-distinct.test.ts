import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { waitForIdle } from "@/inngest/runner";
import { terms } from "@/server/ai/text";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * /chunks returns k different pieces of information: a fact is not returned again as its
 * memory, the conversation windows around it, the assistant's echo and a Stage 3 answer; and
 * a memory that only shares a topic's common words does not outrank the specific one.
 */

interface Chunk {
  id: string;
  text: string;
  score: number;
  source: string;
  source_ids: string[];
}

let t: TestWorkspace;

const at = (i: number) => new Date(Date.UTC(2025, 9, 1, 10, i)).toISOString();

/** A chat where the assistant repeats each fact back, as assistants do. */
const echoed: [string, string][] = [
  ["I'm vegetarian and I'm allergic to peanuts.", "Noted: you're vegetarian and allergic to peanuts."],
  ["My favourite cuisine is Thai, especially green curry with tofu.", "Thai green curry with tofu, got it!"],
  ["I live in Lisbon, near the Alfama district.", "Lisbon is lovely, and Alfama has great views."],
  ["I'm training for a half marathon in October.", "Good luck with the half marathon training!"],
  ["My sister Ana is visiting next weekend from Berlin.", "How nice that Ana is visiting from Berlin!"],
  ["I work as a nurse, mostly night shifts at the hospital.", "Night shifts at the hospital must be tiring."],
  ["I prefer quiet restaurants where we can talk.", "Quiet restaurants where you can talk, noted."],
];

/**
 * Food talk where "restaurant", "place" and "dinner" are everywhere, and one memory that says
 * nothing else, beside memories with the specific facts.
 */
const foodie = [
  "We love trying new places and restaurants for dinner",
  "Thai food is my favourite, especially pad see ew",
  "My sister Ana only eats sushi",
  "I'm allergic to peanuts",
  "Eating out should cost under 30 euros per person",
  "Quiet places and restaurants with a terrace are the best for dinner",
  "Our favourite restaurants are in Alfama, we go there for dinner on Fridays",
  "I run along the river on Sunday mornings",
];

beforeAll(async () => {
  t = await testWorkspace();
  for (const [user_id, name] of [["echo", "Maria Costa"], ["foodie", "Rita Alves"]]) {
    const res = await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id, traits: { name } } });
    expect(res.status).toBeLessThan(300);
  }
  await call(ingest, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: {
      user_id: "echo",
      message_history: echoed.flatMap(([user, assistant], i) => [
        { id: `u${i}`, role: "user", content: user, timestamp: at(2 * i) },
        { id: `a${i}`, role: "assistant", content: assistant, timestamp: at(2 * i + 1) },
      ]),
    },
  });
  await call(ingest, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: { user_id: "foodie", message_history: foodie.map((content, i) => ({ id: `f${i}`, role: "user", content, timestamp: at(i) })) },
  });
  await waitForIdle();
});

const ask = async (user_id: string, content: string, k = 5): Promise<Chunk[]> => {
  const res = await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body: { user_id, history: [{ role: "user", content }], k, similarity_threshold: 0 } });
  expect(res.status).toBe(200);
  return res.body.chunks;
};

/**
 * Share of a's content words (names and speaker labels aside) that b also has; 0 for texts of
 * fewer than 3 content words ("Ana is vegan" and "Ana's sister is vegan" are two facts).
 */
function contained(a: string, b: string): number {
  const ignore = new Set(terms("Maria Costa Rita Alves assistant user"));
  const ta = new Set(terms(a).filter((x) => !ignore.has(x)));
  const tb = new Set(terms(b).filter((x) => !ignore.has(x)));
  if (ta.size < 3) return 0;
  return [...ta].filter((x) => tb.has(x)).length / ta.size;
}

describe("/chunks: k results carry k different pieces of information", () => {
  const questions = [
    "What Thai food do I like?",
    "Where does my sister Ana visit from?",
    "What should I keep in mind when picking a restaurant?",
    "Tell me about my food, my family, my work and my running",
  ];

  it("no chunk repeats one above it: the memory, its windows, the echo and Stage 3 collapse into one", async () => {
    for (const q of questions) {
      const found = await ask("echo", q, 6);
      expect(found.length, q).toBeGreaterThan(0);
      found.forEach((b, i) => {
        for (const a of found.slice(0, i)) expect(contained(b.text, a.text), `${q}\n  ${b.text}\n  ⊂ ${a.text}`).toBeLessThan(0.8);
      });
      // Scores are what each chunk adds, so they still decrease.
      const scores = found.map((c) => c.score);
      expect([...scores].sort((x, y) => y - x), q).toEqual(scores);
    }
  });

  it("the fact asked about comes first, and the chunk that stands for its copies cites their messages", async () => {
    const thai = await ask("echo", "What Thai food do I like?");
    expect(thai[0]!.source_ids).toContain("u1");
    const berlin = await ask("echo", "Where does my sister Ana visit from?");
    const carrier = berlin.find((c) => /Berlin/.test(c.text))!;
    expect(carrier.source_ids).toContain("u4");
    expect(berlin.indexOf(carrier)).toBe(0);
  });

  it("a chunk that shares only a topic's common words does not outrank the one with the specific fact", async () => {
    const cases: [string, string][] = [
      ["Find a Thai place for dinner", "f1"],
      ["Which restaurant would my sister enjoy?", "f2"],
      ["Any restaurant without peanuts?", "f3"],
      ["Which restaurants fit my budget in euros?", "f4"],
    ];
    for (const [question, id] of cases) {
      const [first] = await ask("foodie", question);
      expect(first!.source_ids, question).toContain(id);
    }
  });
});
