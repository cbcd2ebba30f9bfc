import { escapeLike } from "@/db/sql";
import { FREE_JSON_LIMITS } from "@/server/http/input";
import { capJsonDepth } from "@/server/lib/json";
import { storedIdentifier } from "@/server/privacy/storage";
import { and, asc, count, desc, eq, like, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  documentChunks,
  documents,
  endUsers,
  ingestions,
  memories,
  messages,
  profileSummaries,
  stage3Entries,
  type EndUser,
} from "@/db/schema";
import { TOPICS } from "@/server/memory/facts/taxonomy";
import { loadUserModel } from "@/server/profile/model";
import { findEndUser } from "@/server/users/find";
import { displayName } from "@/server/users/list";
import { hashEmail, type Scope } from "@/server/users/register";

export const EXPLORER_PAGE_SIZE = 25;

const inScope = (scope: Scope) => and(eq(endUsers.workspaceId, scope.workspaceId), eq(endUsers.environment, scope.environment));


export interface EndUserListItem {
  userId: string;
  emailMasked: string | null;
  name: string | null;
  purpose: string | null;
  memoryCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One page of end users, newest first. A search matches a user_id prefix, or an exact email
 * (emails are stored only as a workspace-scoped hash, so the query is hashed the same way).
 */
export async function listEndUsers(
  db: Database,
  scope: Scope,
  opts: { search?: string; page?: number; pageSize?: number } = {},
): Promise<{ users: EndUserListItem[]; total: number; page: number; pageCount: number; pageSize: number }> {
  const pageSize = opts.pageSize ?? EXPLORER_PAGE_SIZE;
  const q = opts.search?.trim() ?? "";
  const match = q
    ? or(
        like(endUsers.userId, `${escapeLike(q)}%`),
        eq(endUsers.userId, storedIdentifier(scope.workspaceId, q)), // a user_id stored as a pseudonym
        q.includes("@") ? eq(endUsers.emailHash, hashEmail(scope.workspaceId, q)) : undefined,
      )
    : undefined;
  const where = and(inScope(scope), match);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(endUsers).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, opts.page ?? 1), pageCount);
  const memoryCount = db
    .select({ endUserId: memories.endUserId, n: count().as("n") })
    .from(memories)
    .where(and(eq(memories.workspaceId, scope.workspaceId), eq(memories.environment, scope.environment)))
    .groupBy(memories.endUserId)
    .as("memory_count");
  const rows = await db
    .select({ user: endUsers, memoryCount: memoryCount.n })
    .from(endUsers)
    .leftJoin(memoryCount, eq(memoryCount.endUserId, endUsers.id))
    .where(where)
    .orderBy(desc(endUsers.createdAt), desc(endUsers.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    users: rows.map(({ user, memoryCount: n }) => ({
      userId: user.userId,
      emailMasked: user.emailMasked,
      name: displayName(user),
      purpose: user.purpose,
      memoryCount: Number(n ?? 0),
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    })),
    total,
    page,
    pageCount,
    pageSize,
  };
}

const MEMORY_LIMIT = 500;

/** Everything the portal shows about one end user, or null when there is no such user here. */
export async function getEndUserDetail(db: Database, scope: Scope, userId: string) {
  const user = await findEndUser(db, scope, userId);
  if (!user) return null;
  const [summaryRows, memoryRows, memoryTotal, stage3Rows, documentRows, ingestionRows, messageTotal] = await Promise.all([
    db
      .select({ summary: profileSummaries.summary, generatedAt: profileSummaries.generatedAt, purpose: profileSummaries.purpose })
      .from(profileSummaries)
      .where(and(eq(profileSummaries.endUserId, user.id), eq(profileSummaries.purposeKey, "")))
      .limit(1),
    db
      .select({
        id: memories.id,
        text: memories.text,
        sourceIds: memories.sourceIds,
        occurredAt: memories.occurredAt,
        kind: memories.kind,
        topic: memories.topic,
        salience: memories.salience,
        status: memories.status,
        validFrom: memories.validFrom,
        validTo: memories.validTo,
        supersededBy: memories.supersededBy,
        createdAt: memories.createdAt,
        updatedAt: memories.updatedAt,
      })
      .from(memories)
      .where(eq(memories.endUserId, user.id))
      .orderBy(desc(memories.updatedAt), desc(memories.id))
      .limit(MEMORY_LIMIT),
    db.select({ n: count() }).from(memories).where(eq(memories.endUserId, user.id)),
    db
      .select({
        id: stage3Entries.id,
        topic: stage3Entries.topic,
        questionIndex: stage3Entries.questionIndex,
        question: stage3Entries.question,
        answer: stage3Entries.answer,
        updatedAt: stage3Entries.updatedAt,
      })
      .from(stage3Entries)
      .where(eq(stage3Entries.endUserId, user.id))
      .orderBy(asc(stage3Entries.topic), asc(stage3Entries.questionIndex)),
    db
      .select({
        id: documents.id,
        docId: documents.docId,
        title: documents.title,
        documentType: documents.documentType,
        source: documents.source,
        version: documents.version,
        chars: sql<number>`length(${documents.content})`,
        createdAt: documents.createdAt,
        updatedAt: documents.updatedAt,
      })
      .from(documents)
      .where(eq(documents.endUserId, user.id))
      .orderBy(desc(documents.updatedAt)),
    db
      .select({
        id: ingestions.id,
        source: ingestions.source,
        status: ingestions.status,
        counts: ingestions.counts,
        error: ingestions.error,
        createdAt: ingestions.createdAt,
        finishedAt: ingestions.finishedAt,
      })
      .from(ingestions)
      .where(eq(ingestions.endUserId, user.id))
      .orderBy(desc(ingestions.createdAt))
      .limit(50),
    db.select({ n: count() }).from(messages).where(eq(messages.endUserId, user.id)),
  ]);
  const chunkCounts = await db
    .select({ documentId: documentChunks.documentId, n: count() })
    .from(documentChunks)
    .where(eq(documentChunks.endUserId, user.id))
    .groupBy(documentChunks.documentId);
  const chunksOf = new Map(chunkCounts.map((c) => [c.documentId, Number(c.n)]));

  const topics = new Map<string, typeof stage3Rows>();
  for (const e of stage3Rows) topics.set(e.topic, [...(topics.get(e.topic) ?? []), e]);

  // The user model as a tree: topics (taxonomy order) → current facts, superseded ones folded.
  const model = await loadUserModel(db, user, { limit: MEMORY_LIMIT });
  const tree = TOPICS.map((t) => {
    const inTopic = memoryRows.filter((m) => m.kind === "fact" && m.topic === t.key);
    const rank = { safety: 3, identity: 2, preference: 1, event: 0 } as const;
    const byRank = (a: (typeof inTopic)[number], b: (typeof inTopic)[number]) =>
      rank[b.salience] - rank[a.salience] || (b.validFrom?.getTime() ?? 0) - (a.validFrom?.getTime() ?? 0);
    return {
      key: t.key,
      label: t.label,
      current: inTopic.filter((m) => m.status === "current").sort(byRank),
      history: inTopic.filter((m) => m.status !== "current").sort(byRank),
    };
  }).filter((t) => t.current.length + t.history.length > 0);

  return {
    user: {
      userId: user.userId,
      emailMasked: user.emailMasked,
      name: displayName(user),
      purpose: user.purpose,
      // Bounded: traits stored before the input limits could nest thousands deep (docs/api.md).
      traits: capJsonDepth(user.traits, FREE_JSON_LIMITS.maxDepth + 1) as Record<string, unknown>,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    summary: summaryRows[0] ?? null,
    memories: memoryRows,
    tree,
    remarks: memoryRows.filter((m) => m.kind === "remark"),
    entities: model.entities,
    flags: model.flags,
    memoryTotal: Number(memoryTotal[0]?.n ?? 0),
    messageTotal: Number(messageTotal[0]?.n ?? 0),
    stage3: [...topics.entries()].map(([topic, entries]) => ({ topic, entries })),
    documents: documentRows.map((d) => ({ ...d, chars: Number(d.chars), chunks: chunksOf.get(d.id) ?? 0 })),
    ingestions: ingestionRows,
  };
}

export type EndUserDetail = NonNullable<Awaited<ReturnType<typeof getEndUserDetail>>>;
