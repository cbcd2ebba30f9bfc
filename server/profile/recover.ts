import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { stage3Runs } from "@/db/schema";
import { thresholdFor } from "./stage3";

/**
 * Follow-ups of ingestions that a stopped process may have dropped (its job queue was in
 * memory), found from what the database says. Only for a database one process owns (the
 * embedded one): elsewhere another instance may be running them right now.
 */

/** Users whose stored summary is older than their traits or a memory it summarizes. */
export async function staleSummaryUsers(db: Database): Promise<string[]> {
  const rows = await db.execute<{ end_user_id: string }>(sql`
    select s.end_user_id from profile_summaries s join end_users u on u.id = s.end_user_id
    group by s.end_user_id, u.updated_at
    having u.updated_at > min(s.generated_at)
        or exists (select 1 from memories m where m.end_user_id = s.end_user_id and m.updated_at > min(s.generated_at))`);
  return rows.rows.map((r) => r.end_user_id);
}

/**
 * Stage 3 runs to start: runs claimed by a process that stopped before finishing them (their
 * claim is released, so the run can claim again), and thresholds reached with no run.
 */
export async function pendingStage3Runs(db: Database): Promise<{ endUserId: string; threshold: number }[]> {
  const abandoned = await db
    .delete(stage3Runs)
    .where(eq(stage3Runs.status, "running"))
    .returning({ endUserId: stage3Runs.endUserId, threshold: stage3Runs.threshold });
  const counts = await db.execute<{ end_user_id: string; n: number; done: number | null }>(sql`
    select m.end_user_id, count(*)::int as n, (select max(r.threshold) from stage3_runs r where r.end_user_id = m.end_user_id) as done
    from memories m group by m.end_user_id having count(*) >= 1`);
  const due = new Map(abandoned.map((r) => [r.endUserId, r.threshold]));
  for (const r of counts.rows) {
    const t = thresholdFor(Number(r.n));
    if (t !== null && (r.done === null || Number(r.done) < t)) due.set(r.end_user_id, Math.max(t, due.get(r.end_user_id) ?? 0));
  }
  return [...due].map(([endUserId, threshold]) => ({ endUserId, threshold }));
}
