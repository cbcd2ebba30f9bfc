import { expect } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as memories } from "@/app/(api)/memories/route";
import { POST as query } from "@/app/(api)/query/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { POST as register } from "@/app/(api)/register/route";
import { waitForIdle } from "@/inngest/runner";
import { call, type TestWorkspace } from "./api";

/** A conversation as sessions: a day, and its (user, assistant) turn pairs. */
export type Sessions = [day: string, pairs: [user: string, assistant: string][]][];

/**
 * Registers `userId` with `name` and ingests each session as one /ingest (turn i of a session at
 * `hour`:0i, its answer 30 s later), waiting for the processing after each, as a client would.
 */
export async function ingestSessions(t: TestWorkspace, userId: string, name: string, sessions: Sessions, hour = "18"): Promise<void> {
  expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: userId, traits: { name } } })).status).toBe(201);
  for (const [day, pairs] of sessions) {
    const message_history = pairs.flatMap(([u, a], i) => [
      { role: "user", content: u, timestamp: `${day}T${hour}:0${i}:00Z` },
      { role: "assistant", content: a, timestamp: `${day}T${hour}:0${i}:30Z` },
    ]);
    expect((await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: userId, message_history } })).status).toBe(200);
    await waitForIdle();
  }
}

/**
 * What an agent reads of a user, through the route handlers: a /query answer (no cache), the
 * texts of /chunks, the /summary, and the current facts of /memories. `workspace` is read at
 * each call (a suite's workspace is made in its beforeAll).
 */
export function reading(workspace: () => TestWorkspace) {
  const key = () => workspace().keys.sandbox;
  return {
    ask: async (user: string, question: string) =>
      (await call(query, "POST", "/query", { key: key(), body: { user_id: user, question, use_cache: false } })).body.answer as string,
    found: async (user: string, question: string, k = 5) =>
      ((await call(chunks, "POST", "/chunks", { key: key(), body: { user_id: user, history: [{ role: "user", content: question }], k } })).body.chunks as { text: string }[]).map((c) => c.text),
    summaryOf: async (user: string) => (await call(summary, "GET", "/summary", { key: key(), query: { user_id: user } })).body.summary as string,
    current: async (user: string) =>
      ((await call(memories, "GET", "/memories", { key: key(), query: { user_id: user, limit: 100 } })).body.memories as { text: string; status: string }[])
        .filter((m) => m.status === "current")
        .map((m) => m.text),
  };
}
