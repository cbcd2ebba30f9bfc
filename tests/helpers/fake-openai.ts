import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { embedOffline } from "@/server/ai/embeddings";

/**
 * A real local HTTP server speaking the OpenAI wire format for
 * `POST /v1/chat/completions` and `POST /v1/embeddings`: the only stand-in for a model
 * provider in this repo's tests. Listens on 127.0.0.1, port 0.
 *
 *   const fake = await startFakeOpenAI({ chat: (body) => '{"facts": []}' });
 *   process.env.OPENAI_BASE_URL = fake.url;   // …/v1
 *   …
 *   await fake.close();
 */

export interface FakeToolCall {
  id?: string;
  name: string;
  /** A JSON string, or a value that is JSON-encoded. */
  arguments: string | Record<string, unknown>;
}

export type FakeChatReply =
  /** Plain assistant content. */
  | string
  | { content: string | null; finishReason?: "stop" | "length" | "content_filter" }
  /** Tool calls, finish_reason "tool_calls". */
  | { toolCalls: FakeToolCall[]; content?: string | null }
  /** An HTTP error. Add `headers: { "x-should-retry": "false" }` to stop the SDK's retries. */
  | { status: number; message?: string; headers?: Record<string, string> };

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  temperature?: number;
  response_format?: { type: string };
  tools?: unknown[];
  tool_choice?: unknown;
  [key: string]: unknown;
}

export interface EmbeddingsRequestBody {
  model: string;
  input: string | string[];
  dimensions?: number;
  encoding_format?: "float" | "base64";
  [key: string]: unknown;
}

export interface ParsedRequestLog {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
}

export interface FakeOpenAIOptions {
  /** Answers chat completions; `index` counts chat requests from 0. Default: content "{}". */
  chat?: (body: ChatRequestBody, index: number) => FakeChatReply | Promise<FakeChatReply>;
  /** One vector per input text. Default: the offline embedding (384 dimensions). */
  embed?: (text: string, body: EmbeddingsRequestBody) => number[] | Promise<number[]>;
}

export interface FakeOpenAI {
  /** Base URL to give the SDK, ending in /v1. */
  url: string;
  requests: ParsedRequestLog[];
  /** Only the chat completion requests' bodies, in order. */
  chatRequests(): ChatRequestBody[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function error(res: ServerResponse, status: number, message: string, headers?: Record<string, string>): void {
  send(res, status, { error: { message, type: status === 404 ? "not_found" : "fake_error", code: null, param: null } }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function float32Base64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

let completionCounter = 0;

function chatCompletion(model: string, reply: Exclude<FakeChatReply, { status: number }>) {
  const id = `chatcmpl-fake-${++completionCounter}`;
  let message: Record<string, unknown>;
  let finishReason: string;
  if (typeof reply === "string") {
    message = { role: "assistant", content: reply, refusal: null };
    finishReason = "stop";
  } else if ("toolCalls" in reply) {
    message = {
      role: "assistant",
      content: reply.content ?? null,
      refusal: null,
      tool_calls: reply.toolCalls.map((c, i) => ({
        id: c.id ?? `call_fake_${completionCounter}_${i}`,
        type: "function",
        function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) },
      })),
    };
    finishReason = "tool_calls";
  } else {
    message = { role: "assistant", content: reply.content, refusal: null };
    finishReason = reply.finishReason ?? "stop";
  }
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: ParsedRequestLog[] = [];
  let chatCount = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });

      if (req.method !== "POST") return error(res, 405, `method ${req.method} not allowed`);
      if (body === undefined || typeof body !== "object") return error(res, 400, "body must be JSON");

      if (path === "/v1/chat/completions") {
        const reply: FakeChatReply = opts.chat ? await opts.chat(body as ChatRequestBody, chatCount++) : "{}";
        if (typeof reply === "object" && "status" in reply) {
          return error(res, reply.status, reply.message ?? `fake error ${reply.status}`, reply.headers);
        }
        return send(res, 200, chatCompletion(String(body.model ?? "fake"), reply));
      }

      if (path === "/v1/embeddings") {
        const b = body as EmbeddingsRequestBody;
        const inputs = typeof b.input === "string" ? [b.input] : b.input;
        if (!Array.isArray(inputs) || inputs.some((t) => typeof t !== "string")) {
          return error(res, 400, "input must be a string or an array of strings");
        }
        const embed = opts.embed ?? ((text: string) => embedOffline(text));
        const base64 = b.encoding_format === undefined || b.encoding_format === "base64";
        const data = [];
        for (let i = 0; i < inputs.length; i++) {
          const vector = await embed(inputs[i]!, b);
          data.push({ object: "embedding", index: i, embedding: base64 ? float32Base64(vector) : vector });
        }
        return send(res, 200, {
          object: "list",
          data,
          model: String(b.model ?? "fake"),
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        });
      }

      return error(res, 404, `no fake route for ${req.method} ${path}`);
    })().catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, `fake server error: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.body as ChatRequestBody),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
