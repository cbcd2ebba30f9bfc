/**
 * Checks every public request's input once, before its schema: strings Postgres cannot store
 * (NUL, unpaired surrogates) and JSON nested deeper than any real payload. A request that
 * fails is answered 400 naming the field, and nothing is stored. See docs/api.md ("Input
 * limits") and docs/architecture.md.
 */
import { z } from "zod";
import { ApiError, fieldPath } from "./errors";

/** Nesting depth of a whole request body (objects and arrays). Real bodies use 4 or 5. */
export const MAX_BODY_DEPTH = 32;

type Where = "body" | "query" | "path" | "argument";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/** Why a string cannot be stored, or null when it can. */
export function unstorableString(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored; remove it";
  if (!wellFormed(s)) return "contains an unpaired UTF-16 surrogate (such as \\ud800 without its pair): it is not valid Unicode text";
  return null;
}

function invalid(where: Where, path: PropertyKey[], problem: string): ApiError {
  const field = fieldPath(path);
  const message = field ? `Invalid ${where} field \`${field}\`: ${problem}.` : `Invalid request ${where}: ${problem}.`;
  return new ApiError(400, "validation_error", message, { field: field || undefined });
}

/** A node of the walk: the path is rebuilt from parents only when something is wrong. */
interface Step {
  v: unknown;
  key: PropertyKey | null;
  parent: Step | null;
  depth: number;
}

function pathOf(step: Step | null): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (let s = step; s && s.key !== null; s = s.parent) out.push(s.key);
  return out.reverse();
}

/**
 * Walks a parsed JSON value without recursion: every string (values and object keys) must be
 * storable, and no container may sit deeper than `maxDepth`. Returns the first problem.
 */
export function checkJsonInput(value: unknown, where: Where = "body", maxDepth = MAX_BODY_DEPTH): ApiError | null {
  const stack: Step[] = [{ v: value, key: null, parent: null, depth: 0 }];
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.v;
    if (typeof v === "string") {
      const problem = unstorableString(v);
      if (problem) return invalid(where, pathOf(step), problem);
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (step.depth >= maxDepth) {
      return invalid(where, pathOf(step), `is nested too deeply (at most ${maxDepth} levels of objects and arrays in a request)`);
    }
    const depth = step.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const item: unknown = v[i];
        if (item !== null && (typeof item === "object" || typeof item === "string")) stack.push({ v: item, key: i, parent: step, depth });
      }
      continue;
    }
    for (const k in v as Record<string, unknown>) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      const problem = unstorableString(k);
      if (problem) return invalid(where, pathOf(step), `a key ${problem}`);
      const child = (v as Record<string, unknown>)[k];
      if (child !== null && (typeof child === "object" || typeof child === "string")) stack.push({ v: child, key: k, parent: step, depth });
    }
  }
  return null;
}

/** Query-string and path parameters: storable strings only (they cannot nest). */
export function checkParams(params: Record<string, string>, where: "query" | "path"): ApiError | null {
  for (const [k, v] of Object.entries(params)) {
    const problem = unstorableString(k) ?? unstorableString(v);
    if (problem) return invalid(where, [k], problem);
  }
  return null;
}

export interface JsonShape {
  /** Levels of objects/arrays below the value itself (0 for a flat object of scalars). */
  depth: number;
  /** Object keys and array items, at every level. */
  entries: number;
}

/** Depth and size of a JSON-like value, measured without recursion, stopping past the limits. */
export function jsonShape(value: unknown, stopDepth = 64): JsonShape {
  let depth = 0;
  let entries = 0;
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    depth = Math.max(depth, d);
    if (d > stopDepth) continue;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    entries += children.length;
    for (const c of children) if (c !== null && typeof c === "object") stack.push({ v: c, d: d + 1 });
  }
  return { depth, entries };
}

export interface FreeJsonLimits {
  /** Levels of nested objects/arrays allowed below the top object. */
  maxDepth: number;
  /** Keys and array items in total. */
  maxEntries: number;
  /** Serialized size in bytes (UTF-8). */
  maxBytes: number;
}

/** Limits for `traits` and any other free-form JSON object a client sends. */
export const FREE_JSON_LIMITS: FreeJsonLimits = { maxDepth: 8, maxEntries: 1000, maxBytes: 64 * 1024 };

/**
 * A free-form JSON object (such as `traits`), bounded in depth, entries and size so that it can
 * be stored, rendered in the portal and sent to a model without surprises.
 */
export function freeJsonObject(limits: FreeJsonLimits = FREE_JSON_LIMITS) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const shape = jsonShape(value, limits.maxDepth + 1);
    if (shape.depth > limits.maxDepth) {
      ctx.addIssue({ code: "custom", message: `is nested too deeply: at most ${limits.maxDepth} levels of objects and arrays` });
      return;
    }
    if (shape.entries > limits.maxEntries) {
      ctx.addIssue({ code: "custom", message: `has too many entries: ${shape.entries} keys and items (at most ${limits.maxEntries})` });
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
    if (bytes > limits.maxBytes) {
      ctx.addIssue({ code: "custom", message: `must be at most ${limits.maxBytes / 1024} KB of JSON (got ${Math.ceil(bytes / 1024)} KB)` });
    }
  });
}

/** The instants Postgres `timestamptz` and JavaScript can both hold: 0001-01-01 to 9999-12-31 (UTC). */
const MIN_TIME = new Date("0001-01-01T00:00:00Z").getTime();
const MAX_TIME = new Date("9999-12-31T23:59:59.999Z").getTime();

/**
 * ISO 8601 with a time zone (Z or an offset), any sub-second precision, or a plain date; the
 * instant must fall between 0001-01-01 and 9999-12-31 UTC (year 0 and earlier cannot be stored).
 */
export const isoTimestamp = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "must be an ISO 8601 timestamp such as 2025-11-11T14:30:00Z",
  })
  .refine((s) => {
    const t = new Date(s).getTime();
    return Number.isFinite(t) && t >= MIN_TIME && t <= MAX_TIME;
  }, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
