import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as getOpenApi } from "@/app/openapi.json/route";
import { waitForIdle } from "@/inngest/runner";
import { HTTP_METHODS, type AnyOperation } from "@/server/contract/define";
import { ERROR_CODES } from "@/server/contract/error-codes";
import { assertFieldDocs, fieldPaths, type JsonSchema } from "@/server/contract/json-schema";
import { operationList } from "@/server/contract/operations";
import { errorResponse } from "@/server/contract/responses";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * The routes and /openapi.json must agree: every route a client can call is documented, every
 * documented operation exists, and the fields each route validates are exactly the fields the
 * document lists — checked against the schemas the route handlers hold and, for every field,
 * by sending a wrong value to the real handler and seeing it refused by name.
 */
const root = path.resolve(import.meta.dirname, "../..");

/** Routes that are not REST operations, and why. */
const NOT_REST: Record<string, string> = {
  "/mcp": "the MCP transport; its tools are listed by tools/list (tests/e2e integrations)",
  "/openapi.json": "the document itself",
};

type Handler = ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { operation?: AnyOperation };

interface RouteFile {
  file: string;
  /** OpenAPI form: /ingestions/{id} */
  path: string;
  module: Record<string, unknown>;
}

function routeFiles(dir = path.join(root, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

function urlPathOf(file: string): string {
  const rel = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
  const segs = rel.filter((s) => s && !/^\(.*\)$/.test(s)).map((s) => s.replace(/^\[(.+)\]$/, "{$1}"));
  return "/" + segs.join("/");
}

let doc: JsonSchema;
let routes: RouteFile[];
let ws: TestWorkspace;

const resolveRef = (s: JsonSchema): JsonSchema =>
  typeof s.$ref === "string" ? (nodeAtPointer(doc, s.$ref) as JsonSchema) : s;
function nodeAtPointer(d: JsonSchema, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], d);
}

function documented(p: string, method: string): JsonSchema | undefined {
  return ((doc.paths as Record<string, Record<string, JsonSchema>>)[p] ?? {})[method.toLowerCase()];
}

const fill = (p: string, params: Record<string, string> = {}) => p.replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? "x"));

beforeAll(async () => {
  doc = await getOpenApi().json();
  routes = [];
  for (const file of routeFiles()) {
    const p = urlPathOf(file);
    if (p.startsWith("/api/") || p in NOT_REST) continue;
    routes.push({ file: path.relative(root, file), path: p, module: await import(file) });
  }
  ws = await testWorkspace();
});

describe("the routes and /openapi.json agree", () => {
  it("is a valid OpenAPI 3.1 document (the specification's own JSON Schema) with every registered operation", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    for (const op of operationList) expect(documented(op.path, op.method), `${op.method} ${op.path}`).toBeDefined();
    expect(routes.length).toBeGreaterThanOrEqual(6);
  });

  it("every method a route answers is documented, and every documented operation has a route", async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const r of routes) {
      for (const m of HTTP_METHODS) {
        const handler = r.module[m] as Handler | undefined;
        if (!handler) {
          if (documented(r.path, m)) problems.push(`${m} ${r.path} is documented but ${r.file} does not export ${m}`);
          continue;
        }
        // Without a key: a real operation asks for one (401); a method the route lacks answers 405.
        const res = await handler(new Request(`http://localhost${fill(r.path)}`, { method: m }), { params: Promise.resolve({}) });
        if (res.status === 405) {
          if (documented(r.path, m)) problems.push(`${m} ${r.path} is documented but the route answers 405`);
          continue;
        }
        seen.add(`${m} ${r.path}`);
        if (!documented(r.path, m)) problems.push(`${m} ${r.path} (${r.file}) answers ${res.status} but is not in /openapi.json`);
        if (!handler.operation) problems.push(`${m} ${r.path} (${r.file}) is not built from the operation registry (server/contract/operations.ts)`);
      }
    }
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const m of Object.keys(item)) if (!seen.has(`${m.toUpperCase()} ${p}`)) problems.push(`${m.toUpperCase()} ${p} is documented but no route answers it`);
    }
    expect(problems).toEqual([]);
  });

  it("each route validates exactly the fields the document lists (body, query and path)", () => {
    const problems: string[] = [];
    const compare = (where: string, route: string[], documentedFields: string[]) => {
      for (const f of route) if (!documentedFields.includes(f)) problems.push(`${where}: the route accepts \`${f}\`, the document lacks it`);
      for (const f of documentedFields) if (!route.includes(f)) problems.push(`${where}: the document lists \`${f}\`, the route does not accept it`);
    };
    for (const r of routes) {
      for (const m of HTTP_METHODS) {
        const op = (r.module[m] as Handler | undefined)?.operation;
        const d = documented(r.path, m);
        if (!op || !d) continue;
        const where = `${m} ${r.path}`;
        const bodySchema = (d.requestBody as JsonSchema | undefined)?.content as Record<string, { schema: JsonSchema }> | undefined;
        compare(
          `${where} body`,
          op.body ? fieldPaths(z.toJSONSchema(op.body, { io: "input", unrepresentable: "any" }) as JsonSchema) : [],
          bodySchema ? fieldPaths(resolveRef(bodySchema["application/json"]!.schema)) : [],
        );
        const params = (d.parameters ?? []) as { name: string; in: string }[];
        for (const [where2, schema, loc] of [
          ["query", op.query, "query"],
          ["path", op.params, "path"],
        ] as const) {
          const routeFields = schema ? Object.keys((z.toJSONSchema(schema, { io: "input" }) as JsonSchema).properties ?? {}) : [];
          compare(`${where} ${where2}`, routeFields, params.filter((p) => p.in === loc).map((p) => p.name));
        }
        const template = [...r.path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
        compare(`${where} path template`, template, params.filter((p) => p.in === "path").map((p) => p.name));
      }
    }
    expect(problems).toEqual([]);
  });

  it("every documented field is really validated: a wrong value is refused naming that field", async () => {
    const problems: string[] = [];
    for (const r of routes) {
      for (const m of HTTP_METHODS) {
        const handler = r.module[m] as Handler | undefined;
        const op = handler?.operation;
        const d = documented(r.path, m);
        if (!handler || !op || !d || op.method !== m) continue;
        const probes: { field: string; body?: unknown; query?: Record<string, string>; params?: Record<string, string> }[] = [];
        const bodySchema = (d.requestBody as JsonSchema | undefined)?.content as Record<string, { schema: JsonSchema }> | undefined;
        if (bodySchema) {
          const js = resolveRef(bodySchema["application/json"]!.schema);
          for (const [name, prop] of Object.entries((js.properties ?? {}) as Record<string, JsonSchema>)) {
            probes.push({ field: name, body: { ...(op.examples.body as object), [name]: wrongJsonValue(prop) } });
          }
        }
        for (const p of (d.parameters ?? []) as { name: string; in: string; schema: JsonSchema }[]) {
          const bad = wrongStringValue(p.schema);
          if (bad === undefined) continue;
          const base = Object.fromEntries(Object.entries(op.examples.query ?? {}).map(([k, v]) => [k, String(v)]));
          if (p.in === "query") probes.push({ field: p.name, query: { ...base, [p.name]: bad } });
          else probes.push({ field: p.name, params: { ...op.examples.params, [p.name]: bad }, query: base, body: op.examples.body });
        }
        for (const probe of probes) {
          const res = await call(handler, m, fill(r.path, probe.params), { key: ws.keys.sandbox, body: probe.body, query: probe.query, params: probe.params });
          const ok = res.status === 400 && res.body?.error?.code === "validation_error" && String(res.body.error.field ?? "").split(/[.[]/)[0] === probe.field;
          if (!ok) problems.push(`${m} ${r.path}: a wrong \`${probe.field}\` got ${res.status} ${JSON.stringify(res.body?.error ?? res.body)}`);
          else expect(errorResponse.safeParse(res.body).success).toBe(true);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("responses and examples match the documented schemas", () => {
  it("each operation's examples are valid input and a valid response", () => {
    for (const op of operationList) {
      if (op.body) expect(op.body.safeParse(op.examples.body).error, `${op.id} request example`).toBeUndefined();
      if (op.query) {
        const q = Object.fromEntries(Object.entries(op.examples.query ?? {}).map(([k, v]) => [k, String(v)]));
        expect(op.query.safeParse(q).error, `${op.id} query example`).toBeUndefined();
      }
      if (op.params) expect(op.params.safeParse(op.examples.params).error, `${op.id} path example`).toBeUndefined();
      for (const r of op.responses) expect(r.schema.safeParse(op.examples.response).error, `${op.id} response example`).toBeUndefined();
    }
  });

  it("the real handlers answer each operation's example with exactly the documented response fields", async () => {
    const handlerFor = (op: AnyOperation) => {
      const r = routes.find((x) => x.path === op.path)!;
      return r.module[op.method] as Handler;
    };
    const ctx: Record<string, string> = {};
    // The spec's examples, in the order an agent calls them; the user they name is registered first.
    const reg = await call(handlerFor(operationList.find((o) => o.id === "register")!), "POST", "/register", {
      key: ws.keys.sandbox,
      body: { user_id: "usr_42af7c", traits: { name: "Ash Lewis" } },
    });
    expect(reg.status).toBe(201);
    for (const op of operationList) {
      // Ids the examples cannot know: the ingestion just made, a memory it stored.
      const params = op.id === "getIngestion" ? { id: ctx.ingestion_id! } : op.path === "/memories/{id}" ? { id: ctx.memory_id! } : op.examples.params;
      const query = op.examples.query && Object.fromEntries(Object.entries(op.examples.query).map(([k, v]) => [k, String(v)]));
      const res = await call(handlerFor(op), op.method, fill(op.path, params), { key: ws.keys.sandbox, body: op.examples.body, query, params });
      const spec = op.responses.find((r) => r.status === res.status);
      expect(spec, `${op.id} answered ${res.status}: ${JSON.stringify(res.body)}`).toBeDefined();
      const parsed = spec!.schema.safeParse(res.body);
      expect(parsed.error, `${op.id}: ${JSON.stringify(res.body)}`).toBeUndefined();
      if (op.id === "ingest") {
        ctx.ingestion_id = res.body.ingestion_id;
        await waitForIdle();
      }
      if (op.id === "listMemories") ctx.memory_id = res.body.memories[0]?.id;
    }
  });

  it("every error code the code can answer is in the catalog, with its status", () => {
    const found = new Map<string, number>();
    const scan = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) scan(p);
        else if (/\.tsx?$/.test(e.name)) {
          const text = fs.readFileSync(p, "utf8");
          for (const m of text.matchAll(/ApiError\(\s*(\d{3}),\s*"([a-z_]+)"/g)) found.set(m[2]!, Number(m[1]));
          // The key-verification reasons are mapped in a table of [code, message] pairs.
          for (const m of text.matchAll(/\[\s*"([a-z_]+_api_key)",/g)) found.set(m[1]!, 401);
        }
      }
    };
    for (const d of ["server", "app", "inngest", "lib"]) scan(path.join(root, d));
    expect(found.size).toBeGreaterThan(10);
    const missing = [...found].filter(([code, status]) => (ERROR_CODES as Record<string, { status: number }>)[code]?.status !== status);
    expect(missing, "add these to server/contract/error-codes.ts").toEqual([]);
  });

  it("a field doc for a field no operation schema accepts stops the document from building", () => {
    const op = operationList.find((o) => o.id === "getChunks")!;
    expect(() => assertFieldDocs([op.body], { "history[].speaker": { description: "x" } })).toThrow(/history\[\]\.speaker/);
    expect(() => assertFieldDocs([op.body], { nope: { description: "x" } })).toThrow(/nope/);
    expect(() => assertFieldDocs([op.body], op.fields)).not.toThrow();
  });
});

/** A JSON value of the wrong type for a property (a number for a string, a string otherwise). */
function wrongJsonValue(prop: JsonSchema): unknown {
  const types = new Set<string>();
  const collect = (s: JsonSchema) => {
    if (typeof s.type === "string") types.add(s.type);
    for (const b of (s.anyOf ?? []) as JsonSchema[]) collect(b);
  };
  collect(prop);
  return types.has("string") ? 12345 : "not-a-valid-value";
}

/** A query or path value the schema refuses, when a string can be wrong at all. */
function wrongStringValue(s: JsonSchema): string | undefined {
  if (s.type === "integer" || s.type === "number") return "not-a-number";
  if (typeof s.maxLength === "number") return "x".repeat(s.maxLength + 1);
  if (s.enum) return "not-one-of-them";
  return undefined;
}
