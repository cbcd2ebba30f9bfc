import { customType, text, timestamp } from "drizzle-orm/pg-core";
import { EMBEDDING_DIMENSIONS } from "../../server/ai/types";
import { vectorBytes } from "../vector";
import { environmentEnum, workspaces } from "./workspaces";
import { endUsers } from "./end-users";

/** Postgres full-text vector, always generated from a text column. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * A pgvector column written in pgvector's binary format (see db/vector.ts): parsing 384 floats
 * from text cost ~0.4 ms per vector in the embedded database, the largest single cost of
 * storing a memory. Read back (rarely) from pgvector's text form.
 */
export const vector384 = customType<{ data: number[]; driverData: Buffer | string }>({
  dataType: () => `vector(${EMBEDDING_DIMENSIONS})`,
  toDriver: (v) => vectorBytes(v),
  fromDriver: (v) => (typeof v === "string" ? (JSON.parse(v) as number[]) : Array.from(new Float32Array(v.buffer))),
});

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
