import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import { documents, ingestions, messages, type IngestionCounts, type IngestionItemOutcome } from "@/db/schema";
import { newId } from "@/server/lib/ids";
import { redactTextsForStorage, storedIdentifier } from "@/server/privacy/storage";
import { requireEndUser, type Scope } from "@/server/users/find";
import { redactedTypes } from "./outcomes";
import type { IngestBody } from "./schema";

export interface SkippedItem {
  type: "message" | "document";
  index: number;
  id?: string;
  doc_id?: string;
  reason: string;
}

export interface IngestResult {
  ingestion_id: string;
  saved: { documents: number; message_history: number; messages: number };
  skipped: SkippedItem[];
  processing_triggered: { documents: boolean; message_history: boolean };
  inserted_document_ids: string[];
  received_at: string;
  /** Identifiers that carried personal data, and the pseudonym stored for each (docs/privacy.md). */
  stored_ids?: { field: string; stored_as: string }[];
}

/** What the background job needs to find the work. */
export interface IngestionJobData extends Record<string, unknown> {
  ingestionId: string;
  endUserId: string;
  workspaceId: string;
  environment: string;
}

/** How a turn is labelled in a conversation transcript. */
export function speakerLabel(role: string, userName: string): string {
  return role === "user" ? userName : role === "assistant" ? "Assistant" : role === "system" ? "System" : "Tool";
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const emptyCounts = (): IngestionCounts => ({
  messages: 0,
  documents: 0,
  skipped: 0,
  memories_added: 0,
  memories_updated: 0,
  memories_deleted: 0,
  memories_superseded: 0,
  memories_unchanged: 0,
  document_chunks: 0,
});

/**
 * Stores what an agent sent (redacted first) and records an ingestion for the background
 * job. Validation happened before; everything here is one transaction, so a failure stores
 * nothing. Returns the job to dispatch once the transaction has committed (or null).
 */
export async function ingest(
  db: Database,
  scope: Scope,
  body: IngestBody,
  receivedAt = new Date(),
): Promise<{ result: IngestResult; job: IngestionJobData | null }> {
  const user = await requireEndUser(db, scope, body.user_id, "call /register first.");
  const dedupe = body.options?.dedupe ?? false;
  const ingestionId = newId("ing");
  const conversationId = newId("msg");
  const skipped: SkippedItem[] = [];

  // Everything stored is redacted first, in one batch: contents, titles and the source; client
  // identifiers become pseudonyms when they carry personal data (docs/privacy.md).
  const bodyMessages = body.message_history ?? [];
  const bodyDocs = body.documents ?? [];
  const texts = await redactTextsForStorage([
    body.source ?? "",
    ...bodyMessages.map((m) => m.content),
    ...bodyDocs.flatMap((d) => [d.content, d.title ?? ""]),
  ]);
  const source = body.source ? texts[0]! : null;
  const storedIds: { field: string; stored_as: string }[] = [];
  const idFor = (raw: string | undefined, field: string): string | null => {
    if (raw === undefined) return null;
    const stored = storedIdentifier(scope.workspaceId, raw);
    if (stored !== raw) storedIds.push({ field, stored_as: stored });
    return stored;
  };

  const incoming = bodyMessages.map((m, index) => {
    const content = texts[1 + index]!;
    const timestamp = m.timestamp ? new Date(m.timestamp) : receivedAt;
    return {
      index,
      rawId: m.id,
      clientId: idFor(m.id, `message_history[${index}].id`),
      role: m.role,
      content,
      timestamp,
      contentHash: sha256(`${m.role}\u0000${content}\u0000${timestamp.toISOString()}`),
      pii: redactedTypes([m.content], [content]),
    };
  });

  let keptMessages = incoming;
  if (dedupe && incoming.length) {
    const hashes = [...new Set(incoming.map((m) => m.contentHash))];
    const clientIds = incoming.flatMap((m) => (m.clientId ? [m.clientId] : []));
    const known = new Set<string>();
    const knownIds = new Set<string>();
    for (let i = 0; i < hashes.length; i += 1000) {
      const rows = await db
        .select({ h: messages.contentHash })
        .from(messages)
        .where(and(eq(messages.endUserId, user.id), inArray(messages.contentHash, hashes.slice(i, i + 1000))));
      rows.forEach((r) => known.add(r.h));
    }
    for (let i = 0; i < clientIds.length; i += 1000) {
      const rows = await db
        .select({ id: messages.clientId })
        .from(messages)
        .where(and(eq(messages.endUserId, user.id), inArray(messages.clientId, clientIds.slice(i, i + 1000))));
      rows.forEach((r) => r.id && knownIds.add(r.id));
    }
    keptMessages = [];
    for (const m of incoming) {
      const reason = known.has(m.contentHash)
        ? "duplicate: a message with the same role, content and timestamp is already stored"
        : m.clientId && knownIds.has(m.clientId)
          ? "duplicate: a message with this id is already stored"
          : null;
      if (reason) {
        skipped.push({ type: "message", index: m.index, ...(m.rawId ? { id: m.rawId } : {}), reason });
      } else {
        known.add(m.contentHash);
        if (m.clientId) knownIds.add(m.clientId);
        keptMessages.push(m);
      }
    }
  }

  const docTexts = texts.slice(1 + bodyMessages.length);
  const incomingDocs = bodyDocs.map((d, index) => {
    const content = docTexts[2 * index]!;
    return {
      index,
      rawDocId: d.doc_id,
      docId: idFor(d.doc_id, `documents[${index}].doc_id`),
      title: d.title ? docTexts[2 * index + 1]! : null,
      pii: redactedTypes([d.content, d.title ?? ""], [content, docTexts[2 * index + 1]!]),
      documentType: d.document_type,
      content,
      contentHash: sha256(content),
      createdAt: d.created_at ? new Date(d.created_at) : receivedAt,
    };
  });
  const clientDocIds = incomingDocs.flatMap((d) => (d.docId ? [d.docId] : []));
  const existingDocs = clientDocIds.length
    ? await db
        .select({ id: documents.id, docId: documents.docId, contentHash: documents.contentHash, version: documents.version })
        .from(documents)
        .where(and(eq(documents.endUserId, user.id), inArray(documents.docId, clientDocIds)))
    : [];
  const byDocId = new Map(existingDocs.map((d) => [d.docId, d]));

  const docInserts: (typeof documents.$inferInsert)[] = [];
  const docReplacements: { id: string; values: Partial<typeof documents.$inferInsert> }[] = [];
  const docRows = new Map<number, { id: string; docId: string; replaced: boolean }>();
  for (const d of incomingDocs) {
    const existing = d.docId ? byDocId.get(d.docId) : undefined;
    if (existing && existing.contentHash === d.contentHash && dedupe) {
      skipped.push({ type: "document", index: d.index, doc_id: d.rawDocId!, reason: "duplicate: this doc_id is already stored with the same content" });
      continue;
    }
    const values = {
      ingestionId,
      title: d.title,
      documentType: d.documentType,
      content: d.content,
      contentHash: d.contentHash,
      source,
    };
    if (existing) {
      docReplacements.push({ id: existing.id, values: { ...values, version: existing.version + 1, updatedAt: receivedAt } });
      docRows.set(d.index, { id: existing.id, docId: existing.docId, replaced: true });
    } else {
      const id = newId("doc");
      docRows.set(d.index, { id, docId: d.docId ?? id, replaced: false });
      docInserts.push({
        id,
        workspaceId: scope.workspaceId,
        environment: scope.environment,
        endUserId: user.id,
        docId: d.docId ?? id,
        ...values,
        createdAt: d.createdAt,
        updatedAt: receivedAt,
      });
    }
  }

  const savedDocs = docInserts.length + docReplacements.length;
  const counts = { ...emptyCounts(), messages: keptMessages.length, documents: savedDocs, skipped: skipped.length };
  const anything = keptMessages.length > 0 || savedDocs > 0;

  // What became of each item, recorded now (PII types, duplicates) and completed by processing.
  // Only stored forms go in: a client id carrying personal data is kept as its pseudonym.
  const skippedAt = new Map(skipped.map((k) => [`${k.type}:${k.index}`, k.reason]));
  const items: IngestionItemOutcome[] = [
    ...incoming.map((m): IngestionItemOutcome => {
      const duplicate = skippedAt.get(`message:${m.index}`);
      const cited = m.clientId ?? `${conversationId}_${m.index}`;
      return {
        type: "message",
        index: m.index,
        ...(duplicate ? (m.clientId ? { id: m.clientId } : {}) : { ref: cited, id: cited }),
        outcome: duplicate ? "duplicate" : "pending",
        reason: duplicate ?? "stored; waiting for processing",
        pii_redacted: m.pii,
      };
    }),
    ...incomingDocs.map((d): IngestionItemOutcome => {
      const duplicate = skippedAt.get(`document:${d.index}`);
      const row = docRows.get(d.index);
      return {
        type: "document",
        index: d.index,
        ...(row ? { ref: row.id, doc_id: row.docId } : d.docId ? { doc_id: d.docId } : {}),
        outcome: duplicate ? "duplicate" : "pending",
        reason: duplicate ?? (row?.replaced ? "stored as a new version of this doc_id; waiting for processing" : "stored; waiting for processing"),
        pii_redacted: d.pii,
      };
    }),
  ];

  await db.transaction(async (tx) => {
    await tx.insert(ingestions).values({
      id: ingestionId,
      workspaceId: scope.workspaceId,
      environment: scope.environment,
      endUserId: user.id,
      source,
      status: anything ? "queued" : "done",
      counts,
      items,
      finishedAt: anything ? null : receivedAt,
      createdAt: receivedAt,
      updatedAt: receivedAt,
    });
    const rows = keptMessages.map((m) => ({
      id: `${conversationId}_${m.index}`,
      workspaceId: scope.workspaceId,
      environment: scope.environment,
      endUserId: user.id,
      ingestionId,
      clientId: m.clientId,
      role: m.role,
      content: m.content,
      contentHash: m.contentHash,
      source,
      timestamp: m.timestamp,
      createdAt: receivedAt,
    }));
    for (let i = 0; i < rows.length; i += 500) await insertMany(tx, messages, rows.slice(i, i + 500));
    if (keptMessages.length) {
      // The conversation is also a document (type message_history), as in the spec's
      // example; it is chunked into windows of turns so retrieval keeps the context.
      const name = typeof user.traits.name === "string" && user.traits.name.trim() ? user.traits.name.trim().split(/\s+/)[0]! : "User";
      await tx.insert(documents).values({
        id: conversationId,
        workspaceId: scope.workspaceId,
        environment: scope.environment,
        endUserId: user.id,
        ingestionId,
        docId: conversationId,
        title: `Conversation${source ? ` (${source})` : ""}`,
        documentType: "message_history",
        content: keptMessages.map((m) => `${speakerLabel(m.role, name)}: ${m.content}`).join("\n"),
        contentHash: sha256(keptMessages.map((m) => m.contentHash).join(":")),
        source,
        createdAt: keptMessages[0]!.timestamp,
        updatedAt: receivedAt,
      });
    }
    for (let i = 0; i < docInserts.length; i += 100) await tx.insert(documents).values(docInserts.slice(i, i + 100));
    for (const r of docReplacements) await tx.update(documents).set(r.values).where(eq(documents.id, r.id));
  });

  const insertedIds = [...docInserts.map((d) => d.id), ...docReplacements.map((d) => d.id)];
  if (keptMessages.length) insertedIds.push(conversationId);
  return {
    result: {
      ingestion_id: ingestionId,
      saved: { documents: savedDocs, message_history: keptMessages.length ? 1 : 0, messages: keptMessages.length },
      skipped,
      processing_triggered: { documents: savedDocs > 0, message_history: keptMessages.length > 0 },
      inserted_document_ids: insertedIds,
      received_at: receivedAt.toISOString(),
      ...(storedIds.length ? { stored_ids: storedIds } : {}),
    },
    job: anything
      ? { ingestionId, endUserId: user.id, workspaceId: scope.workspaceId, environment: scope.environment }
      : null,
  };
}
