import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  Pio,
  PioApiError,
  PioConnectionError,
  PioTimeoutError,
  RateLimitError,
  retryAfterMs,
} from "@pio/sdk";
import { SPEC_REGISTER, specChunks, specIngest, specQuery } from "@/lib/spec-examples";
import { resetEnvCache } from "@/server/env";
import { resetRateLimits } from "@/server/http/rate-limit";
import { inProcessFetch } from "../helpers/in-process-fetch";
import { testWorkspace, type TestWorkspace } from "../helpers/api";

/** A local server whose answers each test scripts: status, headers, delay. */
interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}
let script: Scripted[] = [];
let seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number }[] = [];
const fake = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, at: performance.now() });
    const next = script.shift() ?? { status: 200, body: { ok: true } };
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(JSON.stringify(next.body ?? {}));
    }, next.delayMs ?? 0);
  });
});
let fakeUrl = "";

beforeAll(async () => {
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(() => {
  fake.closeAllConnections();
  fake.close();
});
afterEach(() => {
  script = [];
  seen = [];
});

const envelope = (code: string, message = "x", field?: string) => ({ error: { code, message, ...(field ? { field } : {}), request_id: "req_test" } });

describe("TypeScript SDK: retries, timeouts and errors (a scripted local server)", () => {
  it("retries 503 and 429 with backoff, then returns the answer", async () => {
    script = [{ status: 503, body: envelope("database_unavailable") }, { status: 429, body: envelope("rate_limited") }, { status: 200, body: { user_id: "u1", created_at: "2025-01-01T00:00:00Z", status: "active" } }];
    const pio = new Pio({ apiKey: "pio_sk_test_x", baseUrl: fakeUrl, maxRetries: 2 });
    const out = await pio.register({ user_id: "u1" });
    expect(out.user_id).toBe("u1");
    expect(seen).toHaveLength(3);
    expect(seen[0]!.headers["x-api-key"]).toBe("pio_sk_test_x");
    expect(JSON.parse(seen[2]!.body)).toEqual({ user_id: "u1" });
  });

  it("waits as long as Retry-After says", async () => {
    script = [{ status: 429, headers: { "retry-after": "1" }, body: envelope("rate_limited") }, { status: 200, body: {} }];
    await new Pio({ apiKey: "k", baseUrl: fakeUrl }).request({ method: "GET", path: "/summary" });
    const waited = seen[1]!.at - seen[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2500);
  });

  it("gives up after maxRetries with a typed error carrying code, message, field and request_id", async () => {
    script = [0, 1, 2].map(() => ({ status: 500, body: envelope("internal_error", "boom") }));
    const err = await new Pio({ apiKey: "k", baseUrl: fakeUrl, maxRetries: 2 }).getSummary({ user_id: "u" }).catch((e) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 500, code: "internal_error", message: "boom", requestId: "req_test" });
    expect(seen).toHaveLength(3);

    script = [{ status: 429, headers: { "retry-after": "0" }, body: envelope("rate_limited") }];
    const limited = await new Pio({ apiKey: "k", baseUrl: fakeUrl, maxRetries: 0 }).getSummary({ user_id: "u" }).catch((e) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfter).toBe(0);
  });

  it("does not retry a 4xx other than 429", async () => {
    script = [{ status: 400, body: envelope("validation_error", "Invalid body field `k`", "k") }];
    const err = await new Pio({ apiKey: "k", baseUrl: fakeUrl }).getChunks({ user_id: "u", history: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ code: "validation_error", field: "k" });
    expect(seen).toHaveLength(1);
  });

  it("times out each attempt and retries it; a non-JSON error still becomes a typed error", async () => {
    script = [{ status: 200, delayMs: 1500 }, { status: 200, delayMs: 1500 }];
    const started = performance.now();
    const err = await new Pio({ apiKey: "k", baseUrl: fakeUrl, timeoutMs: 200, maxRetries: 1 }).query({ user_id: "u", question: "q" }).catch((e) => e);
    expect(err).toBeInstanceOf(PioTimeoutError);
    expect(seen).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1500);

    const html = new Pio({ apiKey: "k", baseUrl: fakeUrl, maxRetries: 0, fetch: (async () => new Response("<html>bad gateway</html>", { status: 502 })) as typeof fetch });
    const e2 = await html.getSummary({ user_id: "u" }).catch((e) => e);
    expect(e2).toBeInstanceOf(PioApiError);
    expect(e2).toMatchObject({ status: 502, code: "http_502" });
  });

  it("an unreachable server is a PioConnectionError after the retries", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await new Pio({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 }).getSummary({ user_id: "u" }).catch((e) => e);
    expect(err).toBeInstanceOf(PioConnectionError);
    expect(err).not.toBeInstanceOf(PioTimeoutError);
  });

  it("reads Retry-After as seconds, as an HTTP date, and retry-after-ms", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });

  it("puts path parameters in the path and query parameters in the URL", async () => {
    script = [{ status: 200, body: {} }, { status: 200, body: {} }];
    const pio = new Pio({ apiKey: "k", baseUrl: fakeUrl });
    await pio.getIngestion({ id: "ing/1 x" });
    await pio.getSummary({ user_id: "usr 1", max_chars: 500 });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(["GET /ingestions/ing%2F1%20x", "GET /summary?user_id=usr+1&max_chars=500"]);
    expect(seen[0]!.body).toBe("");
  });
});

describe("TypeScript SDK against the real route handlers", () => {
  let ws: TestWorkspace;
  let pio: Pio;
  beforeAll(async () => {
    ws = await testWorkspace();
    pio = new Pio({ apiKey: ws.keys.sandbox, baseUrl: "http://pio.test", fetch: inProcessFetch() });
  });
  afterEach(() => {
    delete process.env.RATE_LIMIT_RPS;
    resetEnvCache();
    resetRateLimits();
  });

  it("runs the Quick Start: register, ingest, wait, summary, chunks, query", async () => {
    const reg = await pio.register({ ...SPEC_REGISTER, user_id: "sdk-ash" });
    expect(reg).toMatchObject({ user_id: "sdk-ash", status: "active" });
    const ing = await pio.ingest(specIngest("sdk-ash"));
    const done = await pio.waitForIngestion(ing.ingestion_id, { pollMs: 100 });
    expect(done.status).toBe("done");
    const summary = await pio.getSummary({ user_id: "sdk-ash", max_chars: 500 });
    expect(summary.summary.length).toBeLessThanOrEqual(500);
    expect(summary.summary).toMatch(/sushi|Ash/i);
    const chunks = await pio.getChunks(specChunks("sdk-ash"));
    expect(chunks.chunks.some((c) => /sushi/i.test(c.text))).toBe(true);
    const answer = await pio.query(specQuery("sdk-ash"));
    expect(typeof answer.answer).toBe("string");
  });

  it("throws typed errors from the real envelope", async () => {
    const missing = await pio.getSummary({ user_id: "nobody" }).catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, code: "user_not_found", field: "user_id", requestId: expect.stringMatching(/^req_/) });

    const invalid = await pio.getChunks({ user_id: "sdk-ash", history: [], k: 6 }).catch((e) => e);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect(invalid).toMatchObject({ code: "validation_error", field: "history" });

    const badKey = new Pio({ apiKey: "pio_sk_test_nope", baseUrl: "http://pio.test", fetch: inProcessFetch() });
    expect(await badKey.getSummary({ user_id: "x" }).catch((e) => e)).toMatchObject({ code: "invalid_api_key", status: 401 });
    expect(await badKey.getSummary({ user_id: "x" }).catch((e) => e)).toBeInstanceOf(AuthenticationError);
  });

  it("retries the server's real 429 after its Retry-After and succeeds", async () => {
    process.env.RATE_LIMIT_RPS = "2";
    resetEnvCache();
    resetRateLimits();
    const calls: number[] = [];
    const inner = inProcessFetch();
    const counting = (async (i: RequestInfo | URL, init?: RequestInit) => {
      const res = await inner(i, init);
      calls.push(res.status);
      return res;
    }) as typeof fetch;
    const limited = new Pio({ apiKey: ws.keys.sandbox, baseUrl: "http://pio.test", fetch: counting, maxRetries: 3 });
    const results = await Promise.all([1, 2, 3, 4].map(() => limited.getSummary({ user_id: "sdk-ash" })));
    expect(results.every((r) => r.user_id === "sdk-ash")).toBe(true);
    expect(calls.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(calls.filter((s) => s === 200)).toHaveLength(4);
  });
});
