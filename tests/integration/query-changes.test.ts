import { beforeAll, describe, expect, it } from "vitest";
import { POST as query } from "@/app/(api)/query/route";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, type Sessions } from "../helpers/sessions";

/**
 * /query after a life changed (not LoCoMo: a nurse who changes jobs and gets engaged, over four
 * sessions): the answer is what holds now, what held before when asked about the past, and
 * never a conversation excerpt that says what a newer fact replaced.
 */
let t: TestWorkspace;
const USER = "changes-user";
const sessions: Sessions = [
  ["2025-02-03", [["I work as a nurse at St. Luke's in Chicago.", "Nursing is demanding! How long have you been there?"], ["Six years now. I'm single and live alone with my cat Pepper.", "Pepper sounds like good company."]]],
  ["2025-06-12", [["I started dating someone, his name is Marcus. He's a chef.", "That's exciting!"]]],
  ["2025-09-20", [["Big change: I left St. Luke's and joined a travel nursing agency.", "Wow, what prompted that?"]]],
  ["2025-11-05", [["Marcus and I got engaged last weekend!", "Congratulations Lena!"]]],
];
const ask = (question: string) => call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: USER, question, use_cache: false } });

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, USER, "Lena Okafor", sessions);
});

describe("POST /query after the user's life changed", () => {
  it("answers with the new job, and with the old one for the past", async () => {
    const now = await ask("Where does Lena work?");
    expect(now.body.answer).toMatch(/travel nursing agency/);
    expect(now.body.answer).not.toMatch(/^Big change/);
    const before = await ask("Where did Lena work before?");
    expect(before.body.answer).toMatch(/St\. Luke's/);
    expect(before.body.answer).toMatch(/until 20 September 2025/);
  });

  it("answers with the engagement, not the dating it replaced", async () => {
    const res = await ask("Is Lena in a relationship?");
    expect(res.body.answer).toMatch(/Marcus and Lena got engaged/);
    expect(res.body.answer).not.toMatch(/started dating/);
  });

  it("never answers from an excerpt with what a newer fact replaced", async () => {
    const res = await ask("Where does Lena live?");
    expect(res.body.answer).not.toMatch(/single/);
  });
});
