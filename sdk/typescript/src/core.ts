import { PioApiError, PioConnectionError, PioError, PioTimeoutError } from "./errors.ts";

export const SDK_VERSION = "1.0.0";

export interface PioOptions {
  /** A Pio key (`pio_sk_test_…` or `pio_sk_live_…`). Default: the PIO_API_KEY environment variable. */
  apiKey?: string;
  /** Default: PIO_URL, else http://localhost:3000. An empty string means "this origin" (browsers). */
  baseUrl?: string;
  /** Per attempt, in milliseconds. Default 60 000 (a /query that runs an agent can take 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and connection errors. Default 2. */
  maxRetries?: number;
  /** Longest wait between attempts, in milliseconds (also caps Retry-After). Default 60 000. */
  maxRetryDelayMs?: number;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  timeoutMs?: number;
  maxRetries?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface RawRequest {
  method: string;
  /** Path, optionally with a query string: `/summary?user_id=u1`. */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** A value sent as JSON, or a string sent as it is (already JSON text). */
  body?: unknown;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when it is JSON. */
  json: unknown;
  requestId?: string;
  /** Time of the last attempt, in milliseconds. */
  durationMs: number;
  attempts: number;
}

/** How an operation maps its input onto the HTTP request (generated from the OpenAPI document). */
export interface OperationSpec {
  method: string;
  path: string;
  pathParams: readonly string[];
  queryParams: readonly string[];
  body: boolean;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Seconds or an HTTP date, as Retry-After allows; `retry-after-ms` too. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const v = headers.get("retry-after");
  if (v === null || v.trim() === "") return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const retryable = (status: number) => status === 429 || status >= 500;

/** Transport of the Pio SDK: authentication, JSON, timeouts, retries with backoff, typed errors. */
export class PioCore {
  readonly baseUrl: string;
  protected readonly apiKey: string | undefined;
  protected readonly timeoutMs: number;
  protected readonly maxRetries: number;
  protected readonly maxRetryDelayMs: number;
  protected readonly fetchImpl: typeof fetch;
  protected readonly defaultHeaders: Record<string, string>;

  constructor(options: PioOptions = {}) {
    this.apiKey = options.apiKey ?? env("PIO_API_KEY");
    this.baseUrl = (options.baseUrl ?? env("PIO_URL") ?? "http://localhost:3000").replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    const f = options.fetch ?? globalThis.fetch;
    if (!f) throw new PioError("No fetch implementation: pass `fetch` in the options (Node 18+ has one built in).");
    this.fetchImpl = f.bind(globalThis);
    this.defaultHeaders = options.headers ?? {};
  }

  /** Backoff before retry number `retry` (1-based): 0.5 s, 1 s, 2 s, … up to 8 s, with jitter. */
  protected backoffMs(retry: number): number {
    const base = Math.min(8_000, 500 * 2 ** (retry - 1));
    return base * (0.75 + Math.random() * 0.25);
  }

  /**
   * Sends a request and returns the response whatever its status (retrying 429 and 5xx
   * first). Throws only when the server could not be reached.
   */
  async raw(req: RawRequest, options: RequestOptions = {}): Promise<RawResponse> {
    const url = new URL(req.path, this.baseUrl || (globalThis as { location?: { origin: string } }).location?.origin || "http://localhost");
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    const target = this.baseUrl ? url.toString() : url.pathname + url.search;
    const headers: Record<string, string> = { accept: "application/json", "x-pio-sdk": `typescript/${SDK_VERSION}`, ...this.defaultHeaders, ...options.headers };
    if (this.apiKey) headers["x-api-key"] = this.apiKey;
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
      headers["content-type"] = "application/json";
    }
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;

    for (let attempt = 1; ; attempt++) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const onAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const started = performance.now();
      let failure: PioConnectionError | undefined;
      try {
        const res = await this.fetchImpl(target, { method: req.method, headers, body: payload, signal: controller.signal, cache: "no-store" });
        const text = await res.text();
        const durationMs = Math.round(performance.now() - started);
        if (retryable(res.status) && attempt <= maxRetries) {
          const hinted = retryAfterMs(res.headers);
          await sleep(Math.min(this.maxRetryDelayMs, hinted ?? this.backoffMs(attempt)), options.signal);
          continue;
        }
        let json: unknown = undefined;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON */
        }
        return { status: res.status, headers: res.headers, text, json, requestId: res.headers.get("x-request-id") ?? undefined, durationMs, attempts: attempt };
      } catch (e) {
        if (options.signal?.aborted) throw options.signal.reason ?? e;
        failure = timedOut
          ? new PioTimeoutError(`No answer from ${req.method} ${url.pathname} within ${timeoutMs} ms.`, { cause: e })
          : new PioConnectionError(`Could not reach ${url.origin}: ${(e as Error)?.message ?? e}`, { cause: e });
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      }
      if (attempt > maxRetries) throw failure;
      await sleep(Math.min(this.maxRetryDelayMs, this.backoffMs(attempt)), options.signal);
    }
  }

  /** Sends a request; a non-2xx answer throws the matching PioApiError subclass. */
  async request<T>(req: RawRequest, options?: RequestOptions): Promise<T> {
    const res = await this.raw(req, options);
    if (res.status >= 200 && res.status < 300) return res.json as T;
    throw PioApiError.from(res.status, res.json ?? res.text, res.headers);
  }

  /** Runs an operation: path parameters into the path, query parameters into the URL, the rest as the JSON body. */
  protected call<T>(op: OperationSpec, input: object | undefined, options?: RequestOptions): Promise<T> {
    const rest: Record<string, unknown> = { ...(input ?? {}) };
    let path = op.path;
    for (const name of op.pathParams) {
      const v = rest[name];
      if (v === undefined || v === null || v === "") throw new PioError(`${op.method} ${op.path}: \`${name}\` is required.`);
      path = path.replace(`{${name}}`, encodeURIComponent(String(v)));
      delete rest[name];
    }
    const query: Record<string, string | number | boolean | undefined> = {};
    for (const name of op.queryParams) {
      query[name] = rest[name] as string | number | boolean | undefined;
      delete rest[name];
    }
    return this.request<T>({ method: op.method, path, query, body: op.body ? rest : undefined }, options);
  }
}
