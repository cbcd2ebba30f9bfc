import { pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const environmentEnum = pgEnum("environment", ["sandbox", "live"]);
export type Environment = (typeof environmentEnum.enumValues)[number];

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  useCase: text("use_case"),
  region: text("region").notNull().default("us-east-1"),
  timezone: text("timezone").notNull().default("UTC"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Workspace = typeof workspaces.$inferSelect;
