import type { ErrorCode } from "./generated.ts";

/** Every error the SDK throws. */
export class PioError extends Error {
  override name = "PioError";
}

/**
 * Pio answered with an error: `code` (machine-readable), `message`, `field` (the input at
 * fault, e.g. `message_history[3].timestamp`) and `requestId` (quote it when reporting).
 */
export class PioApiError extends PioError {
  override name = "PioApiError";
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly field?: string;
  readonly requestId?: string;
  readonly headers: Headers;
  /** The parsed response body (or its text when it was not JSON). */
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers) {
    const envelope = (body && typeof body === "object" ? (body as { error?: Record<string, unknown> }).error : undefined) ?? undefined;
    const code = typeof envelope?.code === "string" ? envelope.code : `http_${status}`;
    const message =
      typeof envelope?.message === "string" ? envelope.message : `HTTP ${status}${typeof body === "string" && body ? `: ${body.slice(0, 200)}` : ""}`;
    super(message);
    this.status = status;
    this.code = code;
    this.field = typeof envelope?.field === "string" ? envelope.field : undefined;
    this.requestId = typeof envelope?.request_id === "string" ? envelope.request_id : (headers.get("x-request-id") ?? undefined);
    this.headers = headers;
    this.body = body;
  }

  /** The subclass for a status: `catch (e) { if (e instanceof NotFoundError) … }`. */
  static from(status: number, body: unknown, headers: Headers): PioApiError {
    const Cls =
      status === 400
        ? BadRequestError
        : status === 401
          ? AuthenticationError
          : status === 404
            ? NotFoundError
            : status === 409
              ? ConflictError
              : status === 413
                ? PayloadTooLargeError
                : status === 429
                  ? RateLimitError
                  : status >= 500
                    ? InternalServerError
                    : PioApiError;
    return new Cls(status, body, headers);
  }
}

export class BadRequestError extends PioApiError {
  override name = "BadRequestError";
}
export class AuthenticationError extends PioApiError {
  override name = "AuthenticationError";
}
export class NotFoundError extends PioApiError {
  override name = "NotFoundError";
}
export class ConflictError extends PioApiError {
  override name = "ConflictError";
}
export class PayloadTooLargeError extends PioApiError {
  override name = "PayloadTooLargeError";
}
export class RateLimitError extends PioApiError {
  override name = "RateLimitError";
  /** Seconds the server asked to wait (Retry-After), when it said. */
  get retryAfter(): number | undefined {
    const v = Number(this.headers.get("retry-after"));
    return Number.isFinite(v) && v >= 0 ? v : undefined;
  }
}
export class InternalServerError extends PioApiError {
  override name = "InternalServerError";
}

/** The server could not be reached (after the retries). */
export class PioConnectionError extends PioError {
  override name = "PioConnectionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer within the timeout (after the retries). */
export class PioTimeoutError extends PioConnectionError {
  override name = "PioTimeoutError";
}
