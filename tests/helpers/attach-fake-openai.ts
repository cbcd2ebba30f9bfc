import { resetAiProviders } from "@/server/ai/providers";
import { resetEnvCache } from "@/server/env";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "./fake-openai";

export type AttachedFakeOpenAI = FakeOpenAI & {
  /** Restores OPENAI_API_KEY / OPENAI_BASE_URL as they were, resets the caches, closes the server. */
  detach(): Promise<void>;
};

/**
 * The fake model provider with the app pointed at it, for a test file's `beforeAll`:
 * OPENAI_API_KEY and OPENAI_BASE_URL set, the env and AI-provider caches reset so the LLM path
 * is taken. `detach()` in `afterAll` puts everything back.
 */
export async function attachFakeOpenAI(opts: FakeOpenAIOptions = {}, apiKey = "test-key"): Promise<AttachedFakeOpenAI> {
  const fake = await startFakeOpenAI(opts);
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  process.env.OPENAI_API_KEY = apiKey;
  process.env.OPENAI_BASE_URL = fake.url;
  resetEnvCache();
  resetAiProviders();
  return Object.assign(fake, {
    async detach() {
      for (const [name, value] of [
        ["OPENAI_API_KEY", saved.key],
        ["OPENAI_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetEnvCache();
      resetAiProviders();
      await fake.close();
    },
  });
}
