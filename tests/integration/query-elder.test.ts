import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as query } from "@/app/(api)/query/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, type Sessions } from "../helpers/sessions";

/**
 * A retired teacher (not LoCoMo, and written after the code): diabetes and its medication,
 * which changes; a penicillin allergy; a hearing aid and a request to text; a late husband, a
 * granddaughter. Asked the way an agent asks, by her name: the name is in every memory, so it
 * must not decide what is found, and the answer leads with what the question asks.
 */
let t: TestWorkspace;
const USER = "elder-user";
const sessions: Sessions = [
  ["2025-03-02", [
    ["Hello dear. I'm Ruth, I taught third grade for 31 years before I retired in 2019.", "Lovely to meet you, Ruth! What keeps you busy these days?"],
    ["Mostly my garden and my grandchildren. I have type 2 diabetes so I have to watch my sugar.", "That's important. Do you follow a particular diet?"],
    ["Low carb mostly. My doctor put me on metformin twice a day.", "Good to know. Anything else I should keep in mind?"],
    ["I wear a hearing aid in my left ear, so phone calls are hard for me. Please text instead of calling.", "Noted, I'll keep everything in writing."],
  ]],
  ["2025-05-18", [
    ["My granddaughter Sophie just graduated from nursing school! I'm so proud.", "Congratulations to Sophie!"],
    ["My late husband Harold would have loved to see it. He passed in 2021.", "I'm sorry for your loss. He'd be proud."],
    ["I'm allergic to penicillin, found that out the hard way last spring.", "Thank you for telling me, that's important."],
  ]],
  ["2025-08-30", [
    ["Big news, I sold the house on Maple Street and moved into Willow Creek senior living.", "That's a big step! How are you settling in?"],
    ["The people are nice. I joined the book club and the water aerobics class.", "That sounds wonderful."],
    ["Sophie's getting married in October to a fellow named Daniel.", "How exciting!"],
  ]],
  ["2025-11-10", [
    ["My doctor switched me from metformin to insulin injections last week.", "How are you finding the injections?"],
    ["Not fun but manageable. I also quit the water aerobics, my knees couldn't take it.", "Sorry to hear that. Maybe chair yoga?"],
  ]],
];
const ask = async (question: string) => (await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: USER, question, use_cache: false } })).body.answer as string;
const found = async (question: string, k = 3) =>
  ((await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body: { user_id: USER, history: [{ role: "user", content: question }], k } })).body.chunks as { text: string }[]).map((c) => c.text);

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, USER, "Ruth Abernathy", sessions);
});

describe("a user asked about by name", () => {
  it("finds what the question asks, not what only shares the user's name", async () => {
    const contact = await found("How should I contact Ruth?");
    expect(contact.slice(0, 2).join("\n")).toMatch(/text instead of calling/);
    expect(contact.join("\n")).not.toMatch(/^Ruth is so proud\.$/m);
    const meds = await found("What medications does Ruth take?");
    expect(meds.slice(0, 2).join("\n")).toMatch(/insulin/);
    expect(meds.join("\n")).not.toMatch(/^Ruth is so proud\.$/m);
  });

  it("answers a medication question with the medication that holds now", async () => {
    const answer = await ask("What medications does Ruth take?");
    expect(answer.split("\n")[0]).toMatch(/insulin/);
    expect(answer).not.toMatch(/water aerobics/);
    // The metformin it replaced is history, also where a conversation excerpt says it.
    expect(answer).not.toMatch(/put Ruth on metformin/);
  });

  it("answers a food question with what bears on eating, not a drug allergy", async () => {
    const answer = await ask("What should I know before suggesting a snack?");
    expect(answer).toMatch(/diabetes/);
    expect(answer).not.toMatch(/penicillin|garden/);
  });

  it("answers how to reach her with her request", async () => {
    expect(await ask("How should I contact Ruth?")).toMatch(/text instead of calling/);
  });

  it("answers about her marriage with her late husband, not a granddaughter's wedding", async () => {
    const answer = await ask("Is Ruth married?");
    expect(answer).toMatch(/Harold/);
    expect(answer).not.toMatch(/Sophie/);
  });

  it("answers who someone is with who they are to her first", async () => {
    expect(await ask("Who is Sophie?")).toMatch(/^[^.]*granddaughter/);
  });

  it("summarizes her family with the people in it", async () => {
    const res = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER } });
    expect(res.body.summary).toMatch(/Sophie/);
    expect(res.body.summary).toMatch(/insulin/);
    // A fragment reads with the question it answers, never alone.
    expect(res.body.summary).toMatch(/Asked "Do you follow a particular diet\?", Ruth said: Low carb mostly\./);
    expect(res.body.summary.replace(/Ruth said: Low carb mostly/g, "")).not.toMatch(/Low carb mostly/);
    expect(res.body.summary).toMatch(/He passed in 2021/);
  });
});
