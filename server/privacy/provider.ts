/**
 * The model-based recognizer as a provider: with `PII_NER_URL` set, text going to storage is
 * also sent to a GLiNER-style HTTP service (contract in docs/privacy.md). Time-bounded; when
 * the service fails, the rules still run, the failure is logged and shown by /api/health, and
 * the service is left alone for a short cool-down so a dead service costs one timeout, not one
 * per message. Unset (the default): rules only, no network.
 */
import { env } from "@/server/env";
import { createHttpNerDetector, nerLabelsFor } from "./ner";
import type { AsyncPiiDetector, PiiSpan } from "./types";

/** Longest text sent in one call; longer texts go in overlapping windows. */
export const NER_WINDOW_CHARS = 4000;
const NER_WINDOW_OVERLAP = 200;
const NER_CONCURRENCY = 4;
/** After a failure, calls are skipped (rules only) for this long. */
export const NER_COOLDOWN_MS = 30_000;

export interface NerStatus {
  configured: boolean;
  url?: string;
  entities?: string[];
  /** "ok", "degraded" (the last call failed; rules only until the cool-down ends) or "off". */
  state: "ok" | "degraded" | "off";
  calls: number;
  failures: number;
  /** Texts stored with the rules only because the recognizer was failing. */
  skipped: number;
  last_error?: string;
  last_error_at?: string;
}

interface State {
  key: string;
  detector: AsyncPiiDetector | null;
  status: NerStatus;
  coolUntil: number;
}

const g = globalThis as unknown as { __pioNer?: State };

function settingsKey(): string {
  const e = env();
  return [e.PII_NER_URL, e.PII_NER_ENTITIES.join(","), e.PII_NER_THRESHOLD, e.PII_NER_TIMEOUT_MS, e.PII_NER_API_KEY ? "k" : ""].join("|");
}

function state(): State {
  const key = settingsKey();
  if (g.__pioNer?.key === key) return g.__pioNer;
  const e = env();
  const detector = e.PII_NER_URL
    ? createHttpNerDetector({
        url: e.PII_NER_URL,
        labels: nerLabelsFor(e.PII_NER_ENTITIES),
        threshold: e.PII_NER_THRESHOLD,
        timeoutMs: e.PII_NER_TIMEOUT_MS,
        headers: e.PII_NER_API_KEY ? { authorization: `Bearer ${e.PII_NER_API_KEY}` } : undefined,
        name: "gliner",
      })
    : null;
  const status: NerStatus = detector
    ? { configured: true, url: redactUrl(e.PII_NER_URL!), entities: [...e.PII_NER_ENTITIES], state: "ok", calls: 0, failures: 0, skipped: 0 }
    : { configured: false, state: "off", calls: 0, failures: 0, skipped: 0 };
  g.__pioNer = { key, detector, status, coolUntil: 0 };
  return g.__pioNer;
}

function redactUrl(u: string): string {
  try {
    const url = new URL(u);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString();
  } catch {
    return "(invalid)";
  }
}

/** What /api/health shows about the recognizer. */
export function nerStatus(): NerStatus {
  return { ...state().status };
}

/** True when a recognizer is configured (whether or not it currently answers). */
export function nerConfigured(): boolean {
  return state().detector !== null;
}

/** Splits a long text into windows of at most `NER_WINDOW_CHARS`, cut at whitespace where possible. */
export function nerWindows(text: string, size = NER_WINDOW_CHARS, overlap = NER_WINDOW_OVERLAP): { start: number; text: string }[] {
  if (text.length <= size) return [{ start: 0, text }];
  const out: { start: number; text: string }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const cut = text.lastIndexOf(" ", end);
      if (cut > start + size / 2) end = cut;
    }
    out.push({ start, text: text.slice(start, end) });
    if (end >= text.length) break;
    const next = end - overlap;
    start = next > start ? next : end;
  }
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) {
      const at = i++;
      out[at] = await fn(items[at]!);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * Spans the recognizer finds in each text (an empty list per text when it is off, cooling down,
 * or failing: the caller's rules cover those). Never rejects.
 */
export async function nerSpans(texts: string[]): Promise<PiiSpan[][]> {
  const s = state();
  const empty = () => texts.map(() => [] as PiiSpan[]);
  if (!s.detector || texts.length === 0) return empty();
  const detector = s.detector;
  const jobs = texts.flatMap((text, index) => (text.trim().length < 3 ? [] : nerWindows(text).map((w) => ({ index, ...w }))));
  const results = texts.map(() => [] as PiiSpan[]);
  let failed = false;
  await mapLimit(jobs, NER_CONCURRENCY, async (job) => {
    if (failed || Date.now() < s.coolUntil) {
      s.status.skipped++;
      return;
    }
    try {
      s.status.calls++;
      const spans = await detector.detect(job.text);
      for (const sp of spans) results[job.index]!.push({ ...sp, start: sp.start + job.start, end: sp.end + job.start });
      if (s.status.state === "degraded" && Date.now() >= s.coolUntil) s.status.state = "ok";
    } catch (e) {
      failed = true;
      s.status.skipped++;
      recordFailure(s, e);
    }
  });
  return results;
}

function recordFailure(s: State, e: unknown): void {
  const reason = e instanceof Error ? (e.name === "TimeoutError" || e.name === "AbortError" ? `timed out after ${env().PII_NER_TIMEOUT_MS} ms` : e.message) : String(e);
  const first = s.status.state !== "degraded";
  s.status.failures++;
  s.status.state = "degraded";
  s.status.last_error = reason.slice(0, 300);
  s.status.last_error_at = new Date().toISOString();
  s.coolUntil = Date.now() + NER_COOLDOWN_MS;
  if (first) {
    console.warn(
      `[pio] PII recognizer at ${s.status.url} failed (${s.status.last_error}); storing with the rule-based redaction only, retrying in ${NER_COOLDOWN_MS / 1000}s`,
    );
  }
}

/** For tests: forget the state (settings are re-read on the next call). */
export function resetNer(): void {
  delete g.__pioNer;
}
