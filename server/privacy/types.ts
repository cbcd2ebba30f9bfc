/**
 * Shared types of the anonymization (PII redaction) module. See docs/privacy.md.
 */

export type PiiType =
  | "EMAIL"
  | "PHONE"
  | "CARD"
  | "NATIONAL_ID"
  | "IBAN"
  | "BANK_ACCOUNT"
  | "IP_ADDRESS"
  | "ADDRESS"
  | "PASSWORD"
  | "SECRET"
  // Found only by the model-based recognizer, when its settings ask for them (docs/privacy.md).
  | "PERSON"
  | "ORGANIZATION"
  | "LOCATION";

/** A detected piece of personal data: `text.slice(start, end)` (UTF-16 offsets, end exclusive). */
export interface PiiSpan {
  start: number;
  end: number;
  type: PiiType;
  /** Name of the detector that found it (for debugging and metrics, never stored with the text). */
  detector: string;
  /** Confidence in [0, 1] for model-based detectors; rule-based detectors leave it out. */
  score?: number;
}

/** A synchronous, rule-based detector. Must be pure and fast (no I/O). */
export interface PiiDetector {
  name: string;
  detect(text: string): PiiSpan[];
}

/** An asynchronous detector, e.g. a GLiNER-style NER model served over HTTP. */
export interface AsyncPiiDetector {
  name: string;
  detect(text: string): Promise<PiiSpan[]>;
}

export interface RedactionResult {
  /** The text with every detected span replaced by its typed placeholder, e.g. `[EMAIL]`. */
  text: string;
  /** How many placeholders of each type were inserted (types with zero are absent). */
  counts: Partial<Record<PiiType, number>>;
}

export const PII_TYPES: readonly PiiType[] = [
  "EMAIL",
  "PHONE",
  "CARD",
  "NATIONAL_ID",
  "IBAN",
  "BANK_ACCOUNT",
  "IP_ADDRESS",
  "ADDRESS",
  "PASSWORD",
  "SECRET",
  "PERSON",
  "ORGANIZATION",
  "LOCATION",
];

/** The placeholder that replaces a span of the given type: `[EMAIL]`, `[PHONE]`, ... */
export function placeholder(type: PiiType): string {
  return `[${type}]`;
}

/**
 * Which type wins when spans of different types overlap (higher wins). Credentials first, then
 * the structured identifiers with a checksum or an explicit context word, then the looser ones.
 */
export const TYPE_PRIORITY: Readonly<Record<PiiType, number>> = {
  SECRET: 100,
  PASSWORD: 90,
  CARD: 80,
  IBAN: 75,
  NATIONAL_ID: 70,
  BANK_ACCOUNT: 65,
  EMAIL: 60,
  IP_ADDRESS: 50,
  PHONE: 40,
  ADDRESS: 30,
  PERSON: 20,
  ORGANIZATION: 15,
  LOCATION: 10,
};
