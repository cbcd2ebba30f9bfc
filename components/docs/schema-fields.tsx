import { inline } from "./markdown";

type Schema = { [k: string]: unknown };

export interface FieldRow {
  path: string;
  depth: number;
  type: string;
  required: boolean;
  description?: string;
  constraints: string[];
}

function resolve(s: Schema, doc: Schema): Schema {
  if (typeof s.$ref !== "string") return s;
  return s.$ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<Schema>((n, k) => n[k] as Schema, doc);
}

const branches = (s: Schema): Schema[] =>
  Array.isArray(s.anyOf) ? (s.anyOf as Schema[]) : Array.isArray(s.type) ? (s.type as string[]).map((t) => ({ ...s, type: t })) : [s];

/** A type as a reader says it: `string`, `integer`, `"user" | "assistant"`, `array of object`, `string | null`. */
export function typeLabel(s: Schema): string {
  const labels = branches(s).map((b) => {
    if (Array.isArray(b.enum)) return (b.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
    if ("const" in b) return JSON.stringify(b.const);
    if (b.type === "array") return `array of ${typeLabel((b.items ?? {}) as Schema)}`;
    if (b.type === "object" && !b.properties) return "object (any keys)";
    const t = (b.type as string | undefined) ?? "any";
    return b.format ? `${t} (${b.format})` : t;
  });
  return [...new Set(labels)].join(" | ");
}

export function constraintsOf(s: Schema): string[] {
  const out: string[] = [];
  for (const b of branches(s)) {
    if (b.minLength !== undefined && b.maxLength !== undefined) out.push(`${b.minLength}–${Number(b.maxLength).toLocaleString("en-US")} characters`);
    else if (b.maxLength !== undefined) out.push(`at most ${Number(b.maxLength).toLocaleString("en-US")} characters`);
    else if (b.minLength !== undefined && b.minLength !== 0) out.push(`at least ${b.minLength} character${b.minLength === 1 ? "" : "s"}`);
    if (b.minimum !== undefined && b.maximum !== undefined) out.push(`${b.minimum}–${Number(b.maximum).toLocaleString("en-US")}`);
    if (b.minItems !== undefined) out.push(`at least ${b.minItems} item${b.minItems === 1 ? "" : "s"}`);
    if (b.maxItems !== undefined) out.push(`at most ${Number(b.maxItems).toLocaleString("en-US")} items`);
    if (typeof b.pattern === "string" && b.pattern.length <= 40) out.push(`matches ${b.pattern}`);
  }
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return [...new Set(out)];
}

function objectOf(s: Schema): Schema | undefined {
  return branches(s).find((b) => b.properties);
}

/** Every field of an object schema, nested fields after their parent (`history[].role`). */
export function flattenFields(schema: Schema, doc: Schema, prefix = "", depth = 0): FieldRow[] {
  const obj = objectOf(resolve(schema, doc));
  if (!obj) return [];
  const required = new Set((obj.required as string[] | undefined) ?? []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(obj.properties as Record<string, Schema>)) {
    const s = resolve(raw, doc);
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({ path, depth, type: typeLabel(s), required: required.has(name), description: s.description as string | undefined, constraints: constraintsOf(s) });
    rows.push(...flattenFields(s, doc, path, depth + 1));
    const items = branches(s).find((b) => b.type === "array")?.items as Schema | undefined;
    if (items) rows.push(...flattenFields(items, doc, `${path}[]`, depth + 1));
  }
  return rows;
}

/** Fields as a list (not a table): long names and descriptions wrap instead of widening the page. */
export function FieldList({ rows, label }: { rows: FieldRow[]; label: string }) {
  return (
    <ul aria-label={label} className="divide-y divide-slate-100 rounded-md border border-slate-200">
      {rows.map((f) => (
        <li key={f.path} className="px-3 py-2.5 text-sm" style={{ paddingLeft: `${0.75 + f.depth * 1}rem` }} data-field={f.path}>
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <code className="break-all font-mono font-medium text-slate-900">{f.path}</code>
            <span className="break-words font-mono text-xs text-slate-500">{f.type}</span>
            {f.required && <span className="text-xs font-medium text-rose-600">required</span>}
          </div>
          {(f.description || f.constraints.length > 0) && (
            <p className="mt-1 break-words text-slate-600">
              {f.description && inline(f.description)}
              {f.constraints.length > 0 && <span className="text-slate-500">{f.description ? " " : ""}({f.constraints.join("; ")})</span>}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
