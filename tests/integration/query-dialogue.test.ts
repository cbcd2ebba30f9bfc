import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * /query over a dialogue: what the user said about something when the agent asked about it
 * is part of the answer about that thing, and the answer cites it (not LoCoMo: a cycling
 * coach's user).
 */
let t: TestWorkspace;
const USER = "dialogue-user";
const at = (i: number) => new Date(Date.parse("2025-06-02T18:00:00Z") + i * 60_000).toISOString();
const CONVERSATION = [
  { id: "d-1", role: "assistant", content: "How was your weekend?", timestamp: at(0) },
  { id: "d-2", role: "user", content: "Really good. I finally bought a carbon road bike from the shop on Main Street.", timestamp: at(1) },
  { id: "d-3", role: "assistant", content: "Nice! What's it for?", timestamp: at(2) },
  { id: "d-4", role: "user", content: "It's for commuting, I want to stop driving to the office every day.", timestamp: at(3) },
  { id: "d-5", role: "assistant", content: "Good plan. Anything else new?", timestamp: at(4) },
  { id: "d-6", role: "user", content: "I started a pottery class on Tuesdays. Hope you like pottery too.", timestamp: at(5) },
  { id: "d-7", role: "assistant", content: "Fun! Here's the photo from my trip.", timestamp: at(6) },
  { id: "d-8", role: "user", content: "I started salsa lessons! Maria, that photo looks awesome.", timestamp: at(7) },
];
const ask = (question: string) => call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: USER, question, use_cache: false } });

beforeAll(async () => {
  t = await testWorkspace();
  expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: USER, traits: { name: "Robin Park" } } })).status).toBe(201);
  expect((await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: USER, message_history: CONVERSATION } })).status).toBe(200);
  await waitForIdle();
});

describe("POST /query over a dialogue", () => {
  it("adds what the user answered when asked about the thing, and cites that reply", async () => {
    const res = await ask("Why did Robin buy a road bike?");
    expect(res.status).toBe(200);
    expect(res.body.answer).toMatch(/road bike/);
    expect(res.body.answer).toMatch(/commuting/);
    const reply = (res.body.sources as { text: string; source_ids: string[] }[]).find((s) => /commuting/.test(s.text));
    // The reply is learned from the message it is about, the question and the reply itself.
    expect(reply?.source_ids).toEqual(["d-2", "d-3", "d-4"]);
  });

  it("does not go on with words to the other person", async () => {
    const res = await ask("What class did Robin start?");
    expect(res.body.answer).toMatch(/pottery/);
    expect(res.body.answer).not.toMatch(/hope|you/i);
    const course = await ask("What lessons did Robin start?");
    expect(course.body.answer).toMatch(/salsa lessons/);
    expect(course.body.answer).not.toMatch(/Maria|awesome/);
  });
});
