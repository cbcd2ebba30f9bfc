/**
 * The events Pio announces (webhooks, issue 12). Services emit them after their transaction
 * commits through `emitEvent` of server/webhooks/emit.ts; payloads carry ids and counts, never
 * message text.
 */
export const PIO_EVENT_TYPES = [
  "ingestion.completed",
  "ingestion.failed",
  "memory.created",
  "memory.updated",
  "memory.deleted",
  "stage3.completed",
  "user.deleted",
] as const;

export type PioEventType = (typeof PIO_EVENT_TYPES)[number];
