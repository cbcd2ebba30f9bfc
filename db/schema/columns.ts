import { customType, text, timestamp } from "drizzle-orm/pg-core";
import { environmentEnum, workspaces } from "./workspaces";
import { endUsers } from "./end-users";

/** Postgres full-text vector, always generated from a text column. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** Every row is scoped to one workspace, one environment and (below) one end user. */
export const scoped = () => ({
  workspaceId: text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  environment: environmentEnum("environment").notNull(),
  endUserId: text("end_user_id")
    .notNull()
    .references(() => endUsers.id, { onDelete: "cascade" }),
});

export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
