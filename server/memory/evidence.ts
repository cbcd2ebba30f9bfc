import { and, eq, like, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { textArray } from "@/db/sql";
import { documentChunks } from "@/db/schema";
import { CONVERSATION_CHUNK_PREFIX } from "@/server/ingest/process";

type Tx = Pick<Database, "delete">;

/**
 * Takes the conversation passages a memory was extracted from out of retrieval: the windows of
 * turns (`cnv_…` chunks, with their search rows by cascade) that contain any of its source
 * messages. Without this, a deleted or corrected fact came straight back from /chunks and /query
 * as a quoted excerpt ("I'm severely allergic to peanuts"). The messages themselves stay (the
 * user's data: in the export, erased with the user); the other facts said in those turns stay
 * as memories.
 */
export async function dropEvidenceWindows(tx: Tx, endUserId: string, sourceIds: string[]): Promise<number> {
  if (!sourceIds.length) return 0;
  const gone = await tx
    .delete(documentChunks)
    .where(
      and(
        eq(documentChunks.endUserId, endUserId),
        like(documentChunks.id, `${CONVERSATION_CHUNK_PREFIX}\\_%`),
        sql`${documentChunks.sourceIds} && ${textArray(sourceIds)}`,
      ),
    )
    .returning({ id: documentChunks.id });
  return gone.length;
}
