/**
 * Redaction at the storage boundary: every text Pio writes (messages, documents, titles,
 * sources, purposes, questions, answers, memories, trait keys and values) goes through these
 * helpers, and identifiers through `storedIdentifier`. Policy: docs/privacy.md.
 */
import { createHash } from "node:crypto";
import { nerSpans } from "./provider";
import { applySpans, detectPii, mergeSpans, redactText } from "./redact";
import { PII_TYPES, placeholder, type PiiSpan, type PiiType } from "./types";

const PLACEHOLDER_RE = new RegExp(`\\[(${PII_TYPES.join("|")})\\]`, "g");

/** The placeholders already in a text, as spans (so a model span that overlaps one merges with it). */
function placeholderSpans(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    out.push({ start: m.index, end: m.index + m[0].length, type: m[1] as PiiType, detector: "placeholder" });
  }
  return out;
}

/**
 * Redacts texts for storage: the rules first, then (when `PII_NER_URL` is set) the model on
 * the rule-redacted text, so structured identifiers never reach the model service either.
 */
export async function redactTextsForStorage(texts: readonly string[]): Promise<string[]> {
  const ruled = texts.map((t) => redactText(t).text);
  const spans = await nerSpans(ruled);
  return ruled.map((text, i) => {
    const found = spans[i] ?? [];
    if (!found.length) return text;
    return applySpans(text, mergeSpans([...placeholderSpans(text), ...found], text.length)).text;
  });
}

export async function redactForStorage(text: string): Promise<string>;
export async function redactForStorage(text: string | null | undefined): Promise<string | null | undefined>;
export async function redactForStorage(text: string | null | undefined): Promise<string | null | undefined> {
  if (typeof text !== "string") return text;
  return (await redactTextsForStorage([text]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Keys that name a secret: their values are redacted whatever they look like.

/** "accessToken", "api-key", "Bank PIN" → ["access", "token"], ["api", "key"], ["bank", "pin"]. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const WORD_TYPES: Record<string, PiiType> = {
  password: "PASSWORD", passwd: "PASSWORD", pwd: "PASSWORD", passcode: "PASSWORD", passphrase: "PASSWORD",
  pin: "PASSWORD", pincode: "PASSWORD", otp: "PASSWORD",
  secret: "SECRET", token: "SECRET", apikey: "SECRET", credential: "SECRET", credentials: "SECRET", privatekey: "SECRET",
  ssn: "NATIONAL_ID", cvv: "CARD", cvc: "CARD", cvv2: "CARD", iban: "IBAN",
};

const PAIR_TYPES: Record<string, PiiType> = {
  "api key": "SECRET", "access key": "SECRET", "private key": "SECRET", "secret key": "SECRET", "auth key": "SECRET",
  "signing key": "SECRET", "encryption key": "SECRET", "license key": "SECRET", "client secret": "SECRET",
  "pin code": "PASSWORD", "security code": "CARD", "security answer": "PASSWORD",
  "card number": "CARD", "credit card": "CARD", "debit card": "CARD", "cc number": "CARD",
  "account number": "BANK_ACCOUNT", "routing number": "BANK_ACCOUNT", "sort code": "BANK_ACCOUNT",
  "social security": "NATIONAL_ID", "tax id": "NATIONAL_ID", "national id": "NATIONAL_ID",
};

/** Identity documents count only when the key names the number ("passport_country" is not one). */
const ID_DOCS = new Set(["passport", "license", "licence", "sin", "nino", "nin", "tin", "itin", "ein"]);
const NUMBER_WORDS = new Set(["number", "no", "num", "nr", "id"]);
const CONTACT_TYPES: Record<string, PiiType> = {
  email: "EMAIL", mail: "EMAIL", phone: "PHONE", mobile: "PHONE", cell: "PHONE", telephone: "PHONE", tel: "PHONE", whatsapp: "PHONE",
};

/**
 * The placeholder type for the values under a key, when the key itself says they are secret or
 * identifying (`password`, `pin`, `api_key`, `ssn`, `card_number`, `phone`…), else null.
 * Words are matched whole: `pinterest`, `tokens_used`, `keyboard` are ordinary keys.
 */
export function secretKeyType(key: string): PiiType | null {
  const words = keyWords(key);
  if (!words.length) return null;
  const joined = words.join("");
  if (WORD_TYPES[joined]) return WORD_TYPES[joined]!;
  let found: PiiType | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const pair = i + 1 < words.length ? `${w} ${words[i + 1]}` : "";
    const type = WORD_TYPES[w] ?? (pair ? PAIR_TYPES[pair] : undefined);
    if (type && (!found || rank(type) > rank(found))) found = type;
    if (ID_DOCS.has(w) && (words.length === 1 || (i + 1 < words.length && NUMBER_WORDS.has(words[i + 1]!)))) found ??= "NATIONAL_ID";
  }
  if (found) return found;
  // Contact details: the key is the contact word, maybe with "address"/"number" after it
  // ("work_email", "phone_number"), never a key about one ("phone_model", "email_verified").
  const last = words[words.length - 1]!;
  const beforeLast = words[words.length - 2];
  if (CONTACT_TYPES[last]) return CONTACT_TYPES[last]!;
  if (beforeLast && CONTACT_TYPES[beforeLast] && (last === "address" || NUMBER_WORDS.has(last))) return CONTACT_TYPES[beforeLast]!;
  return null;
}

const rank = (t: PiiType) => ["EMAIL", "PHONE", "BANK_ACCOUNT", "IBAN", "CARD", "NATIONAL_ID", "SECRET", "PASSWORD"].indexOf(t);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  let k = key;
  for (let n = 2; Object.prototype.hasOwnProperty.call(out, k); n++) k = `${key} (${n})`;
  // defineProperty so that an own "__proto__" key stays a plain key
  Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of a free-form JSON object (traits) safe to store: every key redacted; values under a
 * key that names a secret replaced by its placeholder whatever they look like (strings and
 * numbers; booleans and null say nothing and are kept); every other string redacted.
 */
export async function redactTraitsForStorage(traits: Record<string, unknown>): Promise<Record<string, unknown>> {
  // Pass 1: the shape, with secret values replaced and the other strings collected.
  const strings: string[] = [];
  const slots: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (value: unknown, secret: PiiType | null, depth: number): unknown => {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
      if (secret) return value === "" ? value : placeholder(secret);
      return value;
    }
    if (value === null || typeof value !== "object" || depth > 64) return value;
    if (Array.isArray(value)) {
      const arr = value.map((v) => walk(v, secret, depth + 1));
      arr.forEach((v, i) => {
        if (typeof v === "string" && !secret) slots.push({ holder: arr, key: i });
      });
      return arr;
    }
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const inner = secret ?? secretKeyType(k);
      const safeKey = redactText(k).text;
      const child = walk(v, inner, depth + 1);
      setKey(out, safeKey, child);
      if (typeof child === "string" && !inner) slots.push({ holder: out, key: Object.keys(out).at(-1)! });
    }
    return out;
  };
  const shaped = walk(traits, null, 0) as Record<string, unknown>;
  for (const s of slots) strings.push((s.holder as Record<string | number, unknown>)[s.key] as string);
  // Pass 2: the free-text values, redacted together (one batch for the model, if any).
  const redacted = await redactTextsForStorage(strings);
  slots.forEach((s, i) => ((s.holder as Record<string | number, unknown>)[s.key] = redacted[i]));
  return shaped;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/**
 * How an identifier the client chose (user_id, message id, doc_id) is stored. Without personal
 * data: as sent. With it (an email Message-ID, a card number in a file name): its redacted form
 * plus a tag derived from the raw value and the workspace, e.g. `<CAF=[EMAIL]>~h3f9a…`. The
 * mapping is deterministic and idempotent, so lookups, upserts and dedupe by id keep working with
 * either the raw id or the stored one. Rules only (a model's answer may vary; a key must not).
 */
export function storedIdentifier(workspaceId: string, raw: string): string {
  const redacted = redactIdentifier(raw);
  if (redacted === raw) return raw;
  const tag = createHash("sha256").update(`pio:id:${workspaceId}:${raw}`).digest("hex").slice(0, 16);
  return `${redacted}~h${tag}`;
}

/**
 * Rule-based redaction of an identifier. Ids glue values to words with `-`, `_`, `/`, `:`
 * (`card-4111…`, `invoice_4111…`), which the text rules read as part of a longer token; the
 * detectors run on a copy with those joints turned into spaces (same length, same offsets).
 */
export function redactIdentifier(raw: string): string {
  if (raw.length < 3) return raw;
  const tokenized = raw.replace(/[_/\\:=#|]/g, " ").replace(/(?<=\p{L})-(?=\d)|(?<=\d)-(?=\p{L})/gu, " ");
  return applySpans(raw, detectPii(tokenized)).text;
}
