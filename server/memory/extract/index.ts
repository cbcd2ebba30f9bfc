import { getLlm, type Llm } from "@/server/ai/llm";
import { createLlmExtractor } from "./llm";
import { createOfflineExtractor } from "./offline";
import type { MemoryExtractor } from "./types";

export { createLlmExtractor, LLM_EXTRACTOR_NAME } from "./llm";
export { createOfflineExtractor, normalizeFactText, OFFLINE_EXTRACTOR_NAME } from "./offline";
export type * from "./types";

let cached: { llm: Llm | null; extractor: MemoryExtractor } | undefined;

/** The LLM extractor when an LLM is configured (getLlm() non-null), the offline one otherwise. */
export function getExtractor(): MemoryExtractor {
  const llm = getLlm();
  if (!cached || cached.llm !== llm) {
    cached = { llm, extractor: llm ? createLlmExtractor(llm) : createOfflineExtractor() };
  }
  return cached.extractor;
}
