import { getDb } from "@/db/client";
import type { EndUser } from "@/db/schema";
import { firstNameOf, loadFacts, userDisplayName, type ModelFact } from "@/server/profile/model";
import {
  answerQuestion,
  finishStage3Run,
  loadEndUser,
  planQuestions,
  refreshStage3,
  startStage3Run,
  storeStage3Answers,
  type Stage3Answer,
} from "@/server/profile/stage3";
import { safeErrorMessage } from "@/server/lib/log";
import { emitStage3Completed } from "@/server/webhooks/pipeline-events";
import { defineJob } from "../define";

export interface Stage3JobData extends Record<string, unknown> {
  endUserId: string;
  threshold: number;
}

/**
 * Stage 3, agentic search: at a memory-count threshold, plan questions about the user (per
 * topic of the user model), answer each from its topic's facts, and store the cited answers as
 * searchable entries. One run per user and threshold (idempotent), one run per user at a time.
 */
export const stage3Job = defineJob<Stage3JobData>({
  id: "stage3-agentic-search",
  event: "pio/stage3.requested",
  concurrencyKey: { field: "endUserId", limit: 1 },
  idempotencyKey: ["endUserId", "threshold"],
  retries: 2,
  handler: async ({ data, step }) => {
    const db = await getDb();
    // The user and their facts, read once per invocation by the steps that need them (the
    // in-process runner runs every step in one invocation; Inngest calls once per step).
    let model: Promise<{ user: EndUser; facts: ModelFact[] } | null> | undefined;
    const loadModel = () =>
      (model ??= (async () => {
        const user = await loadEndUser(db, data.endUserId);
        return user ? { user, facts: (await loadFacts(db, user.id)).facts } : null;
      })());
    const runId = await step.run("claim", async () => {
      const user = await loadEndUser(db, data.endUserId);
      return user ? startStage3Run(db, user, data.threshold) : null;
    });
    if (!runId) return { skipped: true };
    const questions = await step.run("plan-questions", async () => {
      const m = await loadModel();
      return m ? planQuestions(db, m.user, m.facts) : [];
    });
    const answers: Stage3Answer[] = [];
    for (const q of questions) {
      const a = await step.run(`answer-${q.index}`, async () => {
        const m = await loadModel();
        if (!m) return null;
        return answerQuestion(q, m.facts, firstNameOf(userDisplayName(m.user.traits)));
      });
      if (a) answers.push(a);
    }
    await step.run("store", async () => {
      const user = await loadEndUser(db, data.endUserId);
      if (user) await storeStage3Answers(db, user, answers, data.threshold);
      await finishStage3Run(db, runId, answers.length);
    });
    await step.run("webhooks", async () => {
      const user = await loadEndUser(db, data.endUserId);
      if (user) await emitStage3Completed(db, user, { threshold: data.threshold, questions: questions.length, answered: answers.length });
    });
    return { questions: questions.length, answered: answers.length };
  },
  onFailure: async ({ data, error }) => {
    const db = await getDb();
    const { stage3Runs } = await import("@/db/schema");
    const { and, eq } = await import("drizzle-orm");
    await db
      .update(stage3Runs)
      .set({ status: "failed", error: safeErrorMessage(error), finishedAt: new Date() })
      .where(and(eq(stage3Runs.endUserId, data.endUserId), eq(stage3Runs.threshold, data.threshold)));
  },
});

export interface Stage3RefreshData extends Record<string, unknown> {
  endUserId: string;
}

/**
 * Keeps Stage 3 answers true to the model: after facts change (an ingestion, a deletion), the
 * entries whose topic facts changed are answered again. Debounced per user.
 */
export const stage3RefreshJob = defineJob<Stage3RefreshData>({
  id: "stage3-refresh",
  event: "pio/stage3.refresh",
  concurrencyKey: { field: "endUserId", limit: 1 },
  debounceMs: { field: "endUserId", period: 1000 },
  retries: 2,
  handler: async ({ data, step }) =>
    step.run("refresh", async () => {
      const db = await getDb();
      const user = await loadEndUser(db, data.endUserId);
      return user ? refreshStage3(db, user) : 0;
    }),
});
