/**
 * A model-based recognizer (GLiNER-style zero-shot NER) reached over HTTP, as an
 * AsyncPiiDetector. The service receives `{ text, labels, threshold }` and answers
 * `{ entities: [{ start, end, label, score, text? }] }` (or a bare array of entities), which is
 * what a thin FastAPI wrapper around `GLiNER.predict_entities` returns. See docs/privacy.md.
 */
import type { AsyncPiiDetector, PiiSpan, PiiType } from "./types";

/** Default mapping of model labels to placeholder types. Person names are deliberately absent. */
export const DEFAULT_NER_LABELS: Readonly<Record<string, PiiType>> = {
  "email": "EMAIL",
  "email address": "EMAIL",
  "phone number": "PHONE",
  "credit card number": "CARD",
  "social security number": "NATIONAL_ID",
  "passport number": "NATIONAL_ID",
  "driver's license number": "NATIONAL_ID",
  "national id number": "NATIONAL_ID",
  "tax identification number": "NATIONAL_ID",
  "iban": "IBAN",
  "bank account number": "BANK_ACCOUNT",
  "ip address": "IP_ADDRESS",
  "street address": "ADDRESS",
  "password": "PASSWORD",
  "api key": "SECRET",
};

export interface HttpNerDetectorOptions {
  /** Endpoint that runs the model, e.g. http://ner:8080/predict. */
  url: string;
  /** Model label -> placeholder type. Only these labels are requested. */
  labels?: Readonly<Record<string, PiiType>>;
  /** Minimum score to keep an entity (default 0.5). */
  threshold?: number;
  /** Abort the request after this many milliseconds (default 2000). */
  timeoutMs?: number;
  /** Extra request headers (authentication to the model service). */
  headers?: Record<string, string>;
  /**
   * Whether the service counts offsets in Unicode code points (Python strings do) rather than
   * UTF-16 code units (JavaScript strings). Default true.
   */
  codePointOffsets?: boolean;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  name?: string;
}

interface NerEntity {
  start: number;
  end: number;
  label: string;
  score?: number;
}

function isEntity(v: unknown): v is NerEntity {
  if (v === null || typeof v !== "object") return false;
  const e = v as Record<string, unknown>;
  return typeof e.start === "number" && typeof e.end === "number" && typeof e.label === "string";
}

/** Maps code point offsets to UTF-16 offsets (identity when the text has no astral characters). */
export function codePointToUtf16(text: string): (cp: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (cp) => cp;
  const table: number[] = [];
  let u = 0;
  for (const ch of text) {
    table.push(u);
    u += ch.length;
  }
  table.push(u);
  return (cp) => table[Math.max(0, Math.min(cp, table.length - 1))] ?? u;
}

export function createHttpNerDetector(options: HttpNerDetectorOptions): AsyncPiiDetector {
  const labels = options.labels ?? DEFAULT_NER_LABELS;
  const threshold = options.threshold ?? 0.5;
  const timeoutMs = options.timeoutMs ?? 2000;
  const name = options.name ?? "ner";
  const lowerLabels = new Map(Object.entries(labels).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    name,
    async detect(text: string): Promise<PiiSpan[]> {
      if (text.trim().length === 0) return [];
      const doFetch = options.fetch ?? fetch;
      const res = await doFetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify({ text, labels: Object.keys(labels), threshold }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`NER service answered ${res.status}`);
      const body = (await res.json()) as unknown;
      const list = Array.isArray(body) ? body : (body as { entities?: unknown } | null)?.entities;
      if (!Array.isArray(list)) throw new Error("NER service answered an unexpected body");
      const toUtf16 = options.codePointOffsets === false ? (n: number) => n : codePointToUtf16(text);
      const spans: PiiSpan[] = [];
      for (const e of list) {
        if (!isEntity(e)) continue;
        const type = lowerLabels.get(e.label.toLowerCase());
        if (!type || (e.score !== undefined && e.score < threshold)) continue;
        const s: PiiSpan = { start: toUtf16(e.start), end: toUtf16(e.end), type, detector: name };
        if (e.score !== undefined) s.score = e.score;
        spans.push(s);
      }
      return spans;
    },
  };
}
