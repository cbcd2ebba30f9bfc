import { z } from "zod";
import { HTTP_METHODS, type AnyOperation } from "./define";
import { AUTH_ERRORS, BODY_ERRORS, ERROR_CODES, PARAMETER_ERRORS, type ErrorCode } from "./error-codes";
import { assertFieldDocs, jsonSchemaOf, type JsonSchema } from "./json-schema";
import { operationList } from "./operations";
import { errorResponse } from "./responses";

export const API_VERSION = "1.0.0";

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** `getSummary` → `Summary`: the name of an operation's schemas in `components.schemas`. */
export const schemaBaseName = (op: AnyOperation) => pascal(op.id.replace(/^get(?=[A-Z])/, ""));

/** Every error an operation can answer with, its own and those of its kind, in status order. */
export function errorsOf(op: AnyOperation): ErrorCode[] {
  const all = new Set<ErrorCode>([
    ...AUTH_ERRORS,
    ...(op.body ? BODY_ERRORS : []),
    ...(op.query || op.params ? PARAMETER_ERRORS : []),
    ...op.errors,
  ]);
  return [...all].sort((a, b) => ERROR_CODES[a].status - ERROR_CODES[b].status || a.localeCompare(b));
}

const exampleError = (code: ErrorCode) => ({
  error: {
    code,
    message: ERROR_CODES[code].when.replace(/`/g, ""),
    ...(code === "validation_error" ? { field: "user_id" } : {}),
    request_id: "req_9QmT4xY2bWk7",
  },
});

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
  504: "Gateway timeout",
};

function parameters(op: AnyOperation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema, example] of [
    ["path", op.params, op.examples.params],
    ["query", op.query, op.examples.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchemaOf(schema, "input", op.fields);
    const required = new Set((js.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((js.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        description,
        schema: rest,
        ...(example && name in example ? { example: example[name as keyof typeof example] } : {}),
      });
    }
  }
  return out;
}

const headers = {
  "x-request-id": { $ref: "#/components/headers/RequestId" },
  "x-ratelimit-limit": { $ref: "#/components/headers/RateLimitLimit" },
  "x-ratelimit-remaining": { $ref: "#/components/headers/RateLimitRemaining" },
};

function operationObject(op: AnyOperation, schemas: Record<string, JsonSchema>, alias?: string): JsonSchema {
  assertFieldDocs([op.params, op.query, op.body], op.fields);
  const base = schemaBaseName(op);
  const responses: Record<string, JsonSchema> = {};
  for (const r of op.responses) {
    const name = `${base}Response`;
    schemas[name] ??= jsonSchemaOf(r.schema, "output");
    responses[String(r.status)] = {
      description: r.description,
      headers,
      content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` }, example: op.examples.response } },
    };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(op)) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  for (const [status, codes] of byStatus) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? "Error"}: ${codes.map((c) => `\`${c}\``).join(", ")}.`,
      headers: status === 429 ? { ...headers, "retry-after": { $ref: "#/components/headers/RetryAfter" } } : headers,
      "x-error-codes": codes,
      content: {
        "application/json": {
          schema: { $ref: "#/components/schemas/ErrorResponse" },
          examples: Object.fromEntries(codes.map((c) => [c, { summary: ERROR_CODES[c].when, value: exampleError(c) }])),
        },
      },
    };
  }
  let requestBody: JsonSchema | undefined;
  if (op.body) {
    const name = `${base}Request`;
    schemas[name] ??= jsonSchemaOf(op.body, "input", op.fields);
    requestBody = {
      required: true,
      content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` }, example: op.examples.body } },
    };
  }
  const params = parameters(op);
  return {
    operationId: alias ?? op.id,
    summary: alias ? `${op.summary} (alias of ${op.method} ${op.path})` : op.summary,
    description: op.description + (op.examples.source ? `\n\n_Examples:_ ${op.examples.source}` : ""),
    tags: [op.tag],
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    ...(alias ? { "x-pio-alias-of": op.id } : {}),
    ...(op.mcp ? { "x-mcp-tool": op.mcp.tool } : {}),
  };
}

const DESCRIPTION = `Pio turns what your users say and write into a model of each user: a profile summary for the
system prompt, relevant context at every turn, and answers to questions about the user.

**Authentication.** Send your key in the \`x-api-key\` header (or \`Authorization: Bearer <key>\`).
Keys starting with \`pio_sk_test_\` reach your sandbox; \`pio_sk_live_\` keys reach live data. The two never mix.

**Errors.** Every error has one shape, \`{ "error": { "code", "message", "field"?, "request_id" } }\`,
and every response an \`x-request-id\` header. \`field\` names the offending input (\`message_history[3].timestamp\`).
A 429 carries \`Retry-After\` (seconds). Retry 429 and 5xx with backoff; the SDKs do.

**Compatibility.** Responses may gain fields; clients must ignore fields they do not know.

The same operations are available as MCP tools at \`/mcp\` (Streamable HTTP, same keys).`;

/** The OpenAPI 3.1 document of the public API, built from the operation registry. */
export function buildOpenApiDocument(opts: { serverUrl?: string } = {}): JsonSchema {
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operationList) {
    const item = (paths[op.path] ??= {});
    item[op.method.toLowerCase()] = operationObject(op, schemas);
    for (const m of op.aliases ?? []) item[m.toLowerCase()] = operationObject(op, schemas, `${op.id}${pascal(m.toLowerCase())}`);
  }
  // Keep HTTP methods in a stable order within each path.
  for (const [p, item] of Object.entries(paths)) {
    paths[p] = Object.fromEntries(HTTP_METHODS.map((m) => m.toLowerCase()).filter((m) => item[m]).map((m) => [m, item[m]!]));
  }
  schemas.ErrorResponse = jsonSchemaOf(errorResponse, "output", {
    "error.code": { description: "Machine-readable; see the list of codes." },
    "error.message": { description: "What went wrong and how to fix it, for a person." },
    "error.field": { description: "The input field at fault, when there is one." },
    "error.request_id": { description: "Quote it when reporting a problem; also in the `x-request-id` header." },
  });
  return {
    openapi: "3.1.0",
    info: { title: "Pio API", version: API_VERSION, description: DESCRIPTION },
    servers: [{ url: opts.serverUrl ?? "/", description: "The Pio server this document is served by" }],
    security: [{ ApiKeyHeader: [] }, { BearerKey: [] }],
    tags: [
      { name: "Users", description: "Register the people your agent serves." },
      { name: "Ingestion", description: "Send what users say and write." },
      { name: "Profile", description: "The profile summary and questions about the user." },
      { name: "Retrieval", description: "Context for every agent turn." },
    ],
    paths,
    components: {
      securitySchemes: {
        ApiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key", description: "A Pio key: `pio_sk_test_…` (sandbox) or `pio_sk_live_…` (live)." },
        BearerKey: { type: "http", scheme: "bearer", bearerFormat: "pio_sk_…", description: "The same key as a bearer token." },
      },
      schemas,
      headers: {
        RequestId: { description: "The request's id (also in error bodies).", schema: { type: "string", example: "req_9QmT4xY2bWk7" } },
        RateLimitLimit: { description: "Requests per second allowed for this key.", schema: { type: "integer" } },
        RateLimitRemaining: { description: "Requests left in the current second.", schema: { type: "integer" } },
        RetryAfter: { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
      },
    },
    "x-error-codes": Object.fromEntries(Object.entries(ERROR_CODES).map(([code, e]) => [code, { status: e.status, description: e.when }])),
  };
}

/** The JSON Schema of an operation's input for an MCP tool: body, query and path fields in one object. */
export function toolInputSchema(op: AnyOperation): JsonSchema {
  const parts = [op.params, op.query, op.body].filter(Boolean) as z.ZodType[];
  const merged: JsonSchema = { type: "object", properties: {}, required: [] };
  for (const part of parts) {
    const js = jsonSchemaOf(part, "input", op.fields);
    Object.assign(merged.properties as JsonSchema, js.properties);
    (merged.required as string[]).push(...((js.required as string[] | undefined) ?? []));
  }
  return merged;
}
