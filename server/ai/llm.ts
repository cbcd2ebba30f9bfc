import { openaiClient, type OpenAIClientOptions } from "./openai-client";
import type {
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { z } from "zod";
import { env } from "@/server/env";

/** Chat message types of the OpenAI wire format, re-exported for callers of `Llm.chat`. */
export type LlmMessageParam = ChatCompletionMessageParam;
export type LlmTool = ChatCompletionTool;
export type LlmToolChoice = ChatCompletionToolChoiceOption;
export type LlmToolCall = ChatCompletionMessageToolCall;
export type LlmAssistantMessage = ChatCompletionMessage;

export interface ChatJsonOptions<T> {
  system: string;
  user: string;
  schema: z.ZodType<T>;
  /** Names the task in errors ("memory-extraction"). */
  name: string;
  /** Default 0. */
  temperature?: number;
}

export interface ChatOptions {
  messages: LlmMessageParam[];
  tools?: LlmTool[];
  toolChoice?: LlmToolChoice;
  /** Sent only when set (the server's default otherwise). */
  temperature?: number;
}

export interface Llm {
  readonly model: string;
  /**
   * One JSON object validated by `schema`. Malformed or invalid output is sent back with the
   * exact error for correction, up to REPAIR_ATTEMPTS more times; then `LlmOutputError`.
   * Transport errors (HTTP status, timeouts) are retried by the SDK and then thrown as is.
   */
  chatJson<T>(opts: ChatJsonOptions<T>): Promise<T>;
  /** Thin pass-through: the first choice's message (content and/or tool_calls). */
  chat(opts: ChatOptions): Promise<LlmAssistantMessage>;
}

/** Repair rounds after the first answer (so at most 1 + 2 requests per chatJson call). */
export const REPAIR_ATTEMPTS = 2;

/** The model's output stayed malformed or invalid after every repair attempt. */
export class LlmOutputError extends Error {
  override readonly name = "LlmOutputError";
  constructor(
    readonly task: string,
    readonly lastError: string,
    readonly lastOutput: string,
    readonly attempts: number,
  ) {
    super(`LLM output for "${task}" was invalid after ${attempts} attempt(s): ${lastError}`);
  }
}

// ---------------------------------------------------------------------------------------
// JSON extraction
// ---------------------------------------------------------------------------------------

/** The end index (exclusive) of the bracket-balanced value starting at `start`, or -1. */
export function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "{" || c === "[") {
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Parses the JSON value in a model's answer: the whole text, else a ```json fenced block,
 * else the first balanced {...} or [...] in the prose. Throws a SyntaxError with the parser's
 * message (what the repair prompt quotes) when there is none.
 */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") throw new SyntaxError("the answer was empty; expected a JSON object");
  let firstError: unknown;
  try {
    return JSON.parse(trimmed);
  } catch (e) {
    firstError = e;
  }
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/g;
  for (let m = fence.exec(trimmed); m; m = fence.exec(trimmed)) {
    try {
      return JSON.parse(m[1]!.trim());
    } catch (e) {
      firstError = e;
    }
  }
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c !== "{" && c !== "[") continue;
    const end = balancedEnd(trimmed, i);
    // Unbalanced: the value is cut off; do not dig out a fragment nested inside it.
    if (end < 0) break;
    try {
      return JSON.parse(trimmed.slice(i, end));
    } catch {
      i = end - 1; // not JSON ("{like this}" in prose): look after it
    }
  }
  const msg = firstError instanceof Error ? firstError.message : String(firstError);
  throw new SyntaxError(`the answer is not valid JSON: ${msg}`);
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}

/** Parse + validate; returns the value or the exact error to quote back to the model. */
export function parseJsonOutput<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = extractJson(text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const res = schema.safeParse(raw);
  if (res.success) return { ok: true, value: res.data };
  return { ok: false, error: `the JSON does not match the required format: ${describeZodError(res.error)}` };
}

function repairPrompt(error: string): string {
  return (
    `Your previous answer could not be used. Error: ${error}\n` +
    `Reply again with the corrected, complete JSON object only: no prose, no code fences, ` +
    `exactly the format requested above.`
  );
}

// ---------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------

export type LlmOptions = OpenAIClientOptions;

export function createLlm(opts: LlmOptions): Llm {
  const client = openaiClient(opts);
  const model = opts.model;

  return {
    model,

    async chatJson<T>(o: ChatJsonOptions<T>): Promise<T> {
      // json_object mode requires the word "JSON" in the messages.
      const system = /json/i.test(o.system) ? o.system : `${o.system}\n\nAnswer with one JSON object.`;
      const messages: ChatCompletionMessageParam[] = [
        { role: "system", content: system },
        { role: "user", content: o.user },
      ];
      let lastError = "";
      let lastOutput = "";
      const attempts = 1 + REPAIR_ATTEMPTS;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const res = await client.chat.completions.create({
          model,
          messages,
          temperature: o.temperature ?? 0,
          response_format: { type: "json_object" },
        });
        const choice = res.choices?.[0];
        const message = choice?.message;
        lastOutput = message?.content ?? "";
        if (!message) {
          lastError = "the response had no choices";
        } else if (message.refusal) {
          lastError = `the model refused: ${message.refusal}`;
        } else {
          const parsed = parseJsonOutput(lastOutput, o.schema);
          if (parsed.ok) return parsed.value;
          lastError =
            choice?.finish_reason === "length"
              ? `${parsed.error} (the answer was cut off at the token limit: be more concise)`
              : parsed.error;
        }
        if (attempt < attempts) {
          messages.push({ role: "assistant", content: lastOutput });
          messages.push({ role: "user", content: repairPrompt(lastError) });
        }
      }
      throw new LlmOutputError(o.name, lastError, lastOutput, attempts);
    },

    async chat(o: ChatOptions): Promise<LlmAssistantMessage> {
      const res = await client.chat.completions.create({
        model,
        messages: o.messages,
        ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
        ...(o.tools && o.tools.length > 0 ? { tools: o.tools } : {}),
        ...(o.toolChoice && o.tools && o.tools.length > 0 ? { tool_choice: o.toolChoice } : {}),
      });
      const message = res.choices?.[0]?.message;
      if (!message) throw new Error(`chat completion from "${model}" had no choices`);
      return message;
    },
  };
}

let llm: Llm | null | undefined;

/** The configured LLM, or null without OPENAI_API_KEY (offline mode). Memoized per process. */
export function getLlm(): Llm | null {
  if (llm === undefined) {
    const e = env();
    llm = e.OPENAI_API_KEY
      ? createLlm({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL })
      : null;
  }
  return llm;
}

/** @internal: used by resetAiProviders(). */
export function resetLlm(): void {
  llm = undefined;
}
