import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as chunksRoute from "@/app/(api)/chunks/route";
import * as ingestRoute from "@/app/(api)/ingest/route";
import * as ingestionRoute from "@/app/(api)/ingestions/[id]/route";
import * as queryRoute from "@/app/(api)/query/route";
import * as registerRoute from "@/app/(api)/register/route";
import * as summaryRoute from "@/app/(api)/summary/route";
import * as profileRoute from "@/app/(api)/profile/route";
import * as mcpRoute from "@/app/mcp/route";
import { waitForIdle } from "@/inngest/runner";
import { call, flushRequestLogs, testWorkspace, type CallOptions, type CallResult, type TestWorkspace } from "../helpers/api";
import { findRaw } from "../helpers/database-text";

/**
 * Issue 10, item 10: a property-based test over every public endpoint. Random and hostile
 * JSON — valid requests with fields replaced by hostile values, arbitrary JSON, raw bytes —
 * never yields a 5xx, every 4xx is the error envelope, a rejected request stores nothing, and the
 * request log (which keeps a rejected request's error body) never holds the personal values sent.
 * Runs are bounded (FUZZ_RUNS, default below) so the suite stays fast; a failure prints the
 * seed and the shrunk request to replay it (FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let t: TestWorkspace;
let dirty = true;

beforeAll(async () => {
  t = await testWorkspace();
  const reg = await call(registerRoute.POST, "POST", "/register", {
    key: t.keys.sandbox,
    body: { user_id: "fz-user", traits: { name: "Fuzz Tester" } },
  });
  expect(reg.status).toBe(201);
  const ing = await call(ingestRoute.POST, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: { user_id: "fz-user", message_history: [{ role: "user", content: "I love sushi and late dinners." }] },
  });
  expect(ing.status).toBe(200);
  ingestionId = ing.body.ingestion_id;
  await waitForIdle();
});
let ingestionId = "";

/** Rows and content of every table a public request could write (request logs and key usage aside). */
async function footprint(): Promise<string> {
  const tables = [
    "end_users", "ingestions", "messages", "documents", "memories", "document_chunks", "stage3_entries",
    "stage3_runs", "search_index", "search_terms", "profile_summaries", "profile_sources", "query_answers",
  ];
  const parts = tables.map((name) => `(select count(*) || ':' || coalesce(sum(hashtext(x::text)), 0) from ${name} x)`);
  const { rows } = await t.db.execute<{ f: string }>(sql.raw(`select concat_ws(' ', ${parts.join(", ")}) as f`));
  return rows[0]!.f;
}

/** The personal values among the hostile strings, as sent: never in a request log row. */
const PII_SENT = ["maria@examplemail.com", "4111 1111 1111 1111", "536 22 8812"];

async function expectRequestLogsClean(): Promise<void> {
  await flushRequestLogs();
  const { rows } = await t.db.execute<{ j: string }>(sql`select to_jsonb(r)::text as j from request_logs r where workspace_id = ${t.workspace.id}`);
  expect(rows.length).toBeGreaterThan(0);
  expect(findRaw(rows.map((r) => r.j).join("\n"), PII_SENT)).toBeNull();
  // Every request was logged: one row that cannot be stored must not lose its batch.
  const logged = new Set(rows.map((r) => (JSON.parse(r.j) as { request_id: string }).request_id));
  expect(sent.filter((id) => !logged.has(id))).toEqual([]);
}

/** Request ids of the REST requests sent (each must have its log row). */
const sent: string[] = [];

type Handler = Parameters<typeof call>[0];

/** Sends one request and checks the properties; returns the response for the caller's own checks. */
async function check(handler: Handler, method: string, path: string, opts: CallOptions, refusedInside?: (res: CallResult) => boolean): Promise<CallResult> {
  if (dirty) {
    await waitForIdle(); // background work of an earlier accepted request must not count as "stored"
    dirty = false;
  }
  const before = await footprint();
  const res = await call(handler, method, path, { key: t.keys.sandbox, ...opts });
  const shown = () => `${method} ${path} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 400)}`;
  if (path !== "/mcp") sent.push(res.headers.get("x-request-id")!);
  expect(res.status, shown()).toBeLessThan(500);
  expect(res.headers.get("content-type") ?? "", shown()).toMatch(/application\/json/);
  if (res.status >= 400) {
    expect(res.body, shown()).toEqual({
      error: expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String), request_id: expect.stringMatching(/^req_/) }),
    });
    expect(res.body.error.message.length, shown()).toBeGreaterThan(0);
    if ("field" in res.body.error) expect(typeof res.body.error.field, shown()).toBe("string");
    expect(await footprint(), `a rejected request stored something: ${shown()}`).toBe(before);
  } else if (refusedInside?.(res)) {
    expect(await footprint(), `a refused call stored something: ${shown()}`).toBe(before);
  } else {
    expect(res.body !== null && typeof res.body === "object", shown()).toBe(true);
    dirty = true;
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const nasty = fc.constantFrom(
  "", " ", "\u0000", "a\u0000b", "\ud800x", "x\udfff", "\t\n\r", "\u202e\u200b\ufeff", "𝕏🙂", "%00", "%ud800",
  "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:60Z", "2025-02-30", "-000001-01-01T00:00:00Z", "+275760-09-13T00:00:00Z",
  "__proto__", "constructor", "prototype", "toString", "' OR 1=1 --", "'); drop table end_users; --", "$1", "\\", "\\u0000",
  "<script>alert(1)</script>", "../../etc/passwd", "null", "undefined", "NaN", "-1", "1e999", "ws_x", "usr_42af7c", "fz-user",
  "maria@examplemail.com 4111 1111 1111 1111 536 22 8812", "maria@examplemail.com", "x".repeat(3000), "é".repeat(40_000),
);
const hostileString = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), loneSurrogate, fc.constant("\u0000")), { maxLength: 6 }).map((a) => a.join("")) },
);
const deep = fc.tuple(fc.integer({ min: 6, max: 120 }), fc.boolean()).map(([n, arr]) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = arr ? [v] : { a: v };
  return v;
});
const hostileKey = fc.oneof(nasty, fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 8 }));
const { value: hostileValue } = fc.letrec((tie) => ({
  // Strings first: most fields are strings, and most of what broke was a string.
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 8, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.integer({ min: -(2 ** 53), max: 2 ** 53 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, 1.5, 1e308, -1e308, 2 ** 31, 4.9e-324, 1e21) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileKey, tie("value"), { maxKeys: 3 }) },
  ),
}));

// ---------------------------------------------------------------------------------------------
// Requests: valid templates with a few fields replaced, removed or added; or anything at all.

type Json = unknown;
type Path = (string | number)[];

function pathsOf(v: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...prefix, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...prefix, k]));
  return out;
}

function setAt(root: Json, path: Path, value: Json | typeof REMOVE): Json {
  if (!path.length) return value === REMOVE ? {} : value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (value === REMOVE) {
      if (Array.isArray(copy)) copy.splice(head as number, 1);
      else delete copy[head as string];
    } else Object.defineProperty(copy, head as string, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  copy[head as string] = setAt(copy[head as string], rest, value);
  return copy;
}
const REMOVE = Symbol("remove");

function mutated(template: Json) {
  // Leaves (where the values are) three times as often as whole objects and arrays.
  const all = pathsOf(template);
  const leaves = all.filter((p) => all.every((q) => q.length <= p.length || q.slice(0, p.length).join("\u0001") !== p.join("\u0001")));
  const paths = [...all, ...leaves, ...leaves];
  const mutation = fc.tuple(
    fc.constantFrom(...paths),
    fc.oneof({ weight: 6, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant(REMOVE) }),
    fc.option(fc.tuple(hostileKey, hostileValue), { freq: 4 }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 2 }).map((ms) => {
    let body = template;
    for (const [path, value, extra] of ms) {
      body = setAt(body, path, value);
      if (extra && body && typeof body === "object" && !Array.isArray(body)) body = setAt(body, [extra[0]], extra[1]);
    }
    return body;
  });
}

/** A body as JSON, or raw text/bytes that are not quite JSON. */
function bodyFor(template: Json) {
  return fc.oneof(
    { weight: 8, arbitrary: mutated(template).map((body): CallOptions => ({ raw: JSON.stringify(body) ?? "null" })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((body): CallOptions => ({ raw: JSON.stringify(body) })) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom('{"user_id":"fz-user","x":"\\ud800"}', '{"user_id":"fz-user"', "\ufeff{}", "[]", '{"user_id":1e999}', '{"__proto__":{"user_id":"fz-user"}}', "null", '"str"'),
        fc.string({ unit: "binary", maxLength: 30 }),
        fc.uint8Array({ maxLength: 30 }).map((b) => new Uint8Array([0x7b, ...b, 0xff, 0x7d])),
      ).map((raw): CallOptions => ({ raw })),
    },
  );
}

const registerTemplate = {
  user_id: "fz-user",
  email: "fuzz@example.com",
  purpose: "dining concierge",
  traits: { name: "Fuzz Tester", timezone: "Europe/Madrid", prefs: { food: ["sushi"] } },
};
const ingestTemplate = {
  user_id: "fz-user",
  source: "fuzz",
  message_history: [{ id: "m1", role: "user", content: "I like ramen on Fridays.", timestamp: "2025-11-01T10:00:00Z" }],
  documents: [{ content: "Trip notes: Lyon in May.", title: "Trip", doc_id: "d1", document_type: "note", created_at: "2025-11-01" }],
  options: { dedupe: true },
};
const chunksTemplate = {
  user_id: "fz-user",
  history: [{ role: "user", content: "what food do I like?" }],
  k: 3,
  similarity_threshold: 0.2,
  max_context_turns: 2,
  exclude_chunk_ids: ["x"],
};
const queryTemplate = { user_id: "fz-user", question: "What food does the user like?", use_cache: true };

const params = { numRuns: RUNS, seed: SEED, endOnFailure: true } as const;

describe("property: hostile input to every public endpoint never yields a 5xx, always the envelope, stores nothing when rejected", () => {
  it("POST /register and PUT /register", { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(bodyFor(registerTemplate), fc.boolean(), async (opts, put) => {
        await check(put ? registerRoute.PUT : registerRoute.POST, put ? "PUT" : "POST", "/register", opts);
      }),
      params,
    );
  });

  it("POST /ingest", { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(bodyFor(ingestTemplate), async (opts) => void (await check(ingestRoute.POST, "POST", "/ingest", opts))), params);
  });

  it("POST /chunks", { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(bodyFor(chunksTemplate), async (opts) => void (await check(chunksRoute.POST, "POST", "/chunks", opts))), params);
  });

  it("POST /query", { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(bodyFor(queryTemplate), async (opts) => void (await check(queryRoute.POST, "POST", "/query", opts))), params);
  });

  it("GET /summary (query string)", { timeout: 240_000 }, async () => {
    const value = fc.oneof(hostileString, fc.constantFrom("fz-user", "1000", "0", "-5", "20001", "1.5", "abc"));
    const query = fc
      .tuple(fc.record({ user_id: value, max_chars: value, purpose: value }, { requiredKeys: [] }), fc.dictionary(hostileKey, value, { maxKeys: 2 }))
      .map(([known, extra]) => ({ ...extra, ...known }));
    await fc.assert(
      fc.asyncProperty(query, async (q) => void (await check(summaryRoute.GET, "GET", "/summary", { query: q as Record<string, string> }))),
      params,
    );
  });

  it("GET /profile (query string)", { timeout: 240_000 }, async () => {
    const value = fc.oneof(hostileString, fc.constantFrom("fz-user", "all", "current", "ALL", "superseded"));
    const query = fc
      .tuple(fc.record({ user_id: value, status: value }, { requiredKeys: [] }), fc.dictionary(hostileKey, value, { maxKeys: 2 }))
      .map(([known, extra]) => ({ ...extra, ...known }));
    await fc.assert(
      fc.asyncProperty(query, async (q) => void (await check(profileRoute.GET, "GET", "/profile", { query: q as Record<string, string> }))),
      params,
    );
  });

  it("GET /ingestions/:id (path)", { timeout: 240_000 }, async () => {
    const id = fc.oneof(hostileString, fc.constant(ingestionId || "ing_x"));
    await fc.assert(fc.asyncProperty(id, async (raw) => void (await check(ingestionRoute.GET, "GET", "/ingestions/x", { params: { id: raw } }))), params);
  });

  it("POST /mcp tools/call (tool arguments are request input too)", { timeout: 240_000 }, async () => {
    const tools = {
      register_user: registerTemplate,
      ingest: ingestTemplate,
      get_relevant_chunks: chunksTemplate,
      query_user_profile: queryTemplate,
      get_summary: { user_id: "fz-user", max_chars: 300, purpose: "dining" },
      get_user_profile: { user_id: "fz-user", status: "current" },
      get_ingestion: { id: ingestionId || "ing_x" },
    };
    const call = fc.oneof(
      ...Object.entries(tools).map(([name, template]) => mutated(template).map((args) => ({ name, args }))),
    );
    await fc.assert(
      fc.asyncProperty(call, async ({ name, args }) => {
        const res = await check(mcpRoute.POST as Handler, "POST", "/mcp", {
          headers: { accept: "application/json, text/event-stream", "content-type": "application/json" },
          raw: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }) ?? "null",
        }, (r) => Boolean(r.body?.result?.isError || r.body?.error));
        if (res.status !== 200 || !res.body?.result?.isError) return;
        // A refused tool call: the REST envelope inside, a client error (check() compared the database).
        const error = JSON.parse(res.body.result.content[0].text).error;
        expect(error, JSON.stringify(error)).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
        expect(error.code, `${name} ${JSON.stringify(args)?.slice(0, 300)} → ${JSON.stringify(error)}`).not.toBe("internal_error");
      }),
      params,
    );
  });

  it("methods a route does not have answer 405 in the envelope", async () => {
    for (const [handler, method, path] of [
      [registerRoute.GET, "GET", "/register"],
      [ingestRoute.GET, "GET", "/ingest"],
      [chunksRoute.DELETE, "DELETE", "/chunks"],
      [queryRoute.PUT, "PUT", "/query"],
      [summaryRoute.POST, "POST", "/summary"],
      [profileRoute.DELETE, "DELETE", "/profile"],
      [ingestionRoute.PATCH, "PATCH", "/ingestions/x"],
    ] as const) {
      const res = await check(handler as Handler, method, path, method === "GET" ? { query: { user_id: "\u0000" } } : { raw: '{"user_id":"\\u0000"}' });
      expect(res.status).toBe(405);
    }
  });

  it("the request log kept every rejected request's error body without the personal values sent", async () => {
    // A field named by a trait key that is an email, a message that quotes a value.
    for (const body of [
      { user_id: "fz-user", traits: { "maria@examplemail.com": { a: { b: "\u0000" } } } },
      { user_id: "maria@examplemail.com 4111 1111 1111 1111 536 22 8812\u0000" },
    ]) {
      const res = await check(registerRoute.POST, "POST", "/register", { raw: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
    await expectRequestLogsClean();
  });
});
