import { z } from "zod";
import { SALIENCE, TOPIC_KEYS, type TopicKey } from "@/server/memory/facts/taxonomy";
import type { Llm } from "@/server/ai/llm";
import { buildExtractUser, buildReconcileUser, EXTRACT_SYSTEM, RECONCILE_SYSTEM } from "./prompts";
import type {
  ConversationMessage,
  ExistingMemory,
  ExtractedFact,
  ExtractionInput,
  MemoryExtractor,
  ReconcileDecision,
} from "./types";

export const LLM_EXTRACTOR_NAME = "llm-v2";

/** Ids may come back as numbers when they look like numbers. */
const id = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** An optional model field that is dropped (not repaired) when the model gets it wrong. */
const lenient = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

const entitySchema = z.object({
  name: z.string().trim().max(200).nullish(),
  type: z.enum(["person", "place", "organization", "pet"]),
  relation: z.string().trim().max(60).nullish(),
});

export const extractionSchema = z.object({
  facts: z.array(
    z.object({
      text: z.string().trim().min(1, "fact text must not be empty"),
      source_ids: z.array(id).default([]),
      topic: lenient(z.string().trim().toLowerCase().pipe(z.enum(TOPIC_KEYS as [TopicKey, ...TopicKey[]]))),
      salience: lenient(z.string().trim().toLowerCase().pipe(z.enum(SALIENCE))),
      entities: lenient(z.array(entitySchema).max(20)),
      valid_from: lenient(z.string().trim().regex(/^\d{4}-\d{2}-\d{2}/)),
    }),
  ),
});

const ACTIONS = ["ADD", "UPDATE", "DELETE", "NONE"] as const;

/**
 * The reconcile answer for `factCount` facts against memories with temporary ids `validIds`.
 * Every rule that makes an answer unusable is a validation issue, so chatJson sends it back
 * for repair: each fact exactly one decision, memory ids that exist, UPDATE with text.
 */
export function reconcileSchema(factCount: number, validIds: ReadonlySet<string>) {
  const idList = [...validIds].join(", ") || "none";
  return z
    .object({
      decisions: z.array(
        z.object({
          fact_index: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
          action: z
            .string()
            .transform((a) => a.trim().toUpperCase())
            .pipe(z.enum(ACTIONS)),
          memory_id: id.nullish(),
          text: z.string().nullish(),
        }),
      ),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<number>();
      value.decisions.forEach((d, i) => {
        const path = ["decisions", i];
        if (d.fact_index < 0 || d.fact_index >= factCount) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "fact_index"],
            message: `fact_index ${d.fact_index} does not exist (new facts are numbered 0 to ${factCount - 1})`,
          });
          return;
        }
        if (seen.has(d.fact_index)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "fact_index"],
            message: `fact ${d.fact_index} has more than one decision; give exactly one per fact`,
          });
        }
        seen.add(d.fact_index);
        const memoryId = d.memory_id ?? undefined;
        if (d.action === "UPDATE" || d.action === "DELETE") {
          if (!memoryId) {
            ctx.addIssue({ code: "custom", path: [...path, "memory_id"], message: `${d.action} needs a memory_id` });
          }
        }
        if (memoryId && d.action !== "ADD" && !validIds.has(memoryId)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "memory_id"],
            message: `memory_id "${memoryId}" is not one of the existing memory ids (${idList})`,
          });
        }
        if (d.action === "UPDATE" && !d.text?.trim()) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "text"],
            message: "UPDATE needs the merged memory text",
          });
        }
      });
      const missing: number[] = [];
      for (let i = 0; i < factCount; i++) if (!seen.has(i)) missing.push(i);
      if (missing.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["decisions"],
          message: `no decision for fact(s) ${missing.join(", ")}; give exactly one decision per fact`,
        });
      }
    });
}

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}

export function createLlmExtractor(llm: Llm): MemoryExtractor {
  return {
    name: LLM_EXTRACTOR_NAME,

    async extract(input: ExtractionInput): Promise<ExtractedFact[]> {
      const userMessages = input.messages.filter((m) => m.role === "user");
      // Facts about the user come from what the user says: no user message, no call.
      if (userMessages.length === 0) return [];

      const known = new Map<string, ConversationMessage>();
      for (const m of [...input.context, ...input.messages]) known.set(m.id, m);
      const fallbackIds = userMessages.map((m) => m.id);

      const out = await llm.chatJson({
        name: "memory-extraction",
        system: EXTRACT_SYSTEM,
        user: buildExtractUser(input),
        schema: extractionSchema,
      });

      return out.facts.map((f): ExtractedFact => {
        let sourceIds = dedupe(f.source_ids.filter((sid) => known.has(sid)));
        if (sourceIds.length === 0) sourceIds = fallbackIds;
        let occurredAt = known.get(sourceIds[0]!)!.timestamp;
        for (const sid of sourceIds) {
          const t = known.get(sid)!.timestamp;
          if (t.getTime() > occurredAt.getTime()) occurredAt = t;
        }
        const validFrom = f.valid_from ? new Date(f.valid_from) : undefined;
        return {
          text: f.text.replace(/\s+/g, " ").trim(),
          sourceIds,
          occurredAt,
          ...(f.topic ? { topic: f.topic } : {}),
          ...(f.salience ? { salience: f.salience } : {}),
          ...(f.entities?.length
            ? {
                entities: f.entities
                  .filter((e) => e.name || e.relation)
                  .map((e) => ({ name: e.name ?? null, type: e.type, ...(e.relation ? { relation: e.relation.toLowerCase() } : {}) })),
              }
            : {}),
          ...(validFrom && !Number.isNaN(validFrom.getTime()) ? { validFrom } : {}),
        };
      });
    },

    async reconcile(facts: ExtractedFact[], existing: ExistingMemory[]): Promise<ReconcileDecision[]> {
      if (facts.length === 0) return [];
      if (existing.length === 0) return facts.map((fact) => ({ action: "ADD", fact }));

      const realId = new Map<string, string>();
      existing.forEach((m, i) => realId.set(String(i), m.id));
      const out = await llm.chatJson({
        name: "memory-reconcile",
        system: RECONCILE_SYSTEM,
        user: buildReconcileUser(facts, existing),
        schema: reconcileSchema(facts.length, new Set(realId.keys())),
      });

      const byFact = new Map(out.decisions.map((d) => [d.fact_index, d]));
      return facts.map((fact, i): ReconcileDecision => {
        const d = byFact.get(i)!; // the schema guarantees exactly one per fact
        const memoryId = d.memory_id ? realId.get(d.memory_id) : undefined;
        switch (d.action) {
          case "ADD":
            return { action: "ADD", fact };
          case "UPDATE":
            return { action: "UPDATE", memoryId: memoryId!, text: d.text!.replace(/\s+/g, " ").trim(), fact };
          case "DELETE":
            return { action: "DELETE", memoryId: memoryId!, fact };
          case "NONE":
            return memoryId ? { action: "NONE", memoryId, fact } : { action: "NONE", fact };
        }
      });
    },
  };
}
