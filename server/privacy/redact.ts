/**
 * Redaction: run detectors, merge their spans, replace each merged span by a typed placeholder.
 * Everything that reaches storage goes through here first; see docs/privacy.md.
 */
import { defaultDetectors } from "./detectors";
import {
  placeholder,
  TYPE_PRIORITY,
  type AsyncPiiDetector,
  type PiiDetector,
  type PiiSpan,
  type PiiType,
  type RedactionResult,
} from "./types";

/** Drops spans that do not fit the text (a misbehaving detector must not corrupt the output). */
function validSpans(spans: readonly PiiSpan[], length: number): PiiSpan[] {
  return spans.filter(
    (s) =>
      Number.isInteger(s.start) &&
      Number.isInteger(s.end) &&
      s.start >= 0 &&
      s.end <= length &&
      s.start < s.end &&
      TYPE_PRIORITY[s.type] !== undefined,
  );
}

/** True when `a` should give its type to a merged span rather than `b`. */
function beats(a: PiiSpan, b: PiiSpan): boolean {
  const pa = TYPE_PRIORITY[a.type];
  const pb = TYPE_PRIORITY[b.type];
  if (pa !== pb) return pa > pb;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  return (a.score ?? 1) > (b.score ?? 1);
}

/**
 * Merges overlapping spans into disjoint ones. A cluster of overlapping spans becomes one span
 * covering all of them (so no fragment of any detected value survives next to a placeholder);
 * its type is the one of the highest-priority span, ties broken by length then score.
 * Spans that only touch (a.end === b.start) stay separate.
 */
export function mergeSpans(spans: readonly PiiSpan[], textLength = Number.POSITIVE_INFINITY): PiiSpan[] {
  const valid = validSpans(spans, textLength);
  if (valid.length <= 1) return valid.map((s) => ({ ...s }));
  valid.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PiiSpan[] = [];
  let cur: PiiSpan | null = null;
  let winner: PiiSpan | null = null;
  for (const s of valid) {
    if (cur && winner && s.start < cur.end) {
      cur.end = Math.max(cur.end, s.end);
      if (beats(s, winner)) {
        winner = s;
        cur.type = s.type;
        cur.detector = s.detector;
        if (s.score === undefined) delete cur.score;
        else cur.score = s.score;
      }
      continue;
    }
    cur = { ...s };
    winner = s;
    out.push(cur);
  }
  return out;
}

/** Replaces the (already merged, sorted, disjoint) spans by their placeholders. */
export function applySpans(text: string, merged: readonly PiiSpan[]): RedactionResult {
  if (merged.length === 0) return { text, counts: {} };
  const counts: Partial<Record<PiiType, number>> = {};
  let out = "";
  let pos = 0;
  for (const s of merged) {
    out += text.slice(pos, s.start) + placeholder(s.type);
    counts[s.type] = (counts[s.type] ?? 0) + 1;
    pos = s.end;
  }
  out += text.slice(pos);
  return { text: out, counts };
}

/** All spans the given detectors find, merged. Useful to inspect what would be redacted. */
export function detectPii(text: string, detectors: readonly PiiDetector[] = defaultDetectors): PiiSpan[] {
  if (text.length === 0) return [];
  const spans: PiiSpan[] = [];
  for (const d of detectors) {
    for (const s of d.detect(text)) spans.push(s);
  }
  return mergeSpans(spans, text.length);
}

/** Synchronous fast path: rule-based detectors only. */
export function redactText(text: string, detectors: PiiDetector[] = defaultDetectors): RedactionResult {
  if (typeof text !== "string" || text.length < 3) return { text, counts: {} };
  const first = applySpans(text, detectPii(text, detectors));
  if (first.text === text || detectors !== defaultDetectors) return first;
  // A value can hide its neighbour: "4111 1111 1111 1111 536 22 8812" reads as one run of digit
  // groups, so the SSN is not told apart until the card is a placeholder. One more pass over
  // the redacted text (only when something was redacted; the rules only) finds it.
  const second = applySpans(first.text, detectPii(first.text, detectors));
  if (second.text === first.text) return first;
  const counts = { ...first.counts };
  for (const [type, n] of Object.entries(second.counts) as [PiiType, number][]) counts[type] = (counts[type] ?? 0) + n;
  return { text: second.text, counts };
}

/**
 * Rule-based and model-based detectors together. Async detectors run concurrently with each
 * other. If one of them rejects, the promise rejects: nothing is returned half-redacted, and the
 * caller decides whether to retry or fall back to `redactText` (see `tolerant`).
 */
export async function redactTextAsync(
  text: string,
  detectors: (PiiDetector | AsyncPiiDetector)[],
): Promise<RedactionResult> {
  if (typeof text !== "string" || text.length < 3) return { text, counts: {} };
  const results = await Promise.all(detectors.map((d) => d.detect(text)));
  const spans: PiiSpan[] = [];
  for (const r of results) for (const s of r) spans.push(s);
  return applySpans(text, mergeSpans(spans, text.length));
}

/**
 * Wraps an async detector so that a failure (service down, timeout) yields no spans instead of
 * rejecting, after calling `onError`. Use it when availability matters more than the extra
 * recall of the model: the rule-based detectors still run.
 */
export function tolerant(detector: AsyncPiiDetector, onError?: (err: unknown) => void): AsyncPiiDetector {
  return {
    name: detector.name,
    async detect(text) {
      try {
        return await detector.detect(text);
      } catch (err) {
        onError?.(err);
        return [];
      }
    },
  };
}

const MAX_DEPTH = 64;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function deep(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value).text;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    const out = value.map((v) => deep(v, depth + 1, seen));
    seen.delete(value);
    return out;
  }
  if (isPlainObject(value)) {
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty so that an own "__proto__" key (JSON.parse makes those) stays a plain key
      Object.defineProperty(out, k, { value: deep(v, depth + 1, seen), enumerable: true, writable: true, configurable: true });
    }
    seen.delete(value);
    return out;
  }
  return value; // Date, Map, class instances...: not JSON-like, left as they are
}

/**
 * Returns a copy of a JSON-like value (objects, arrays, primitives) in which every string is
 * redacted with the default detectors. Keys, numbers, booleans and null are untouched.
 */
export function redactDeep<T>(value: T): T {
  return deep(value, 0, new WeakSet()) as T;
}
