import { getDb } from "@/db/client";
import { retrySchedule } from "@/server/webhooks/config";
import { attemptDelivery, markDeliveryFailed, msUntilDue } from "@/server/webhooks/deliver";
import { defineJob } from "../define";

export interface WebhookDeliveryJobData extends Record<string, unknown> {
  deliveryId: string;
}

/**
 * Sends one webhook delivery: an attempt, a durable sleep of the retry schedule
 * (WEBHOOK_RETRY_SCHEDULE), another attempt… until a 2xx answer or the schedule is spent.
 * Each attempt is a step, so a restart resumes at the next one instead of sending again.
 */
export const deliverWebhookJob = defineJob<WebhookDeliveryJobData>({
  id: "deliver-webhook",
  event: "pio/webhook.delivery",
  idempotencyKey: ["deliveryId"],
  // Retries of the job are for unexpected errors (the database); HTTP failures follow the schedule.
  retries: 2,
  handler: async ({ data, step }) => {
    const schedule = retrySchedule();
    // Resumed after a restart: wait for the retry that was due.
    const due = await step.run("due", async () => msUntilDue(await getDb(), data.deliveryId));
    if (due === null) return { status: "ended" };
    if (due > 0) await step.sleep("wait-due", due);
    for (let i = 1; ; i++) {
      const outcome = await step.run(`attempt-${i}`, async () => attemptDelivery(await getDb(), data.deliveryId, schedule));
      if (outcome.final) return { status: outcome.status };
      await step.sleep(`wait-${i}`, outcome.retryInMs);
    }
  },
  onFailure: async ({ data, error }) => markDeliveryFailed(await getDb(), data.deliveryId, error),
});
