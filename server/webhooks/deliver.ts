import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { redactText } from "@/server/privacy";
import { FetchFailedError, safePost, UnsafeUrlError } from "@/server/profile/safe-fetch";
import { allowedTestHosts, deliveryTimeoutMs } from "./config";
import { decryptSecret, SecretUnreadableError } from "./secret";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

export type AttemptOutcome =
  | { final: true; status: "succeeded" | "failed" | "gone" }
  | { final: false; retryInMs: number };

const USER_AGENT = "Pio-Webhooks/1.0 (+https://pio.dev/docs#webhooks)";

/** What the delivery log says about an answer: the status and the start of its body, redacted. */
function describeAnswer(status: number, body: string): string {
  const snippet = redactText(body.replace(/\s+/g, " ").trim().slice(0, 200)).text;
  return snippet ? `HTTP ${status}: ${snippet}` : `HTTP ${status}`;
}

/**
 * One attempt at a delivery (its number follows the attempts recorded on the row): signs the stored payload, POSTs it
 * through the SSRF-safe client and records the outcome. A 2xx answer succeeds; anything else
 * is retried after `schedule[attempt - 1]` ms, and once the schedule is spent the delivery is
 * marked failed. A URL refused by the address policy or an unreadable secret fails at once.
 */
export async function attemptDelivery(db: Database, deliveryId: string, schedule: number[]): Promise<AttemptOutcome> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, url: webhookEndpoints.url, secretCiphertext: webhookEndpoints.secretCiphertext })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  // The endpoint (and with it its deliveries) was deleted, or this delivery already ended.
  if (!row) return { final: true, status: "gone" };
  if (row.delivery.status !== "pending") return { final: true, status: row.delivery.status };
  const attempt = row.delivery.attempts + 1;

  let responseStatus: number | null = null;
  let error: string | null = null;
  let retryable = true;
  try {
    const secret = decryptSecret(row.secretCiphertext);
    const body = row.delivery.payload;
    const answer = await safePost(row.url, body, {
      timeoutMs: deliveryTimeoutMs(),
      allowHosts: allowedTestHosts(),
      userAgent: USER_AGENT,
      headers: {
        "Content-Type": "application/json",
        [SIGNATURE_HEADER]: signatureHeader(secret, body),
        "Pio-Event-Id": row.delivery.eventId,
        "Pio-Event-Type": row.delivery.eventType,
        "Pio-Delivery-Id": row.delivery.id,
      },
    });
    responseStatus = answer.status;
    if (answer.status < 200 || answer.status > 299) error = describeAnswer(answer.status, answer.body);
  } catch (e) {
    if (e instanceof UnsafeUrlError || e instanceof SecretUnreadableError) {
      retryable = false;
      error = e instanceof UnsafeUrlError ? `refused: ${e.message}` : e.message;
    } else if (e instanceof FetchFailedError) {
      error = e.message;
    } else {
      throw e;
    }
  }

  const now = new Date();
  if (error === null) {
    await db
      .update(webhookDeliveries)
      .set({ status: "succeeded", attempts: attempt, responseStatus, lastError: null, nextAttemptAt: null, deliveredAt: now, updatedAt: now })
      .where(eq(webhookDeliveries.id, deliveryId));
    return { final: true, status: "succeeded" };
  }
  const wait = retryable ? schedule[attempt - 1] : undefined;
  if (wait === undefined) {
    await db
      .update(webhookDeliveries)
      .set({ status: "failed", attempts: attempt, responseStatus, lastError: error, nextAttemptAt: null, updatedAt: now })
      .where(eq(webhookDeliveries.id, deliveryId));
    return { final: true, status: "failed" };
  }
  await db
    .update(webhookDeliveries)
    .set({ attempts: attempt, responseStatus, lastError: error, nextAttemptAt: new Date(now.getTime() + wait), updatedAt: now })
    .where(eq(webhookDeliveries.id, deliveryId));
  return { final: false, retryInMs: wait };
}

/** The job itself failed (e.g. the database was unreachable through every retry). */
export async function markDeliveryFailed(db: Database, deliveryId: string, error: Error): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: `delivery job failed: ${error.message.slice(0, 500)}`, nextAttemptAt: null, updatedAt: new Date() })
    .where(eq(webhookDeliveries.id, deliveryId));
}

/** How long until a pending delivery's next attempt is due (0: now); null once it has ended. */
export async function msUntilDue(db: Database, deliveryId: string, now = Date.now()): Promise<number | null> {
  const [row] = await db
    .select({ status: webhookDeliveries.status, nextAttemptAt: webhookDeliveries.nextAttemptAt })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.status !== "pending") return null;
  return row.nextAttemptAt ? Math.max(0, row.nextAttemptAt.getTime() - now) : 0;
}

/** Deliveries still to be attempted (after a restart of the in-process runner). */
export async function pendingDeliveries(db: Database): Promise<{ deliveryId: string }[]> {
  const rows = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.status, "pending"));
  return rows.map((r) => ({ deliveryId: r.id }));
}
