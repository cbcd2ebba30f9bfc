/**
 * Every error code the public API answers with, its HTTP status and when it happens. The
 * OpenAPI document, the /docs page and the SDKs' typed errors are built from this list; a
 * contract test fails when the code throws a code that is not here.
 */
export const ERROR_CODES = {
  missing_api_key: { status: 401, when: "No `x-api-key` header (nor `Authorization: Bearer`)." },
  invalid_api_key: { status: 401, when: "The key is not a Pio key of any workspace." },
  revoked_api_key: { status: 401, when: "The key was revoked." },
  expired_api_key: { status: 401, when: "The key is past its expiry." },
  missing_body: { status: 400, when: "The request has no JSON body." },
  invalid_json: { status: 400, when: "The body is not valid JSON." },
  validation_error: { status: 400, when: "A field is missing or wrong; `field` names it (e.g. `message_history[3].timestamp`)." },
  user_not_found: { status: 404, when: "No user with this `user_id` in the key's workspace and environment." },
  memory_not_found: { status: 404, when: "No memory with this id in the key's workspace and environment." },
  ingestion_not_found: { status: 404, when: "No ingestion with this id in the key's workspace and environment." },
  method_not_allowed: { status: 405, when: "The path exists, but not for this method (`Allow` lists the methods)." },
  email_conflict: { status: 409, when: "The email is already registered to another `user_id`." },
  registration_conflict: { status: 409, when: "The same user was being registered concurrently; retry the request." },
  payload_too_large: { status: 413, when: "The body is larger than 10 MB." },
  too_many_items: { status: 413, when: "More than 5,000 messages or 500 documents in one request; split the batch." },
  rate_limited: { status: 429, when: "Too many requests for this key; retry after `Retry-After` seconds." },
  internal_error: { status: 500, when: "A failure on Pio's side; quote `request_id` when reporting it." },
  database_unavailable: { status: 503, when: "The database cannot be reached; retry shortly." },
  query_timeout: { status: 504, when: "Answering the question took longer than 30 s." },
} as const satisfies Record<string, { status: number; when: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Answered by every authenticated operation. */
export const AUTH_ERRORS: ErrorCode[] = [
  "missing_api_key",
  "invalid_api_key",
  "revoked_api_key",
  "expired_api_key",
  "rate_limited",
  "internal_error",
  "database_unavailable",
];
/** Answered by every operation that reads a JSON body. */
export const BODY_ERRORS: ErrorCode[] = ["missing_body", "invalid_json", "validation_error", "payload_too_large"];
/** Answered by every operation that reads query or path parameters. */
export const PARAMETER_ERRORS: ErrorCode[] = ["validation_error"];
