import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { endUsers } from "./end-users";
import { environmentEnum, workspaces } from "./workspaces";

export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

/**
 * A developer's webhook endpoint, per workspace and environment. The signing secret must be
 * readable to sign each delivery, so it is stored encrypted (AES-256-GCM, server/webhooks/secret.ts),
 * never in clear; only its display start is shown again after creation.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    environment: environmentEnum("environment").notNull(),
    url: text("url").notNull(),
    description: text("description"),
    /** The event types it subscribes to (server/service/events.ts). */
    events: text("events").array().notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    /** `whsec_` and a few characters, to tell secrets apart in the portal. */
    secretStart: text("secret_start").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_scope_idx").on(t.workspaceId, t.environment)],
);

/** One event sent (or being sent) to one endpoint, with the outcome of its last attempt. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    environment: environmentEnum("environment").notNull(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /**
     * The end user the event is about (its `data.user_id`), so that erasing the user erases the
     * deliveries that name them. Null for `user.deleted` (sent after the erasure) and events of no user.
     */
    endUserId: text("end_user_id").references(() => endUsers.id, { onDelete: "cascade" }),
    /** The event's id (`evt_…`): the same for every endpoint it went to, and on a resend. */
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The exact JSON body that is signed and sent (ids and counts, redacted), byte for byte. */
    payload: text("payload").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /** Set on a resend: the delivery it repeats. */
    resendOf: text("resend_of"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_scope_idx").on(t.workspaceId, t.environment, t.createdAt),
    index("webhook_deliveries_user_idx").on(t.endUserId),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
