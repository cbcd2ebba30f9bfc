import { z } from "zod";
import type { FieldDoc } from "./define";

export type JsonSchema = { [key: string]: unknown };

/**
 * A zod schema as JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1): `input` for what a
 * client sends (defaults optional, transforms seen from their input side), `output` for what
 * it receives. Field docs add descriptions (and keyword overrides) by path. A doc whose top-level
 * field is in this schema but whose path is not throws; `assertFieldDocs` checks that every
 * doc of an operation lands somewhere, so docs cannot drift from the schemas.
 */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output", fields: Record<string, FieldDoc> = {}): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  tidy(out, io);
  for (const [path, doc] of Object.entries(fields)) {
    if (!nodeAt(out, path.split(/[.[]/)[0]!)) continue;
    const node = nodeAt(out, path);
    if (!node) throw new Error(`field doc "${path}" names a field the schema does not have`);
    if (doc.schema) {
      // An override replaces the type-specific keywords zod emitted.
      if ("type" in doc.schema) for (const k of ["type", "pattern", "anyOf", "format"]) delete node[k];
      Object.assign(node, doc.schema);
    }
    node.description = doc.description;
  }
  return out;
}

/** The property names of an object schema, at each nesting level, as paths (`a`, `a.b`, `a[].c`). */
export function fieldPaths(schema: JsonSchema, prefix = ""): string[] {
  const obj = objectBranch(schema);
  if (!obj) return [];
  const out: string[] = [];
  for (const [name, child] of Object.entries((obj.properties ?? {}) as Record<string, JsonSchema>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push(path);
    out.push(...fieldPaths(child, path));
    const items = arrayItems(child);
    if (items) out.push(...fieldPaths(items, `${path}[]`));
  }
  return out;
}

function objectBranch(s: JsonSchema): JsonSchema | undefined {
  if (s.properties) return s;
  for (const b of (s.anyOf ?? s.oneOf ?? []) as JsonSchema[]) if (b.properties) return b;
  return undefined;
}

function arrayItems(s: JsonSchema): JsonSchema | undefined {
  if (s.items) return s.items as JsonSchema;
  for (const b of (s.anyOf ?? []) as JsonSchema[]) if (b.items) return b.items as JsonSchema;
  return undefined;
}

/** The node a field path points at (`history[].role`). */
export function nodeAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const part of path.split(".")) {
    const [, name, arrays = ""] = part.match(/^([^[\]]+)((?:\[\])*)$/) ?? [];
    if (!name || !node) return undefined;
    const obj = objectBranch(node);
    node = (obj?.properties as Record<string, JsonSchema> | undefined)?.[name];
    for (let i = 0; i < arrays.length / 2 && node; i++) node = arrayItems(node);
  }
  return node;
}

/**
 * Removes what only adds noise: zod's long regexes beside a `format` that says the same, and
 * `additionalProperties: false` on responses (clients must accept fields added later).
 */
function tidy(node: unknown, io: "input" | "output"): void {
  if (Array.isArray(node)) return node.forEach((n) => tidy(n, io));
  if (!node || typeof node !== "object") return;
  const s = node as JsonSchema;
  if (typeof s.format === "string" && typeof s.pattern === "string") delete s.pattern;
  if (io === "output" && s.additionalProperties === false) delete s.additionalProperties;
  for (const v of Object.values(s)) tidy(v, io);
}

/** Throws when a field doc names a field that none of the operation's input schemas has. */
export function assertFieldDocs(parts: (z.ZodType | undefined)[], fields: Record<string, FieldDoc>): void {
  const schemas = parts.filter(Boolean).map((p) => jsonSchemaOf(p!, "input"));
  for (const path of Object.keys(fields)) {
    if (!schemas.some((s) => nodeAt(s, path))) throw new Error(`field doc "${path}" names a field the operation does not accept`);
  }
}
