import { and, eq, sql } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { deliverWebhookJob } from "@/inngest/functions/deliver-webhook";
import { newId } from "@/server/lib/ids";
import { redactDeep } from "@/server/privacy";
import type { ServiceContext } from "@/server/service/context";
import type { PioEventType } from "@/server/service/events";

/** The JSON body every endpoint receives (docs/api.md, "Webhooks"). */
export interface WebhookEvent {
  id: string;
  type: PioEventType;
  created_at: string;
  environment: string;
  data: Record<string, unknown>;
}

/**
 * Announces an event to the workspace's endpoints in this environment that subscribe to it:
 * one delivery row per endpoint, each sent by the durable delivery job (retried with backoff,
 * server/webhooks/deliver.ts). Call it after the change has committed. With no subscriber it
 * costs one indexed query. `data` holds ids and counts; it is redacted all the same.
 */
export async function emitEvent(
  ctx: Pick<ServiceContext, "db" | "scope" | "jobs">,
  type: PioEventType,
  data: Record<string, unknown>,
): Promise<void> {
  const { workspaceId, environment } = ctx.scope;
  const endpoints = await ctx.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.workspaceId, workspaceId),
        eq(webhookEndpoints.environment, environment),
        sql`${type} = any(${webhookEndpoints.events})`,
      ),
    );
  if (endpoints.length === 0) return;
  const event: WebhookEvent = {
    id: newId("evt"),
    type,
    created_at: new Date().toISOString(),
    environment,
    data: redactDeep(data),
  };
  const rows = endpoints.map((e) => ({
    id: newId("whd"),
    workspaceId,
    environment,
    endpointId: e.id,
    eventId: event.id,
    eventType: type,
    payload: event as unknown as Record<string, unknown>,
  }));
  await ctx.db.insert(webhookDeliveries).values(rows);
  for (const row of rows) await ctx.jobs.send(deliverWebhookJob, { deliveryId: row.id });
}
