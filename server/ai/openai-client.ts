import OpenAI from "openai";

/** What every OpenAI-compatible client here is made from (chat models and embeddings). */
export interface OpenAIClientOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Defaults: 2 SDK retries (429/5xx/connection errors), 60 s per request. */
  maxRetries?: number;
  timeoutMs?: number;
}

export function openaiClient(opts: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    maxRetries: opts.maxRetries ?? 2,
    timeout: opts.timeoutMs ?? 60_000,
  });
}
