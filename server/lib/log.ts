/**
 * Logging that carries no personal data (docs/privacy.md, "Logs"). Errors are described by
 * their name, SQLSTATE code, message and stack frames; a failed query by its SQL text only,
 * never its parameters; fields that echo row values (a Postgres `detail`, `where`, `params`)
 * are left out; and the result goes through the same redaction as stored text.
 */
import { inspect } from "node:util";
import { redactText } from "@/server/privacy/redact";

const MAX_CAUSES = 4;
const MAX_CHARS = 8000;

/** Postgres quotes the offending value at the end of some messages: `…type integer: "abc"`. */
const TRAILING_VALUE = /(:\s*)(["'])[\s\S]*\2\s*$/;

function isQueryError(e: Error): e is Error & { query: string; params: unknown } {
  return "query" in e && "params" in e && typeof (e as { query: unknown }).query === "string";
}

function messageOf(e: Error): string {
  if (isQueryError(e)) return `Failed query: ${e.query}`;
  const code = (e as { code?: unknown }).code;
  const message = e.message.replace(TRAILING_VALUE, '$1$2…$2');
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : message;
}

function framesOf(e: Error): string {
  const stack = typeof e.stack === "string" ? e.stack : "";
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .join("\n");
}

/**
 * A loggable description of anything thrown: `Name: message (SQLSTATE code)`, the stack frames,
 * then each cause, redacted. Never includes query parameters or other fields of the error.
 */
export function describeError(e: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = e;
  for (let i = 0; i <= MAX_CAUSES && current !== undefined && !seen.has(current); i++) {
    seen.add(current);
    if (current instanceof Error) {
      const head = `${i ? "caused by " : ""}${current.name}: ${messageOf(current)}`;
      const frames = framesOf(current);
      parts.push(frames ? `${head}\n${frames}` : head);
      current = (current as { cause?: unknown }).cause;
    } else {
      const text = typeof current === "string" ? current : inspect(current, { depth: 3, breakLength: Infinity });
      parts.push(i ? `caused by ${text}` : text);
      break;
    }
  }
  const out = parts.join("\n");
  return redactText(out.length > MAX_CHARS ? `${out.slice(0, MAX_CHARS)}…` : out).text;
}

/** A short, storable message for an error (no stack): what a client may read back. */
export function safeErrorMessage(e: unknown, max = 2000): string {
  const messages: string[] = [];
  const seen = new Set<unknown>();
  for (let c = e, i = 0; c instanceof Error && !seen.has(c) && i <= MAX_CAUSES; c = (c as { cause?: unknown }).cause, i++) {
    seen.add(c);
    messages.push(messageOf(c));
  }
  const text = messages.length ? messages.join(" — caused by: ") : describeError(e);
  const out = redactText(text).text;
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** An Error carrying only the safe description of another (for errors that leave the process). */
export function sanitizedError(e: unknown): Error {
  const safe = new Error(e instanceof Error ? safeErrorMessage(e) : describeError(e));
  if (e instanceof Error) {
    safe.name = e.name;
    safe.stack = `${safe.name}: ${safe.message}\n${framesOf(e)}`;
  }
  return safe;
}

/** Logs an error with a context line: `[pio] <context> <description>`. */
export function logError(context: string, e?: unknown): void {
  console.error(e === undefined ? redactText(context).text : `${redactText(context).text} ${describeError(e)}`);
}

export function logWarn(context: string, e?: unknown): void {
  console.warn(e === undefined ? redactText(context).text : `${redactText(context).text} ${describeError(e)}`);
}

/** Formats console arguments the way the guard prints them: errors described, the rest redacted. */
export function formatLogArgs(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? describeError(a) : typeof a === "string" ? redactText(a).text : describeError(a)))
    .join(" ");
}

const GUARDED = Symbol.for("pio.logRedaction");

/**
 * Makes `console.error` and `console.warn` safe for every caller, Next.js's own error logging
 * included: their arguments are formatted by `formatLogArgs`. `console.log`/`info` stay as they
 * are (start-up banners print addresses on purpose). Installed once per process at start-up.
 */
export function installLogRedaction(target: Console = console): void {
  const t = target as Console & { [GUARDED]?: boolean };
  if (t[GUARDED]) return;
  t[GUARDED] = true;
  for (const level of ["error", "warn"] as const) {
    const original = t[level].bind(t);
    t[level] = (...args: unknown[]) => original(formatLogArgs(args));
  }
}
