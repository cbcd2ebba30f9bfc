import type { z } from "zod";
import type { ErrorCode } from "./error-codes";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Documentation of one input field, addressed by path: `user_id`, `history[].role`, `options.dedupe`. */
export interface FieldDoc {
  description: string;
  /**
   * JSON Schema keywords that replace what zod emits, for what zod cannot express (a limit
   * checked in a refinement) or for how a typed client sends it (a query number as `integer`).
   */
  schema?: Record<string, unknown>;
}

export interface SuccessResponse<R extends z.ZodType = z.ZodType> {
  status: number;
  description: string;
  schema: R;
}

/**
 * One public operation: the route validates with its schemas, the OpenAPI document, /docs,
 * the SDKs and the MCP tools are built from it. Adding an endpoint = one entry in
 * operations.ts, its runner in run.ts, and a two-line route file.
 */
export interface Operation<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  /** operationId; the TypeScript SDK's method name (the Python client's in snake_case). */
  id: string;
  method: HttpMethod;
  /** OpenAPI form: `/ingestions/{ingestion_id}`. */
  path: string;
  /** Other methods the same route answers identically (documented, not in the SDKs). */
  aliases?: HttpMethod[];
  tag: string;
  summary: string;
  /** Markdown. */
  description: string;
  body?: B;
  query?: Q;
  params?: P;
  /** A cheap check of the raw JSON before the schema (e.g. item counts, answered with 413). */
  precheck?: (raw: unknown) => import("@/server/http/errors").ApiError | null;
  fields: Record<string, FieldDoc>;
  responses: [SuccessResponse<R>, ...SuccessResponse<R>[]];
  /** Errors specific to this operation; auth, body and parameter errors are added by kind. */
  errors: ErrorCode[];
  examples: {
    body?: unknown;
    query?: Record<string, string | number | boolean>;
    params?: Record<string, string>;
    response: unknown;
    /** Where the examples come from, shown in the reference. */
    source?: string;
  };
  /** Exposed as an MCP tool under this name. */
  mcp?: { tool: string; title: string; description: string };
}

export type AnyOperation = Operation<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType>;

/** Keeps each entry's schema types (for the routes' and runners' typing). */
export function defineOperation<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(op: Operation<B, Q, P, R>): Operation<B, Q, P, R> {
  return op;
}

/** `/ingestions/{id}` → `/ingestions/:id`, the form the request log and the portal show. */
export function routeOf(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}
