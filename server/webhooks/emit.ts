import { and, eq, sql } from "drizzle-orm";
import { endUsers, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { textArray } from "@/db/sql";
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
  // The user it is about, so that erasing them erases these deliveries (not for user.deleted: gone already).
  let endUserId: string | null = null;
  if (type !== "user.deleted" && typeof data.user_id === "string") {
    const [user] = await ctx.db
      .select({ id: endUsers.id })
      .from(endUsers)
      .where(and(eq(endUsers.workspaceId, workspaceId), eq(endUsers.environment, environment), eq(endUsers.userId, data.user_id)))
      .limit(1);
    // Erased meanwhile: nothing to announce about them any more.
    if (!user) return;
    endUserId = user.id;
  }
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
    endUserId,
    eventId: event.id,
    eventType: type,
    payload: JSON.stringify(event),
  }));
  try {
    await ctx.db.insert(webhookDeliveries).values(rows);
  } catch (e) {
    // The user was erased between the lookup and the insert (foreign key): nothing to announce.
    if (endUserId && isForeignKeyViolation(e)) return;
    throw e;
  }
  for (const row of rows) await ctx.jobs.send(deliverWebhookJob, { deliveryId: row.id });
}

/** Whether any endpoint of the scope subscribes to one of `types` (one indexed query). */
export async function anySubscriber(ctx: Pick<ServiceContext, "db" | "scope">, types: PioEventType[]): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.workspaceId, ctx.scope.workspaceId),
        eq(webhookEndpoints.environment, ctx.scope.environment),
        sql`${webhookEndpoints.events} && ${textArray(types)}`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

function isForeignKeyViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    if ((cur as { code?: unknown }).code === "23503") return true;
  }
  return false;
}
