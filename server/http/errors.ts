import type { z } from "zod";
import { DOMAIN_ERROR_STATUS, DomainError } from "@/server/service/errors";

/** A failure the client can act on, rendered as `{ error: { code, message, request_id } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, field?: string) =>
  new ApiError(400, code, message, { field });
export const notFound = (code: string, message: string) => new ApiError(404, code, message);

/** `message_history[3].timestamp` from zod's path segments. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

export function validationError(error: z.ZodError, where: "body" | "query"): ApiError {
  const issue = error.issues[0]!;
  const field = fieldPath(issue.path);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : "";
  const message = field
    ? `Invalid ${where} field \`${field}\`: ${issue.message}${more}`
    : `Invalid request ${where}: ${issue.message}${more}`;
  return new ApiError(400, "validation_error", message, { field: field || undefined });
}

export function errorBody(err: ApiError, requestId: string) {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.extra.field ? { field: err.extra.field } : {}),
      request_id: requestId,
    },
  };
}

/** A domain error in the public envelope: its status from the one status map, its code and field. */
export function fromDomainError(err: DomainError): ApiError {
  return new ApiError(DOMAIN_ERROR_STATUS[err.kind], err.code, err.message, { field: err.field });
}

/**
 * Any failure as the public envelope's error: ApiError as is, a DomainError through the status
 * map, anything else as a 500 that leaks nothing (the caller logs the original).
 */
export function toApiError(e: unknown, requestId: string): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof DomainError) return fromDomainError(e);
  return new ApiError(500, "internal_error", `Something went wrong on our side. Reference: ${requestId}.`);
}

/** Whether a failure is one the client caused or can act on (not logged as a server fault). */
export const isExpectedError = (e: unknown) => e instanceof ApiError || e instanceof DomainError;
