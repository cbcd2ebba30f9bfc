import { z } from "zod";

const turn = z.object({
  role: z.enum(["user", "assistant", "system", "tool"], { error: 'must be "user", "assistant", "system" or "tool"' }),
  content: z.string({ error: "must be a string" }).max(32_000, "must be at most 32000 characters"),
});

export const chunksBody = z
  .object({
    user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128),
    history: z
      .array(turn, { error: "is required: an array of { role, content } turns" })
      .min(1, "must contain at least one turn")
      .max(200, "must have at most 200 turns"),
    k: z.number().int("must be an integer").min(1).max(50).optional(),
    top_k: z.number().int("must be an integer").min(1).max(50).optional(),
    similarity_threshold: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(0.25),
    max_context_turns: z.number().int("must be an integer").min(1).max(50).default(4),
    exclude_chunk_ids: z.array(z.string().max(128)).max(1000).default([]),
  })
  .superRefine((b, ctx) => {
    if (!b.history.slice(-b.max_context_turns).some((t) => t.content.trim())) {
      ctx.addIssue({ code: "custom", path: ["history"], message: "the last turns contain no text to search with" });
    }
  })
  .transform(({ top_k, k, ...rest }) => ({ ...rest, k: k ?? top_k ?? 6 }));

export type ChunksInput = z.infer<typeof chunksBody>;
