import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { endUsers, profileSummaries } from "@/db/schema";
import { redactForStorage } from "@/server/privacy/storage";
import type { ReadContext } from "@/server/service/context";
import { endUserWhere, findEndUserWith, userNotFound } from "@/server/users/find";
import { purposeKeyOf, readWithStoredSummary, refreshSummary, storedSummary, summaryAt } from "./summary";

export const summaryQuery = z.object({
  user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128),
  max_chars: z
    .string()
    .regex(/^\d+$/, "must be a whole number of characters, e.g. 1000")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(20_000, "must be at most 20000"))
    .optional(),
  purpose: z.string().trim().max(200, "must be at most 200 characters").optional(),
});
export type SummaryQuery = z.infer<typeof summaryQuery>;

/**
 * GET /summary: the stored summary (no generation on the request path when one exists); a
 * user or purpose without one yet gets it generated now and stored.
 */
export async function getSummary({ db, scope }: ReadContext, q: SummaryQuery) {
  // A purpose is stored with its summary: redacted first (docs/privacy.md).
  const purpose = (await redactForStorage(q.purpose)) || null;
  const purposeKey = purposeKeyOf(purpose);
  // The user and their stored summary: from memory on the embedded database when both are
  // there, else in one statement (one round trip per request).
  const found = await findEndUserWith(scope, q.user_id, {
    related: (user) => storedSummary(db, user.id, purposeKey),
    joined: () =>
      readWithStoredSummary(async () => {
        const [row] = await db
          .select({ user: endUsers, related: profileSummaries })
          .from(endUsers)
          .leftJoin(profileSummaries, and(eq(profileSummaries.endUserId, endUsers.id), eq(profileSummaries.purposeKey, purposeKey)))
          .where(endUserWhere(scope, q.user_id))
          .limit(1);
        return row ?? null;
      }),
  });
  if (!found) throw userNotFound(q.user_id);
  const { user, related: stored } = found;
  const row = stored ?? (await refreshSummary(db, user, purpose)).row;
  return {
    user_id: user.userId,
    generated_at: row.generatedAt.toISOString(),
    purpose,
    summary: summaryAt(row, q.max_chars ?? 1000),
    cached: Boolean(stored),
  };
}
