import { count, eq, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
import { endUsers } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { emitEvent } from "@/server/webhooks/emit";
import { endUsersDeleted } from "./delete";
import { changeEndUsers, requireEndUser } from "./find";

/**
 * Every table that holds rows of an end user: each table of the schema with an `end_user_id`
 * column, found from the schema itself so that a table added later is erased too (and the
 * erasure test, which reads the database's own catalog, fails if one is not).
 */
export function userTables(): PgTable[] {
  return (Object.values(schema) as unknown[]).filter(
    (v): v is PgTable => is(v, PgTable) && v !== endUsers && getTableConfig(v).columns.some((c) => c.name === "end_user_id"),
  );
}

/** The receipt's names for what was erased (a table not listed here is named as is). */
const RECEIPT_NAME: Record<string, string> = {
  search_index: "search_entries",
  search_terms: "search_terms",
  profile_summaries: "summaries",
  query_answers: "cached_answers",
  memory_versions: "memory_versions",
};

/**
 * DELETE /users/{user_id}: erases the user and everything of theirs — messages, documents,
 * chunks, memories and their history, vectors and search terms, summaries, Stage 3 entries and
 * runs, ingestions, cached answers, enrichment — in one transaction, and answers a receipt with
 * what was erased. Nothing of the user is left for /chunks, /summary, /query or /profile.
 */
export async function eraseUser(ctx: ServiceContext, input: { user_id: string }) {
  const user = await requireEndUser(ctx.db, ctx.scope, input.user_id);
  const tables = userTables();
  const counts: Record<string, number> = {};
  const erasedAt = new Date();
  const erased = await changeEndUsers(() => ctx.db.transaction(async (tx) => {
    // Locked first: an ingestion storing rows for this user finishes before, or fails after.
    const [locked] = await tx.select({ id: endUsers.id }).from(endUsers).where(eq(endUsers.id, user.id)).for("update");
    if (!locked) return false;
    for (const table of tables) {
      const name = getTableConfig(table).name;
      const column = sql`${sql.identifier("end_user_id")}`;
      const [row] = await tx.select({ n: count() }).from(table).where(sql`${column} = ${user.id}`);
      counts[RECEIPT_NAME[name] ?? name] = Number(row?.n ?? 0);
    }
    // Explicitly, whatever a table's foreign key says; children first is not needed (each
    // delete cascades to rows of the same user that reference it).
    for (const table of tables) await tx.delete(table).where(sql`${sql.identifier("end_user_id")} = ${user.id}`);
    await tx.delete(endUsers).where(eq(endUsers.id, user.id));
    return true;
  }));
  if (!erased) return eraseUser(ctx, input); // deleted meanwhile: answered as not found
  await endUsersDeleted(ctx.jobs);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await emitEvent(ctx, "user.deleted", { user_id: user.userId, erased_at: erasedAt.toISOString(), counts: { users: 1, ...counts } });
  return {
    user_id: user.userId,
    erased: true as const,
    erased_at: erasedAt.toISOString(),
    counts: { users: 1, ...counts } as Record<string, number>,
    total_rows: total + 1,
    request_id: ctx.requestId,
  };
}
