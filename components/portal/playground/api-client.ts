/**
 * The playground's requests: plain fetch calls to the public REST API on this origin, with
 * the playground's sandbox key, exactly as a developer's code would make them.
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
  const started = performance.now();
  const res = await fetch(req.path, {
    method: req.method,
    headers: requestHeaders(key, withBody),
    body: withBody ? req.body : undefined,
    cache: "no-store",
    signal,
  });
  const text = await res.text();
  const latencyMs = Math.round(performance.now() - started);
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  const errorCode =
    json && typeof json === "object" && "error" in json ? ((json as { error?: { code?: string } }).error?.code ?? undefined) : undefined;
  return { status: res.status, latencyMs, headers: [...res.headers.entries()], text, json, errorCode };
}

/** 401s that a fresh playground key fixes (the previous one was revoked, expired or rolled). */
export function isStaleKey(r: ApiResponse): boolean {
  return r.status === 401 && ["revoked_api_key", "expired_api_key", "invalid_api_key"].includes(r.errorCode ?? "");
}
