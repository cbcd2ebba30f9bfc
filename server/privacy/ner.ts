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

/**
 * The entity types an operator can ask the model to redact (`PII_NER_ENTITIES`), each with the
 * model labels requested for it and the placeholder its spans get. See docs/privacy.md.
 */
export const NER_ENTITIES = {
  person: { labels: ["person"], type: "PERSON" },
  organization: { labels: ["organization"], type: "ORGANIZATION" },
  location: { labels: ["location"], type: "LOCATION" },
  email: { labels: ["email address"], type: "EMAIL" },
  phone: { labels: ["phone number"], type: "PHONE" },
  card: { labels: ["credit card number"], type: "CARD" },
  national_id: {
    labels: ["social security number", "passport number", "driver's license number", "national id number", "tax identification number"],
    type: "NATIONAL_ID",
  },
  iban: { labels: ["iban"], type: "IBAN" },
  bank_account: { labels: ["bank account number"], type: "BANK_ACCOUNT" },
  ip_address: { labels: ["ip address"], type: "IP_ADDRESS" },
  address: { labels: ["street address"], type: "ADDRESS" },
  password: { labels: ["password"], type: "PASSWORD" },
  secret: { labels: ["api key"], type: "SECRET" },
} as const satisfies Record<string, { labels: readonly string[]; type: PiiType }>;

export type NerEntityName = keyof typeof NER_ENTITIES;

/** The default: what the rules look for, in forms rules miss. Names, organizations and places are kept. */
export const DEFAULT_NER_ENTITIES: readonly NerEntityName[] = [
  "email", "phone", "card", "national_id", "iban", "bank_account", "ip_address", "address", "password", "secret",
];

/** Model label -> placeholder type for a list of entity names. */
export function nerLabelsFor(entities: readonly NerEntityName[]): Record<string, PiiType> {
  const out: Record<string, PiiType> = {};
  for (const e of entities) for (const label of NER_ENTITIES[e].labels) out[label] = NER_ENTITIES[e].type;
  return out;
}

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
