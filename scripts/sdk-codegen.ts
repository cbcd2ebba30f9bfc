/**
 * Generates the SDKs' typed layer from the OpenAPI document: sdk/typescript/src/generated.ts
 * and sdk/python/pio/_generated.py. `npm run sdk:generate` writes them; a test fails when they
 * are not what the current document generates.
 */
type Schema = { [k: string]: unknown };

interface Op {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  pathParams: Param[];
  queryParams: Param[];
  body?: string;
  response: string;
}
interface Param {
  name: string;
  required: boolean;
  description?: string;
  schema: Schema;
}

const pascal = (s: string) => s.replace(/(^|[_\s-]+)(\w)/g, (_, __, c: string) => c.toUpperCase());
const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const refName = (ref: string) => ref.split("/").at(-1)!;

function operations(doc: Schema): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, o] of Object.entries(item)) {
      if (o["x-pio-alias-of"]) continue;
      const params = (o.parameters ?? []) as (Param & { in: string })[];
      const body = ((o.requestBody as Schema | undefined)?.content as Record<string, { schema: Schema }> | undefined)?.["application/json"]?.schema;
      const responses = o.responses as Record<string, { content?: Record<string, { schema: Schema }> }>;
      const ok = Object.keys(responses).find((s) => s.startsWith("2"))!;
      out.push({
        id: o.operationId as string,
        method: method.toUpperCase(),
        path,
        summary: o.summary as string,
        description: (o.description as string).split("\n\n_Examples:_")[0]!,
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        body: body ? refName(body.$ref as string) : undefined,
        response: refName(responses[ok]!.content!["application/json"]!.schema.$ref as string),
      });
    }
  }
  return out;
}

const baseName = (op: Op) => op.response.replace(/Response$/, "");

// ---------------------------------------------------------------- TypeScript

/** `type: ["string", "null"]` as `anyOf` branches. */
function splitTypes(s: Schema): Schema {
  if (!Array.isArray(s.type)) return s;
  const { type, ...rest } = s;
  return { anyOf: (type as string[]).map((t) => ({ ...rest, type: t })) };
}

function tsType(s: Schema, indent: string): string {
  s = splitTypes(s);
  if (typeof s.$ref === "string") return refName(s.$ref);
  if (Array.isArray(s.anyOf)) return [...new Set((s.anyOf as Schema[]).map((b) => tsType(b, indent)))].join(" | ");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in s) return JSON.stringify(s.const);
  switch (s.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array": {
      const item = tsType((s.items ?? {}) as Schema, indent);
      return /[|&]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case "object": {
      if (!s.properties) return "Record<string, unknown>";
      return tsObject(s, indent);
    }
  }
  return "unknown";
}

function tsDoc(text: string | undefined, indent: string): string {
  if (!text) return "";
  const lines = text.split("\n");
  return lines.length === 1 ? `${indent}/** ${text} */\n` : `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

function tsObject(s: Schema, indent: string): string {
  const required = new Set((s.required as string[] | undefined) ?? []);
  const inner = indent + "  ";
  const props = Object.entries((s.properties ?? {}) as Record<string, Schema>).map(
    ([k, v]) => `${tsDoc(v.description as string | undefined, inner)}${inner}${k}${required.has(k) ? "" : "?"}: ${tsType(v, inner)};`,
  );
  return `{\n${props.join("\n")}\n${indent}}`;
}

export function generateTypeScript(doc: Schema): string {
  const ops = operations(doc);
  const schemas = (doc.components as Schema).schemas as Record<string, Schema>;
  const codes = Object.keys(doc["x-error-codes"] as Schema);
  const out: string[] = [
    "// Generated from the OpenAPI document by `npm run sdk:generate` (scripts/sdk-codegen.ts). Do not edit.",
    'import { PioCore, type OperationSpec, type RequestOptions } from "./core.ts";',
    "",
    `export type ErrorCode =\n${codes.map((c) => `  | ${JSON.stringify(c)}`).join("\n")};`,
    "",
  ];
  for (const [name, s] of Object.entries(schemas)) out.push(`${tsDoc(s.description as string | undefined, "")}export interface ${name} ${tsObject(s, "")}\n`);
  for (const op of ops) {
    const params = [...op.pathParams, ...op.queryParams];
    if (!params.length) continue;
    const obj: Schema = {
      type: "object",
      properties: Object.fromEntries(params.map((p) => [p.name, { ...p.schema, description: p.description }])),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
    out.push(`export interface ${baseName(op)}Params ${tsObject(obj, "")}\n`);
  }
  out.push("export const OPERATIONS = {");
  for (const op of ops) {
    out.push(
      `  ${op.id}: { method: ${JSON.stringify(op.method)}, path: ${JSON.stringify(op.path)}, pathParams: ${JSON.stringify(op.pathParams.map((p) => p.name))}, queryParams: ${JSON.stringify(op.queryParams.map((p) => p.name))}, body: ${Boolean(op.body)} },`,
    );
  }
  out.push("} as const satisfies Record<string, OperationSpec>;", "");
  out.push("/** One typed method per operation of the Pio API. */", "export class PioOperations extends PioCore {");
  for (const op of ops) {
    const input = [op.pathParams.length || op.queryParams.length ? `${baseName(op)}Params` : "", op.body ?? ""].filter(Boolean).join(" & ") || "Record<string, never>";
    out.push(`${tsDoc(`${op.summary}: \`${op.method} ${op.path}\`.\n\n${op.description}`, "  ")}  ${op.id}(input: ${input}, options?: RequestOptions): Promise<${op.response}> {`);
    out.push(`    return this.call<${op.response}>(OPERATIONS.${op.id}, input, options);`, "  }", "");
  }
  if (out.at(-1) === "") out.pop();
  out.push("}", "");
  return out.join("\n");
}

// ---------------------------------------------------------------- Python

interface PyClass {
  name: string;
  schema: Schema;
}

function pyType(s: Schema, owner: string, prop: string, extra: PyClass[]): string {
  s = splitTypes(s);
  if (typeof s.$ref === "string") return `"${refName(s.$ref)}"`;
  if (Array.isArray(s.anyOf)) {
    const parts = [...new Set((s.anyOf as Schema[]).map((b) => pyType(b, owner, prop, extra)))];
    const nonNull = parts.filter((p) => p !== "None");
    const inner = nonNull.length === 1 ? nonNull[0]! : `Union[${nonNull.join(", ")}]`;
    return parts.includes("None") ? `Optional[${inner}]` : inner;
  }
  if (Array.isArray(s.enum)) return `Literal[${(s.enum as unknown[]).map((v) => JSON.stringify(v)).join(", ")}]`;
  if ("const" in s) return `Literal[${JSON.stringify(s.const)}]`;
  switch (s.type) {
    case "string":
      return "str";
    case "integer":
      return "int";
    case "number":
      return "float";
    case "boolean":
      return "bool";
    case "null":
      return "None";
    case "array":
      return `List[${pyType((s.items ?? {}) as Schema, owner, prop + "Item", extra)}]`;
    case "object": {
      if (!s.properties) return "Dict[str, Any]";
      const name = owner + pascal(prop);
      extra.push({ name, schema: s });
      return `"${name}"`;
    }
  }
  return "Any";
}

const PY_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

function pyClasses(c: PyClass): string[] {
  const extra: PyClass[] = [];
  const required = new Set((c.schema.required as string[] | undefined) ?? []);
  const props = Object.entries((c.schema.properties ?? {}) as Record<string, Schema>);
  const line = ([k, v]: [string, Schema]) => {
    const doc = v.description ? `  # ${String(v.description).split("\n")[0]}` : "";
    return `    ${k}: ${pyType(v, c.name, k, extra)}${doc}`;
  };
  if (props.some(([k]) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || PY_KEYWORDS.has(k))) {
    // Keys that are not Python identifiers: the functional form (all keys optional, to stay simple).
    const fields = props.map(([k, v]) => `${JSON.stringify(k)}: ${pyType(v, c.name, k, extra)}`).join(", ");
    return [...extra.flatMap(pyClasses), `${c.name} = TypedDict(${JSON.stringify(c.name)}, {${fields}}, total=False)`, "", ""];
  }
  const req = props.filter(([k]) => required.has(k));
  const opt = props.filter(([k]) => !required.has(k));
  const out: string[] = [];
  const docstring = c.schema.description ? [`    """${String(c.schema.description).replace(/"""/g, "'''")}"""`] : [];
  if (req.length && opt.length) {
    out.push(`class _${c.name}Required(TypedDict):`, ...req.map(line), "", "");
    out.push(`class ${c.name}(_${c.name}Required, total=False):`, ...docstring, ...opt.map(line), "", "");
  } else if (req.length) {
    out.push(`class ${c.name}(TypedDict):`, ...docstring, ...req.map(line), "", "");
  } else {
    out.push(`class ${c.name}(TypedDict, total=False):`, ...docstring, ...(opt.length ? opt.map(line) : ["    pass"]), "", "");
  }
  return [...extra.flatMap(pyClasses), ...out];
}

export function generatePython(doc: Schema): string {
  const ops = operations(doc);
  const schemas = (doc.components as Schema).schemas as Record<string, Schema>;
  const codes = Object.keys(doc["x-error-codes"] as Schema);
  const out: string[] = [
    '"""Generated from the OpenAPI document by `npm run sdk:generate` (scripts/sdk-codegen.ts). Do not edit."""',
    "",
    "from __future__ import annotations",
    "",
    "from typing import Any, Dict, List, Optional, Union",
    "",
    "from typing import Literal, TypedDict",
    "",
    "from ._core import _Core, _OperationSpec",
    "",
    `ErrorCode = Literal[${codes.map((c) => JSON.stringify(c)).join(", ")}]`,
    "",
    "",
  ];
  for (const [name, s] of Object.entries(schemas)) out.push(...pyClasses({ name, schema: s }));
  for (const op of ops) {
    const params = [...op.pathParams, ...op.queryParams];
    if (!params.length) continue;
    out.push(
      ...pyClasses({
        name: `${baseName(op)}Params`,
        schema: {
          type: "object",
          properties: Object.fromEntries(params.map((p) => [p.name, { ...p.schema, description: p.description }])),
          required: params.filter((p) => p.required).map((p) => p.name),
        },
      }),
    );
  }
  out.push("_OPERATIONS: Dict[str, _OperationSpec] = {");
  for (const op of ops) {
    out.push(
      `    ${JSON.stringify(op.id)}: _OperationSpec(${JSON.stringify(op.method)}, ${JSON.stringify(op.path)}, (${op.pathParams.map((p) => JSON.stringify(p.name) + ",").join(" ")}), (${op.queryParams.map((p) => JSON.stringify(p.name) + ",").join(" ")}), ${op.body ? "True" : "False"}),`,
    );
  }
  out.push("}", "", "");
  out.push("class _Operations(_Core):", '    """One typed method per operation of the Pio API."""', "");
  for (const op of ops) {
    const input = op.pathParams.length || op.queryParams.length ? `${baseName(op)}Params` : op.body!;
    const name = snake(op.id);
    out.push(
      `    def ${name}(self, params: Optional[${input}] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> ${op.response}:`,
      `        """${op.summary}: ${op.method} ${op.path}.`,
      "",
      ...op.description.split("\n").map((l) => `        ${l}`.trimEnd()),
      '        """',
      `        return self._call(_OPERATIONS[${JSON.stringify(op.id)}], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]`,
      "",
    );
  }
  return out.join("\n").replace(/\n+$/, "\n");
}
