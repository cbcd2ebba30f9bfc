import { Pio } from "@pio/sdk";

/**
 * The playground's requests: the TypeScript SDK's transport (sdk/typescript) calling the public
 * REST API on this origin with the playground's sandbox key, as a developer's code would (429
 * and 5xx retried with backoff, a timeout); the request is sent as typed and the response shown
 * whatever its status.
 */
export interface ApiRequest {
  method: "GET" | "POST";
  /** Path and query, e.g. `/summary?user_id=usr_1&max_chars=1000`. */
  path: string;
  /** JSON text, sent as typed. */
  body?: string;
}

export interface ApiResponse {
  status: number;
  latencyMs: number;
  headers: [string, string][];
  text: string;
  json: unknown;
  /** The error code of the envelope, when there is one. */
  errorCode?: string;
}

export function requestHeaders(key: string, withBody: boolean): Record<string, string> {
  return withBody ? { "x-api-key": key, "Content-Type": "application/json" } : { "x-api-key": key };
}

export async function sendApiRequest(req: ApiRequest, key: string, signal?: AbortSignal): Promise<ApiResponse> {
  const withBody = req.method !== "GET" && req.body !== undefined;
  const pio = new Pio({ apiKey: key, baseUrl: "" });
  const res = await pio.raw({ method: req.method, path: req.path, body: withBody ? req.body : undefined }, { signal });
  const json = res.json;
  const errorCode =
    json && typeof json === "object" && "error" in json ? ((json as { error?: { code?: string } }).error?.code ?? undefined) : undefined;
  return { status: res.status, latencyMs: res.durationMs, headers: [...res.headers.entries()], text: res.text, json, errorCode };
}

/** 401s that a fresh playground key fixes (the previous one was revoked, expired or rolled). */
export function isStaleKey(r: ApiResponse): boolean {
  return r.status === 401 && ["revoked_api_key", "expired_api_key", "invalid_api_key"].includes(r.errorCode ?? "");
}
