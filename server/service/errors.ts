/**
 * Domain errors: plain, transport-free. Each transport maps them once — the public REST wrapper
 * and the MCP server to `{ error: { code, message, field? } }` with an HTTP status
 * (server/http/errors.ts `fromDomainError`), tRPC to a TRPCError (server/api/trpc.ts).
 */
export type DomainErrorKind = "not_found" | "invalid" | "conflict" | "forbidden" | "too_large" | "unavailable" | "timeout";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** A stable machine code, e.g. `user_not_found`, `memory_not_found`, `validation_error`. */
    readonly code: string,
    message: string,
    /** The input field at fault, in the client's own spelling (`text`, `options.wait`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFoundError = (code: string, message: string, field?: string) => new DomainError("not_found", code, message, field);
export const invalidError = (field: string, message: string, code = "validation_error") =>
  new DomainError("invalid", code, message, field);
export const conflictError = (code: string, message: string, field?: string) => new DomainError("conflict", code, message, field);
export const forbiddenError = (code: string, message: string) => new DomainError("forbidden", code, message);
export const timeoutError = (code: string, message: string) => new DomainError("timeout", code, message);
export const tooLargeError = (code: string, message: string, field?: string) => new DomainError("too_large", code, message, field);

export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  too_large: 413,
  unavailable: 503,
  timeout: 504,
};
