import { bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { environmentEnum, workspaces } from "./workspaces";

/** One row per public API call, for the portal's request logs. Never holds bodies or keys. */
export const requestLogs = pgTable(
  "request_logs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: text("request_id").notNull(),
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    environment: environmentEnum("environment"),
    apiKeyId: text("api_key_id"),
    method: text("method").notNull(),
    route: text("route").notNull(),
    status: integer("status").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    errorCode: text("error_code"),
    /** The error envelope's message and field, redacted: what the client was told, never what it sent. */
    errorMessage: text("error_message"),
    errorField: text("error_field"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("request_logs_ws_time_idx").on(t.workspaceId, t.environment, t.createdAt)],
);

export type RequestLog = typeof requestLogs.$inferSelect;
