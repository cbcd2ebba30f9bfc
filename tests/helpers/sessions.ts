import { expect } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
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
