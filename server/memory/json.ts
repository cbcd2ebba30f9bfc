import type { Memory, MemoryVersion } from "@/db/schema";

/** A memory as the API shows it (GET /memories, GET/PATCH /memories/{id}, the export). */
export function memoryJson(m: Memory, userId: string, source: string | null) {
  return {
    id: m.id,
    user_id: userId,
    text: m.text,
    kind: m.kind,
    topic: m.topic,
    salience: m.salience,
    status: m.status,
    superseded_by: m.supersededBy,
    entities: m.entities.map((e) => ({ name: e.name, type: e.type, relation: e.relation ?? null })),
    source_ids: m.sourceIds,
    source,
    ingestion_id: m.ingestionId,
    said_at: m.occurredAt?.toISOString() ?? null,
    valid_from: m.validFrom?.toISOString() ?? null,
    valid_to: m.validTo?.toISOString() ?? null,
    created_at: m.createdAt.toISOString(),
    updated_at: m.updatedAt.toISOString(),
  };
}

/** One version of a memory's history, oldest first. */
export function versionJson(v: MemoryVersion) {
  return {
    version: v.version,
    event: v.event,
    text: v.text,
    topic: v.topic,
    status: v.status,
    superseded_by: v.supersededBy,
    ingestion_id: v.ingestionId,
    actor: { kind: v.actor.kind, id: v.actor.id ?? v.actor.name ?? null },
    request_id: v.requestId,
    at: v.createdAt.toISOString(),
  };
}
