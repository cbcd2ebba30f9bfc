import { resetEmbeddingProvider } from "./embeddings";
import { resetLlm } from "./llm";

export { getEmbeddingProvider } from "./embeddings";
export { getLlm } from "./llm";

/**
 * Forgets the memoized LLM client and embedding provider, so the next getLlm() /
 * getEmbeddingProvider() reads env() again (tests that change OPENAI_* call this after
 * resetEnvCache()).
 */
export function resetAiProviders(): void {
  resetLlm();
  resetEmbeddingProvider();
}
