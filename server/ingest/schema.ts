import { z } from "zod";
import { isoTimestamp } from "@/server/http/input";

/**
 * `options.wait` waits 30 s unless `options.wait_timeout` says otherwise, and never longer than
 * 50 s: the SDKs' default request timeout (60 s) always covers a wait, so a client never times out
 * and retries an ingestion that was stored.
 */
export const WAIT_DEFAULT_SECONDS = 30;
export const WAIT_MAX_SECONDS = 50;

export const LIMITS = {
  messages: 5000,
  documents: 500,
  messageChars: 32_000,
  documentChars: 1_000_000,
  titleChars: 500,
  idChars: 256,
} as const;


const message = z.object({
  id: z.string().trim().min(1, "must not be empty").max(LIMITS.idChars).optional(),
  role: z.enum(["user", "assistant", "system", "tool"], { error: 'must be "user", "assistant", "system" or "tool"' }),
  content: z
    .string({ error: "must be a string" })
    .refine((s) => s.trim().length > 0, "must not be empty")
    .refine((s) => s.length <= LIMITS.messageChars, `must be at most ${LIMITS.messageChars} characters`),
  timestamp: isoTimestamp.optional(),
});

const document = z.object({
  content: z
    .string({ error: "must be a string" })
    .refine((s) => s.trim().length > 0, "must not be empty")
    .refine((s) => s.length <= LIMITS.documentChars, `must be at most ${LIMITS.documentChars} characters`),
  title: z.string().max(LIMITS.titleChars).nullish(),
  document_type: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits and _ . : -")
    .default("document"),
  doc_id: z.string().trim().min(1, "must not be empty").max(LIMITS.idChars).optional(),
  created_at: isoTimestamp.optional(),
});

export const ingestBody = z
  .object({
    user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128),
    source: z.string().trim().max(100).nullish(),
    message_history: z.array(message, { error: "must be an array of messages" }).optional(),
    documents: z.array(document, { error: "must be an array of documents" }).optional(),
    options: z
      .object({
        dedupe: z.boolean({ error: "must be true or false" }).default(false),
        wait: z.boolean({ error: "must be true or false" }).optional(),
        wait_timeout: z
          .number({ error: "must be a number of seconds" })
          .int("must be a whole number of seconds")
          .min(1, "must be at least 1 second")
          .max(WAIT_MAX_SECONDS, `must be at most ${WAIT_MAX_SECONDS} seconds`)
          .optional(),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.message_history?.length && !b.documents?.length) {
      ctx.addIssue({ code: "custom", path: ["message_history"], message: "send at least one message or document (both are empty)" });
    }
    const ids = new Set<string>();
    b.message_history?.forEach((m, i) => {
      if (!m.id) return;
      if (ids.has(m.id)) ctx.addIssue({ code: "custom", path: ["message_history", i, "id"], message: `duplicate message id "${m.id}"` });
      ids.add(m.id);
    });
    const docIds = new Set<string>();
    b.documents?.forEach((d, i) => {
      if (!d.doc_id) return;
      if (docIds.has(d.doc_id)) ctx.addIssue({ code: "custom", path: ["documents", i, "doc_id"], message: `duplicate doc_id "${d.doc_id}"` });
      docIds.add(d.doc_id);
    });
  });

export type IngestBody = z.infer<typeof ingestBody>;

/** Item counts are checked before the full schema, so a huge batch is refused cheaply with 413. */
export function countLimitError(raw: unknown): { field: string; message: string } | null {
  if (!raw || typeof raw !== "object") return null;
  const body = raw as Record<string, unknown>;
  if (Array.isArray(body.message_history) && body.message_history.length > LIMITS.messages) {
    return {
      field: "message_history",
      message: `Too many messages: ${body.message_history.length} (at most ${LIMITS.messages} per request; split the batch).`,
    };
  }
  if (Array.isArray(body.documents) && body.documents.length > LIMITS.documents) {
    return {
      field: "documents",
      message: `Too many documents: ${body.documents.length} (at most ${LIMITS.documents} per request; split the batch).`,
    };
  }
  return null;
}
