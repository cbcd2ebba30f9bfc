import { beforeAll, describe, expect, it } from "vitest";
import { POST as query } from "@/app/(api)/query/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, type Sessions } from "../helpers/sessions";

/**
 * A freelance designer who uses an agent for work (written after the code, not LoCoMo): hours,
 * clients, a day rate, a partner and a kid, and celiac disease said in passing while asking for
 * a restaurant. What an agent asks must come back right, the safety fact first.
 */
let t: TestWorkspace;
const USER = "freelancer";
const sessions: Sessions = [
  ["2025-04-07", [
    ["Hi! Quick context: I'm a freelance brand designer based in Lisbon, mostly working with early-stage startups. My pronouns are they/them.", "Thanks Sam, noted. What do you need help with?"],
    ["Mainly keeping track of clients and deadlines. Please keep replies short and use bullet points, I skim everything.", "Will do."],
    ["My main client right now is Verdant, a climate fintech. Their CMO is Ana Ribeiro, you can reach her at ana@verdant.io.", "Got it. Any working-hours preferences?"],
    ["I work 9 to 5 Lisbon time, Monday to Thursday. Fridays are for my kid, Tomi.", "Noted: no Friday scheduling."],
  ]],
  ["2025-06-16", [
    ["I'm speaking at a design conference in Berlin on July 10th. Can you help me find a gluten-free restaurant near the venue? I have celiac disease.", "Of course. Any cuisine preferences?"],
    ["Anything but seafood, I really don't like it. My partner Jess is coming with me.", "Great, I'll look for gluten-free, non-seafood options."],
  ]],
  ["2025-09-01", [
    ["Update: Verdant's contract ended in August. I signed a new retainer with Halcyon Health starting this month.", "Congrats! Who's your contact there?"],
    ["Also I raised my day rate to 650 euros.", "Good for you."],
  ]],
];
const ask = async (question: string) => (await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: USER, question, use_cache: false } })).body.answer as string;

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, USER, "Sam Okoro", sessions, "09");
});

describe("a freelancer's agent asks", () => {
  it("what they can eat: celiac disease first", async () => {
    const answer = await ask("What can Sam eat?");
    expect(answer).toMatch(/^Sam has celiac disease/);
    expect(answer).toMatch(/seafood/);
  });

  it("when they are available: their hours", async () => {
    const answer = await ask("When is Sam available for meetings?");
    expect(answer).toMatch(/Sam works 9 to 5 Lisbon time, Monday to Thursday/);
    expect(answer).not.toMatch(/designer|mentioned on/);
  });

  it("where they live, and who their family is (a partner is family)", async () => {
    expect(await ask("Where does Sam live?")).toMatch(/Lisbon/);
    const family = await ask("Who is in Sam's family?");
    expect(family).toMatch(/Jess/);
    expect(family).toMatch(/Tomi/);
  });

  it("files the new retainer under work and keeps the lead-in out of the summary", async () => {
    const res = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER } });
    expect(res.body.summary).toMatch(/celiac/);
    expect(res.body.summary).not.toMatch(/Quick context|Update:/);
    expect(res.body.summary).not.toMatch(/Health & diet:[^.]*Halcyon/);
  });
});
