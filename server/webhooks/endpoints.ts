import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookDeliveryStatus, type WebhookEndpoint } from "@/db/schema";
import { deliverWebhookJob } from "@/inngest/functions/deliver-webhook";
import { newId } from "@/server/lib/ids";
import { checkUrl, UnsafeUrlError } from "@/server/profile/safe-fetch";
import type { ServiceContext } from "@/server/service/context";
import { conflictError, invalidError, notFoundError } from "@/server/service/errors";
import { PIO_EVENT_TYPES, type PioEventType } from "@/server/service/events";
import { allowedTestHosts } from "./config";
import { encryptSecret, generateSigningSecret, secretStart } from "./secret";

/**
 * Webhook endpoints and their delivery log, per workspace and environment (the portal's
 * settings page calls these through tRPC). Secrets are returned only by create and rotate.
 */
export const MAX_ENDPOINTS = 20;
const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION = 200;

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  events: PioEventType[];
  secretStart: string;
  environment: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  resendOf: string | null;
  createdAt: Date;
  payload: Record<string, unknown>;
}

const endpointView = (e: WebhookEndpoint): WebhookEndpointView => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events as PioEventType[],
  secretStart: e.secretStart,
  environment: e.environment,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const deliveryView = (d: WebhookDelivery): WebhookDeliveryView => ({
  id: d.id,
  endpointId: d.endpointId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  lastError: d.lastError,
  nextAttemptAt: d.nextAttemptAt,
  deliveredAt: d.deliveredAt,
  resendOf: d.resendOf,
  createdAt: d.createdAt,
  payload: JSON.parse(d.payload) as Record<string, unknown>,
});

type Ctx = Pick<ServiceContext, "db" | "scope">;

/**
 * A URL deliveries may go to: http(s), no credentials, not a private or local address
 * (checked again, with DNS, at every delivery), https in the live environment.
 */
function validUrl(ctx: Ctx, raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") throw invalidError("url", "Enter the URL that should receive events.");
  const text = raw.trim();
  if (text.length > MAX_URL_LENGTH) throw invalidError("url", `The URL must be at most ${MAX_URL_LENGTH} characters.`);
  let checked;
  try {
    checked = checkUrl(text, allowedTestHosts());
  } catch (e) {
    if (!(e instanceof UnsafeUrlError)) throw e;
    const why: Record<UnsafeUrlError["code"], string> = {
      invalid_url: "Enter a full URL, e.g. https://example.com/webhooks/pio.",
      scheme: "The URL must start with https:// (or http:// in sandbox).",
      credentials: "The URL must not contain a user name or password.",
      blocked_host: "The URL must point to a public host, not a local or internal name.",
      private_address: "The URL must point to a public address, not a private, loopback or link-local one.",
      pin_mismatch: "The URL must point to a public address.",
    };
    throw invalidError("url", why[e.code]);
  }
  if (ctx.scope.environment === "live" && checked.url.protocol !== "https:" && !checked.allowed) {
    throw invalidError("url", "Live endpoints must use https://.");
  }
  checked.url.hash = "";
  return checked.url.href;
}

function validEvents(raw: unknown): PioEventType[] {
  if (!Array.isArray(raw) || raw.length === 0) throw invalidError("events", "Choose at least one event.");
  const known = new Set<string>(PIO_EVENT_TYPES);
  const unknown = raw.find((e) => typeof e !== "string" || !known.has(e));
  if (unknown !== undefined) {
    throw invalidError("events", `Unknown event ${JSON.stringify(unknown)}: use one of ${PIO_EVENT_TYPES.join(", ")}.`);
  }
  return PIO_EVENT_TYPES.filter((e) => raw.includes(e));
}

function validDescription(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "string") throw invalidError("description", "The description must be text.");
  const text = raw.trim();
  if (text.length > MAX_DESCRIPTION) throw invalidError("description", `Use at most ${MAX_DESCRIPTION} characters.`);
  return text || null;
}

const inScope = (ctx: Ctx) =>
  and(eq(webhookEndpoints.workspaceId, ctx.scope.workspaceId), eq(webhookEndpoints.environment, ctx.scope.environment));

async function ownEndpoint(ctx: Ctx, id: string): Promise<WebhookEndpoint> {
  const [row] = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(inScope(ctx), eq(webhookEndpoints.id, String(id))))
    .limit(1);
  if (!row) throw notFoundError("webhook_endpoint_not_found", "No such webhook endpoint in this environment.");
  return row;
}

export async function listWebhookEndpoints(ctx: Ctx): Promise<WebhookEndpointView[]> {
  const rows = await ctx.db.select().from(webhookEndpoints).where(inScope(ctx)).orderBy(webhookEndpoints.createdAt);
  return rows.map(endpointView);
}

export interface EndpointInput {
  url: unknown;
  events: unknown;
  description?: unknown;
}

/** Creates an endpoint; the signing secret is in this answer only. */
export async function createWebhookEndpoint(
  ctx: Ctx & Pick<ServiceContext, "actor">,
  input: EndpointInput,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const url = validUrl(ctx, input.url);
  const events = validEvents(input.events);
  const description = validDescription(input.description);
  const [{ count } = { count: 0 }] = await ctx.db.select({ count: sql<number>`count(*)::int` }).from(webhookEndpoints).where(inScope(ctx));
  if (count >= MAX_ENDPOINTS) throw conflictError("too_many_webhook_endpoints", `At most ${MAX_ENDPOINTS} endpoints per environment.`);
  const secret = generateSigningSecret();
  const [row] = await ctx.db
    .insert(webhookEndpoints)
    .values({
      id: newId("whe"),
      workspaceId: ctx.scope.workspaceId,
      environment: ctx.scope.environment,
      url,
      events,
      description,
      secretCiphertext: encryptSecret(secret),
      secretStart: secretStart(secret),
      createdBy: ctx.actor.kind === "account" ? ctx.actor.accountId : null,
    })
    .returning();
  return { endpoint: endpointView(row!), secret };
}

export async function updateWebhookEndpoint(
  ctx: Ctx,
  input: { id: string; url?: unknown; events?: unknown; description?: unknown },
): Promise<WebhookEndpointView> {
  const existing = await ownEndpoint(ctx, input.id);
  const set: Partial<WebhookEndpoint> = { updatedAt: new Date() };
  if (input.url !== undefined) set.url = validUrl(ctx, input.url);
  if (input.events !== undefined) set.events = validEvents(input.events);
  if (input.description !== undefined) set.description = validDescription(input.description);
  const [row] = await ctx.db.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, existing.id)).returning();
  return endpointView(row!);
}

/** Deletes the endpoint and its delivery log; pending retries stop. */
export async function deleteWebhookEndpoint(ctx: Ctx, input: { id: string }): Promise<{ id: string; deleted: true }> {
  const existing = await ownEndpoint(ctx, input.id);
  await ctx.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, existing.id));
  return { id: existing.id, deleted: true };
}

/** A new secret at once (the old one stops signing); shown in this answer only. */
export async function rotateWebhookSecret(ctx: Ctx, input: { id: string }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const existing = await ownEndpoint(ctx, input.id);
  const secret = generateSigningSecret();
  const [row] = await ctx.db
    .update(webhookEndpoints)
    .set({ secretCiphertext: encryptSecret(secret), secretStart: secretStart(secret), updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, existing.id))
    .returning();
  return { endpoint: endpointView(row!), secret };
}

const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

/** The delivery log, newest first, `limit` per page; `cursor` is the last id of the previous page. */
export async function listWebhookDeliveries(
  ctx: Ctx,
  input: { endpointId?: string; status?: string; cursor?: string; limit?: number },
): Promise<{ deliveries: WebhookDeliveryView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.floor(input.limit ?? 25), 1), 100);
  if (input.status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(input.status)) {
    throw invalidError("status", `Status must be one of ${DELIVERY_STATUSES.join(", ")}.`);
  }
  if (input.endpointId) await ownEndpoint(ctx, input.endpointId);
  const conditions = [eq(webhookDeliveries.workspaceId, ctx.scope.workspaceId), eq(webhookDeliveries.environment, ctx.scope.environment)];
  if (input.endpointId) conditions.push(eq(webhookDeliveries.endpointId, input.endpointId));
  if (input.status) conditions.push(eq(webhookDeliveries.status, input.status as WebhookDeliveryStatus));
  if (input.cursor) {
    const [after] = await ctx.db
      .select({ createdAt: webhookDeliveries.createdAt, id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(...conditions, eq(webhookDeliveries.id, input.cursor)))
      .limit(1);
    if (!after) throw invalidError("cursor", "The cursor is not valid for this list.");
    conditions.push(
      or(lt(webhookDeliveries.createdAt, after.createdAt), and(eq(webhookDeliveries.createdAt, after.createdAt), lt(webhookDeliveries.id, after.id)))!,
    );
  }
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { deliveries: page.map(deliveryView), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** Sends a delivery's event again, as a new delivery (same event id) with its own attempts. */
export async function resendWebhookDelivery(ctx: Ctx & Pick<ServiceContext, "jobs">, input: { id: string }): Promise<WebhookDeliveryView> {
  const [original] = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, ctx.scope.workspaceId),
        eq(webhookDeliveries.environment, ctx.scope.environment),
        eq(webhookDeliveries.id, String(input.id)),
      ),
    )
    .limit(1);
  if (!original) throw notFoundError("webhook_delivery_not_found", "No such delivery in this environment.");
  const [row] = await ctx.db
    .insert(webhookDeliveries)
    .values({
      id: newId("whd"),
      workspaceId: original.workspaceId,
      environment: original.environment,
      endpointId: original.endpointId,
      endUserId: original.endUserId,
      eventId: original.eventId,
      eventType: original.eventType,
      payload: original.payload,
      resendOf: original.id,
    })
    .returning();
  await ctx.jobs.send(deliverWebhookJob, { deliveryId: row!.id });
  return deliveryView(row!);
}
