/**
 * Rule-based PII detectors. Each one is synchronous, allocation-light and linear in the text
 * length: every regular expression is anchored on a cheap literal or bounded by explicit
 * lengths (no nested unbounded quantifiers), and each detector starts with a pre-check that
 * skips it entirely for texts that cannot contain what it looks for.
 *
 * What each detector accepts and deliberately keeps is documented in docs/privacy.md.
 */
import type { PiiDetector, PiiSpan, PiiType } from "./types";
import {
  countDigits,
  cpfValid,
  digitsOf,
  dniValid,
  ibanValid,
  IBAN_LENGTHS,
  isIPv6,
  luhnValid,
  shannonEntropy,
} from "./validators";

// ---------------------------------------------------------------------------------------------
// helpers

type Match = RegExpExecArray;

/** Runs a global regex over the text (resetting it first), calling `fn` for each match. */
function eachMatch(re: RegExp, text: string, fn: (m: Match) => void): void {
  re.lastIndex = 0;
  let m: Match | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    fn(m);
  }
}

/** Offsets of capture group `g` of a match made with the `d` flag. */
function groupRange(m: Match, g: number): [number, number] | null {
  const r = m.indices?.[g];
  return r ? [r[0], r[1]] : null;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function span(start: number, end: number, type: PiiType, detector: string): PiiSpan {
  return { start, end, type, detector };
}

/** Placeholders already in the text (`[EMAIL]` ...) are never treated as values: redaction is idempotent. */
const PLACEHOLDER_RE = /^\[(?:EMAIL|PHONE|CARD|NATIONAL_ID|IBAN|BANK_ACCOUNT|IP_ADDRESS|ADDRESS|PASSWORD|SECRET|PERSON|ORGANIZATION|LOCATION)\]$/;
const PLACEHOLDER_PREFIX_RE = /^["'`]?\[(?:EMAIL|PHONE|CARD|NATIONAL_ID|IBAN|BANK_ACCOUNT|IP_ADDRESS|ADDRESS|PASSWORD|SECRET|PERSON|ORGANIZATION|LOCATION)\]/;

// ---------------------------------------------------------------------------------------------
// EMAIL

/** Non-ASCII letters and digits (internationalized addresses: zoë@example.fr, info@münchen.de). */
function isIntlAlnum(c: number): boolean {
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ||
    c === 46 /* . */ || c === 95 /* _ */ || c === 37 /* % */ || c === 43 /* + */ || c === 45 /* - */ ||
    isIntlAlnum(c)
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || isIntlAlnum(c);
}

const DOMAIN_RE = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

const OBFUSCATED_EMAIL_RE =
  /\b([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})\s{0,3}(\[at\]|\(at\)|\{at\}|<at>|\s+at\s+)\s{0,3}([A-Za-z0-9-]{1,63}(?:\s{0,3}(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s+dot\s+|\.)\s{0,3}[A-Za-z0-9-]{1,63}){0,3}?)\s{0,3}(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s+dot\s+)\s{0,3}(?:com|org|net|edu|gov|io|co|ai|dev|app|me|us|uk|de|fr|es|it|nl|ca|au|in|info|biz|xyz)\b/gi;

/** Words that often stand before a spoken " at " and are not mailbox names ("I work at acme dot com"). */
const AT_STOPWORDS = new Set(
  (
    "a an the i me you he she it we they him her us them my our your his its their this that these those " +
    "is am are was were be been being work works worked working look looks looked looking meet meeting met " +
    "stay stayed staying live lives lived living arrive arrived arriving be here there job jobs role intern " +
    "engineer engineers manager founder ceo cto cfo head lead developer designer everyone someone people " +
    "team teams shop shopping buy bought sell sold hosted deployed available online found find check " +
    "out up down over back now then also just only still even"
  ).split(" "),
);

export const emailDetector: PiiDetector = {
  name: "email",
  detect(text) {
    const spans: PiiSpan[] = [];
    for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
      let s = at;
      while (s > 0 && at - s < 64 && isLocalChar(text.charCodeAt(s - 1))) s--;
      while (s < at && text[s] === ".") s++;
      if (s === at) continue;
      let e = at + 1;
      while (e < text.length && e - at <= 254 && isDomainChar(text.charCodeAt(e))) e++;
      while (e > at + 1 && (text[e - 1] === "." || text[e - 1] === "-")) e--;
      // A field path glues more labels after the address ("traits.ann@mail.com.a.b"): drop
      // trailing labels until the rest is a domain.
      while (!DOMAIN_RE.test(text.slice(at + 1, e))) {
        const cut = text.lastIndexOf(".", e - 1);
        if (cut <= at + 1) break;
        e = cut;
      }
      if (!DOMAIN_RE.test(text.slice(at + 1, e))) continue;
      // The password in a URL's userinfo (scheme://user:password@host) is the secret detector's.
      if (text[s - 1] === ":") {
        const before = text.slice(Math.max(0, s - 200), s);
        const scheme = before.lastIndexOf("://");
        if (scheme !== -1 && !/[\s/]/.test(before.slice(scheme + 3))) continue;
      }
      spans.push(span(s, e, "EMAIL", "email"));
      at = e - 1;
    }
    if (/\[dot\]|\(dot\)|\{dot\}|<dot>|\sdot\s/i.test(text)) {
      eachMatch(OBFUSCATED_EMAIL_RE, text, (m) => {
        const local = (m[1] ?? "").toLowerCase();
        const sep = (m[2] ?? "").trim();
        if (sep.toLowerCase() === "at" && AT_STOPWORDS.has(local)) return;
        spans.push(span(m.index, m.index + m[0].length, "EMAIL", "email"));
      });
    }
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// PHONE

/**
 * A candidate is a run of digit groups (plain or in parentheses) joined by one space, dash or dot
 * (optionally surrounded by spaces), with an optional leading "+". It is then split into groups
 * and validated: see `phoneShapeOk`.
 */
const PHONE_CANDIDATE_RE =
  /(?:\+[ \u00a0]?)?(?:\(\d{1,5}\)|\d{1,15})(?:(?:[ \u00a0]?[-.\u2010-\u2013][ \u00a0]?|[ \u00a0]|(?<=\))|(?=\())(?:\(\d{1,5}\)|\d{1,15})){0,8}/g;

const PHONE_CONTEXT_RE =
  /\b(?:phone|ph|tel|telephone|mobile|mob|cell|cellphone|call|called|calling|text|texts|sms|whatsapp|signal|fax|dial|ring|reach|contact|landline|hotline|(?:my|his|her|their|your|our)\s+(?:new\s+)?number)\b/i;

const PHONE_NEGATIVE_CONTEXT_RE =
  /(?:\b(?:order|orders|invoice|inv|tracking|track|ticket|ref|reference|confirmation|conf|booking|reservation|flight|id|isbn|issn|serial|sku|part|model|version|build|account|acct|routing|iban|card|ssn|sin|zip|postal|postcode|po|case|pnr|receipt|transaction|txn|policy|claim|patent|item|product|shipment|parcel|package|batch|lot|customer|member|employee|student|license|licence|record|row|page|pages|chapter|error|code)(?:\s{0,2}(?:number|num|no\.?|nr\.?|id|#|code|ref))?|#|\bno\.?)[\s:#=.-]{0,4}$/i;

const DATE_PREFIX_RE = /^(?:19|20)\d{2}[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])\b/;
const DATE_SUFFIX_RE = /\b(?:0?[1-9]|[12]\d|3[01])[-./ ](?:0?[1-9]|[12]\d|3[01])[-./ ](?:19|20)\d{2}$/;
const NANP_RE = /^(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}$/;
const NANP_PLAIN_RE = /^1?[2-9]\d{2}[2-9]\d{6}$/;

interface PhoneGroup {
  start: number; // offset in the text
  end: number;
}

function phoneGroups(text: string, from: number, to: number): PhoneGroup[] {
  const groups: PhoneGroup[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === "(") {
      const close = text.indexOf(")", i);
      groups.push({ start: i, end: close + 1 });
      i = close + 1;
    } else if (isDigit(c)) {
      let j = i;
      while (j < to && isDigit(text[j])) j++;
      groups.push({ start: i, end: j });
      i = j;
    } else i++;
  }
  return groups;
}

function phoneBoundaryOk(text: string, start: number, end: number): boolean {
  const prev = text[start - 1];
  if (isWordChar(prev) || (prev !== undefined && "$€£¥#@/\\+".includes(prev))) return false;
  if (prev !== undefined && ".,:-–".includes(prev) && isDigit(text[start - 2])) return false;
  const next = text[end];
  if (isWordChar(next) || (next !== undefined && "%‰€£$/\\@".includes(next))) return false;
  if (next !== undefined && ".,:-–".includes(next) && isDigit(text[end + 1])) return false;
  return true;
}

function phoneShapeOk(text: string, start: number, end: number, plusStart: boolean): boolean {
  const s = text.slice(start, end);
  const digits = digitsOf(s);
  const n = digits.length;
  if (n < 7 || n > 17) return false;
  if (DATE_PREFIX_RE.test(s) || DATE_SUFFIX_RE.test(s)) return false;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(s)) return false; // an IPv4 address
  if (!phoneBoundaryOk(text, start, end)) return false;

  const before = text.slice(Math.max(0, start - 40), start);
  const positive = PHONE_CONTEXT_RE.test(before);
  if (!positive && PHONE_NEGATIVE_CONTEXT_RE.test(before)) return false;

  if (plusStart) return n >= 8 && n <= 15;
  if (digits.startsWith("00") && !s.startsWith("(")) return n - 2 >= 8 && n - 2 <= 15;
  if (positive && n <= 15 && !/^(?:(?:19|20)\d{2}\D*)+$/.test(s)) return true; // not "call it 2024-2025"
  if (NANP_RE.test(s) || NANP_PLAIN_RE.test(s)) return true;
  // National format with a trunk 0: 020 7946 0958, 07911 123456, 01 42 68 53 00, (030) 901820.
  if (/^\(?0[1-9]/.test(s) && !s.includes(".") && n >= 10 && n <= 11) {
    return /^\(?0\d{1,4}\)?(?:[ -]?\d{2,}){0,5}$/.test(s);
  }
  return false;
}

export const phoneDetector: PiiDetector = {
  name: "phone",
  detect(text) {
    if (countDigits(text, 7) < 7) return [];
    const spans: PiiSpan[] = [];
    eachMatch(PHONE_CANDIDATE_RE, text, (m) => {
      const cStart = m.index;
      const cEnd = cStart + m[0].length;
      if (countDigits(m[0], 7) < 7) return;
      const plus = m[0].startsWith("+");
      const groups = phoneGroups(text, cStart, cEnd);
      // Greedy, left to right: the longest run of groups starting at group i that is a phone.
      let i = 0;
      while (i < groups.length) {
        let found = -1;
        for (let j = groups.length - 1; j >= i; j--) {
          const gs = groups[i];
          const ge = groups[j];
          if (!gs || !ge) continue;
          const start = i === 0 ? cStart : gs.start;
          if (phoneShapeOk(text, start, ge.end, i === 0 && plus)) {
            spans.push(span(start, ge.end, "PHONE", "phone"));
            found = j;
            break;
          }
        }
        i = found === -1 ? i + 1 : found + 1;
      }
    });
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// CARD

/** 13-19 digits, plain or grouped by spaces, dashes or dots (one kind per number; checked below). */
const CARD_RE = /(?<![\p{L}\p{N}_.,$€£#-])\d(?:[ .-]?\d){12,18}(?![\p{L}\p{N}_]|[.,-]\d)/gu;

function cardPrefixOk(d: string): boolean {
  const c = d[0];
  if (c === "4" || c === "5" || c === "6" || c === "3") return true;
  // Mastercard 2-series: 2221-2720
  if (c === "2") {
    const p = Number(d.slice(0, 4));
    return p >= 2221 && p <= 2720;
  }
  return false;
}

/** Whether a run of digits (plain, or grouped by one kind of separator) is laid out and checks out as a card. */
function isCard(raw: string): boolean {
  const digits = digitsOf(raw);
  if (digits.length < 13 || digits.length > 19) return false;
  if (!cardPrefixOk(digits) || !luhnValid(digits)) return false;
  if (/[ .-]/.test(raw)) {
    const groups = raw.split(/[ .-]/);
    const seps = raw.match(/[ .-]/g) ?? [];
    if (new Set(seps).size > 1) return false; // mixed separators: not a card layout
    if (groups.length < 3 || groups.length > 5 || groups.some((g) => g.length < 3 || g.length > 6)) return false;
  }
  return true;
}

/**
 * The card inside a grouped run, when the whole run is none: the regex is greedy, so a card
 * followed (or preceded) by more digit groups ("4111 1111 1111 1111 536") matches as one
 * longer run. The longest sub-run that starts and ends at group boundaries and is a card wins.
 */
function cardWithin(raw: string): [number, number] | null {
  if (isCard(raw)) return [0, raw.length];
  const cuts = [0];
  for (let i = 0; i < raw.length; i++) if (/[ .-]/.test(raw[i]!)) cuts.push(i + 1);
  const ends = [...cuts.slice(1).map((c) => c - 1), raw.length];
  let best: [number, number] | null = null;
  for (const a of cuts) {
    for (const b of ends) {
      if (b <= a || (best && b - a <= best[1] - best[0])) continue;
      if (isCard(raw.slice(a, b))) best = [a, b];
    }
  }
  return best;
}

export const cardDetector: PiiDetector = {
  name: "card",
  detect(text) {
    if (countDigits(text, 13) < 13) return [];
    const spans: PiiSpan[] = [];
    eachMatch(CARD_RE, text, (m) => {
      const found = cardWithin(m[0]);
      if (found) spans.push(span(m.index + found[0], m.index + found[1], "CARD", "card"));
    });
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// NATIONAL_ID

const SSN_DASHED_RE = /(?<![\p{L}\p{N}_-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\p{L}\p{N}_]|-\d)/gu;

/**
 * The same nine digits grouped 3-2-4 by spaces or dots (`536 22 8812`, `536.22.8812`), one kind
 * of separator, not inside a longer run of digit groups. Same validity rules as the dashed form.
 */
const SSN_GROUPED_RE =
  /(?<![\p{L}\p{N}_]|\d[ .,-]|[.,-])(?!000|666|9\d\d)\d{3}([ .])(?!00)\d{2}\1(?!0000)\d{4}(?![\p{L}\p{N}_]|[ .,-]\d)/gu;

const SSN_CONTEXT_RE =
  /\b(?:ssn|ss#|social\s+security(?:\s+(?:number|num|no\.?|#))?)\s{0,3}(?:#|number|no\.?)?\s{0,3}(?:is|was|:|=|-)?\s{0,3}:?\s{0,3}(\d{3}[- ]?\d{2}[- ]?\d{4})(?!\d)/dgi;

/** UK National Insurance number: two letters, three pairs of digits, A-D (QQ 12 34 56 C). */
const UK_NINO_RE = /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b|\bQQ ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;

/** Italian codice fiscale. */
const CODICE_FISCALE_RE = /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/g;

/** Brazilian CPF, check digits validated. */
const CPF_RE = /(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d])/g;

/** Spanish DNI / NIE, check letter validated. */
const DNI_RE = /\b(?:\d{8}|[XYZ]\d{7})-?[A-Z]\b/g;

/** Long-form context words (case-insensitive) followed by an identifier that contains a digit. */
const ID_CONTEXT_WORDS_RE =
  /\b(?:passport|driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|national\s+(?:id|identity|insurance)|id\s+card|identity\s+card|tax\s+(?:id|identification|file)|social\s+insurance|medicare|aadhaa?r|personnummer|codice\s+fiscale|steuer-?id|identification)(?:\s{1,3}(?:number|num|no\.?|#|card))?[\s:#=-]{0,4}(?:(?:is|was)\s{1,3})?[\s:#=-]{0,3}((?=[A-Z0-9]{0,20}\d)[A-Z0-9]{1,20}(?:[ -](?=[A-Z0-9]{0,20}\d)[A-Z0-9]{1,20}){0,4})/dgi;

/** Upper-case acronyms (case-sensitive so "sin", "pan", "tin" as words do not trigger). */
const ID_CONTEXT_ACRONYMS_RE =
  /\b(?:SIN|NIN|NINO|TIN|EIN|ITIN|PAN|NHS|BSN|DNI|NIE|NIF|CPF|CURP|RFC|NIC|PPS|PPSN|TFN|SVNR|AHV)(?:\s{1,3}(?:[Nn]umber|[Nn]o\.?|#))?[\s:#=-]{0,4}(?:(?:is|was)\s{1,3})?[\s:#=-]{0,3}((?=[A-Z0-9]{0,20}\d)[A-Z0-9]{1,20}(?:[ .-](?=[A-Z0-9]{0,20}\d)[A-Z0-9]{1,20}){0,4})/dg;

export const nationalIdDetector: PiiDetector = {
  name: "national_id",
  detect(text) {
    if (countDigits(text, 4) < 4) return [];
    const spans: PiiSpan[] = [];
    const push = (s: number, e: number): void => {
      spans.push(span(s, e, "NATIONAL_ID", "national_id"));
    };
    if (text.includes("-")) eachMatch(SSN_DASHED_RE, text, (m) => push(m.index, m.index + m[0].length));
    if (/\d{3}[ .]\d{2}[ .]\d{4}/.test(text)) eachMatch(SSN_GROUPED_RE, text, (m) => push(m.index, m.index + m[0].length));
    const lower = /[a-z]/i.test(text);
    if (lower && /ss|social/i.test(text)) {
      eachMatch(SSN_CONTEXT_RE, text, (m) => {
        const r = groupRange(m, 1);
        if (r) push(r[0], r[1]);
      });
    }
    if (/[A-Z]{2}/.test(text)) {
      eachMatch(UK_NINO_RE, text, (m) => push(m.index, m.index + m[0].length));
      eachMatch(CODICE_FISCALE_RE, text, (m) => push(m.index, m.index + m[0].length));
      eachMatch(ID_CONTEXT_ACRONYMS_RE, text, (m) => {
        const r = groupRange(m, 1);
        const v = m[1] ?? "";
        if (r && v.replace(/[ .-]/g, "").length >= 5) push(r[0], r[1]);
      });
    }
    if (/[A-Z]/.test(text)) {
      eachMatch(DNI_RE, text, (m) => {
        if (dniValid(m[0])) push(m.index, m.index + m[0].length);
      });
    }
    if (text.includes(".")) {
      eachMatch(CPF_RE, text, (m) => {
        if (cpfValid(digitsOf(m[0]))) push(m.index, m.index + m[0].length);
      });
    }
    if (lower && /passport|licen|national|id\b|identity|tax|insurance|medicare|aadha|personnummer|fiscale|steuer|identification/i.test(text)) {
      eachMatch(ID_CONTEXT_WORDS_RE, text, (m) => {
        const r = groupRange(m, 1);
        const v = m[1] ?? "";
        const compact = v.replace(/[ -]/g, "");
        if (r && compact.length >= 5 && countDigits(compact) >= 2) push(r[0], r[1]);
      });
    }
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// IBAN

const IBAN_RE = /\b([A-Z]{2})(\d{2})((?:[ -]?[A-Z0-9]){11,30})/gi;

export const ibanDetector: PiiDetector = {
  name: "iban",
  detect(text) {
    if (!/[A-Za-z]{2}\d{2}/.test(text)) return [];
    const spans: PiiSpan[] = [];
    eachMatch(IBAN_RE, text, (m) => {
      const end = ibanEnd(text, m);
      if (end === -1) {
        IBAN_RE.lastIndex = m.index + 1; // an IBAN may start inside this failed candidate
        return;
      }
      spans.push(span(m.index, end, "IBAN", "iban"));
      IBAN_RE.lastIndex = end;
    });
    return spans;
  },
};

/**
 * Walks the candidate counting alphanumerics and cuts it at the country's IBAN length (the
 * greedy pattern may have run into the next word); returns the end offset or -1.
 */
function ibanEnd(text: string, m: Match): number {
  const expected = IBAN_LENGTHS[(m[1] ?? "").toUpperCase()];
  if (expected === undefined) return -1;
  let count = 0;
  let end = m.index;
  const limit = m.index + m[0].length;
  let compact = "";
  while (end < limit && count < expected) {
    const c = text[end] ?? "";
    if (c !== " " && c !== "-") {
      compact += c;
      count++;
    }
    end++;
  }
  if (count !== expected || isWordChar(text[end])) return -1;
  return ibanValid(compact.toUpperCase()) ? end : -1;
}

// ---------------------------------------------------------------------------------------------
// BANK_ACCOUNT (context words only)

const CONNECT = String.raw`(?:\s{0,3}(?:number|num|no\.?|#|nr\.?))?[\s:#=-]{0,4}(?:(?:is|was)\s{1,3})?[\s:#=-]{0,3}`;

const BANK_RES: { re: RegExp; minDigits: number; maxDigits: number }[] = [
  {
    re: new RegExp(String.raw`\b(?:bank\s+)?(?:account|acct|acc|a\/c)${CONNECT}(\d{2,}(?:[ -]\d{2,}){0,4})(?![\d-])`, "dgi"),
    minDigits: 6,
    maxDigits: 20,
  },
  { re: new RegExp(String.raw`\b(?:routing|aba|rtn|transit)${CONNECT}(\d{3}-?\d{3}-?\d{3}|\d{5}(?:-\d{3})?)(?![\d-])`, "dgi"), minDigits: 5, maxDigits: 9 },
  { re: new RegExp(String.raw`\bsort\s?code${CONNECT}(\d{2}[- ]?\d{2}[- ]?\d{2})(?![\d-])`, "dgi"), minDigits: 6, maxDigits: 6 },
  { re: new RegExp(String.raw`\bBSB${CONNECT}(\d{3}[- ]?\d{3})(?![\d-])`, "dgi"), minDigits: 6, maxDigits: 6 },
  { re: new RegExp(String.raw`\bIFSC(?:\s+code)?${CONNECT}([A-Z]{4}0[A-Z0-9]{6})\b`, "dgi"), minDigits: 1, maxDigits: 11 },
];

export const bankAccountDetector: PiiDetector = {
  name: "bank_account",
  detect(text) {
    if (countDigits(text, 5) < 5 || !/acc|a\/c|routing|aba|rtn|transit|sort|bsb|ifsc/i.test(text)) return [];
    const spans: PiiSpan[] = [];
    for (const { re, minDigits, maxDigits } of BANK_RES) {
      eachMatch(re, text, (m) => {
        const r = groupRange(m, 1);
        const n = countDigits(m[1] ?? "");
        if (r && n >= minDigits && n <= maxDigits) spans.push(span(r[0], r[1], "BANK_ACCOUNT", "bank_account"));
      });
    }
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// IP_ADDRESS

const IPV4_RE =
  /(?<![\p{L}\p{N}_.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\p{L}\p{N}_]|\.\d)/gu;

/** "version 10.0.0.1", "v 1.2.3.4", "build 1.0.0.12": four-part version numbers, kept. */
const VERSION_CONTEXT_RE =
  /\b(?:version|versions|ver|v|release|rel|build|revision|rev|firmware|fw|patch|update|upgrade|upgraded|downgrade|node|python|java|chrome|firefox|edge|safari|windows|ios|android|macos|kernel|sdk|api|app|tag)\.?\s{0,3}$/i;

const IPV6_CANDIDATE_RE = /(?<![\p{L}\p{N}_:.])[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}(?![\p{L}\p{N}_:])/gu;

export const ipAddressDetector: PiiDetector = {
  name: "ip_address",
  detect(text) {
    const spans: PiiSpan[] = [];
    if (text.includes(".") && countDigits(text, 4) >= 4) {
      eachMatch(IPV4_RE, text, (m) => {
        const before = text.slice(Math.max(0, m.index - 16), m.index);
        if (VERSION_CONTEXT_RE.test(before)) return;
        spans.push(span(m.index, m.index + m[0].length, "IP_ADDRESS", "ip_address"));
      });
    }
    if (text.includes(":")) {
      eachMatch(IPV6_CANDIDATE_RE, text, (m) => {
        let c = m[0];
        while (c.endsWith(".")) c = c.slice(0, -1);
        let colons = 0;
        for (const ch of c) if (ch === ":") colons++;
        if (colons < 2 || !/\d/.test(c) || !isIPv6(c)) return;
        spans.push(span(m.index, m.index + c.length, "IP_ADDRESS", "ip_address"));
      });
    }
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// ADDRESS

const SUFFIX_WORDS =
  "Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Terrace|Way|Parkway|Highway|Circle|Square|Trail|Crescent|" +
  "Close|Grove|Gardens|Alley|Plaza|Row|Mews|Walk|Loop|Pike|Turnpike|Expressway|Freeway|Causeway|Embankment|Quay|Wharf";
const SUFFIX_ABBREVIATIONS = "St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Terr|Ter|Pkwy|Hwy|Cir|Sq|Trl|Cres|Gdns|Expy|Fwy";
/** A full suffix word, or an abbreviation with its optional period ("St."). */
const SUFFIXES = String.raw`(?:${SUFFIX_WORDS})\b|(?:${SUFFIX_ABBREVIATIONS})\b\.?`;

const UNIT = String.raw`(?:,?\s{1,3}(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)\.?\s{0,3}#?\s{0,3}[A-Za-z0-9-]{1,6}\b)?`;
const CITY_ZIP = String.raw`(?:(?:,\s{0,3}[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})?,?\s{1,3}(?:[A-Z]{2}\s{1,3}\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b)?`;
const NUMBER = String.raw`(?<![\p{L}\p{N}_$€£#.,/:-])\d{1,6}[A-Za-z]?(?:-\d{1,6})?`;
const NOT_FUNCTION_WORD = String.raw`(?!(?:The|A|An|And|Or|Of|In|On|At|To|For|With|By|My|Our|Your|Their|His|Her|Its|This|That|These|Those|New)\s)`;
const NAME_WORD = String.raw`(?:[A-Z][a-z'’]+|[A-Z]\.?|\d{1,3}(?:st|nd|rd|th))`;
const DIRECTION = String.raw`(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s{1,3})?`;

/** "742 Evergreen Terrace", "221B Baker Street", "1600 Amphitheatre Parkway, Mountain View, CA 94043". */
const ADDRESS_CAP_RE = new RegExp(
  String.raw`${NUMBER}\s{1,3}${DIRECTION}${NOT_FUNCTION_WORD}(?:${NAME_WORD}\s{1,3}){1,5}(?:${SUFFIXES})${UNIT}${CITY_ZIP}` +
    String.raw`|${NUMBER}\s{1,3}Broadway\b${UNIT}${CITY_ZIP}`,
  "gu",
);

/** Lower-case variant, restricted to unambiguous suffixes and at most two name words ("742 evergreen terrace"). */
const ADDRESS_LOWER_RE = new RegExp(
  String.raw`${NUMBER}\s{1,3}(?:[a-z][a-z'’]+\s{1,3}){1,2}(?:street|avenue|ave|road|boulevard|blvd|terrace|parkway|lane)\b`,
  "gu",
);

const UNIT_RE = /\b(?:Apt|APT|apt|Apartment|apartment|Suite|Ste)\.?\s{0,3}#?\s{0,3}\d{1,5}[A-Za-z]?\b/g;
const PO_BOX_RE = /\b(?:P\.?\s?O\.?|Post\s+Office)\s{0,3}Box\s{1,3}#?\d{1,8}\b/gi;

export const addressDetector: PiiDetector = {
  name: "address",
  detect(text) {
    if (countDigits(text, 1) < 1) return [];
    const spans: PiiSpan[] = [];
    const push = (m: Match): void => {
      spans.push(span(m.index, m.index + m[0].length, "ADDRESS", "address"));
    };
    if (/[A-Z]/.test(text)) eachMatch(ADDRESS_CAP_RE, text, push);
    if (/street|avenue|ave|road|boulevard|blvd|terrace|parkway|lane/.test(text)) eachMatch(ADDRESS_LOWER_RE, text, push);
    if (/apt|apartment|suite|ste/i.test(text)) eachMatch(UNIT_RE, text, push);
    if (/box/i.test(text)) eachMatch(PO_BOX_RE, text, push);
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// PASSWORD

/**
 * keyword, optional "for <service>", connector, value. The connector decides how strict the
 * value test is: after ":" / "=" anything goes; after "is" common words are refused; after a
 * bare space the value must look like a secret (digits or symbols).
 */
const PASSWORD_RE =
  /\b(password|passwd|pass\s?word|passphrase|pass\s?code|pwd|pw|pin(?:\s?code|\s?number)?|pass)\b(\s{1,3}for\s{1,3}(?:my\s{1,3}|the\s{1,3})?[\w.@-]{1,40}(?:\s{1,3}account)?)?(["']?\s{0,3}(?:=>|->|[:=])\s{0,3}|\s{1,3}(?:is|was)(?:\s{1,3}(?:now|still|set\s+to|changed\s+to))?\s{0,3}:?\s{0,3}|\s{1,3}(?:to|set\s+to|changed\s+to)\s{1,3}|\s{1,3})("[^"\n]{1,128}"|'[^'\n]{1,128}'|`[^`\n]{1,128}`|[^\s"'`]{1,128})/dgi;

const PASSWORD_STOPWORDS = new Set(
  (
    "the a an my your his her our their its this that these those it not too very so still now also just same " +
    "different wrong incorrect correct right invalid valid expired required needed mandatory optional weak strong " +
    "secure insecure safe unsafe long short saved stored set reset changed updated hashed encrypted salted missing " +
    "empty blank case sensitive in on at for to and or but what which being been easy hard simple complex good bad " +
    "fine ok okay visible hidden protected shared compromised leaked sent generated random unique known unknown " +
    "forgotten lost stolen there here something nothing anything supposed meant like probably definitely usually " +
    "always never only exactly literally basically actually manager managers reset field fields policy policies " +
    "strength length requirements rules hint hints protected-by from with by of if when will would should could " +
    "can cannot can't doesn't isn't wasn't don't did does do has have had expiring expires rotation rotated " +
    "somewhere written please again yet both either all none null undefined true false"
  ).split(" "),
);

export const passwordDetector: PiiDetector = {
  name: "password",
  detect(text) {
    if (!/pass|pwd|pw|pin/i.test(text)) return [];
    const spans: PiiSpan[] = [];
    eachMatch(PASSWORD_RE, text, (m) => {
      const keyword = (m[1] ?? "").toLowerCase().replace(/\s/g, "");
      const connector = (m[3] ?? "").trim().toLowerCase().replace(/["']/g, "");
      const r = groupRange(m, 4);
      if (!r) return;
      let [s, e] = r;
      let value = m[4] ?? "";
      if (PLACEHOLDER_PREFIX_RE.test(value)) return;
      const quoted = /^["'`]/.test(value);
      if (quoted) {
        s++;
        e--;
        value = value.slice(1, -1);
      } else {
        // A trailing sentence mark is not part of the password ("my password is hunter2.").
        const stripped = value.replace(/[.,;:)\]}>]+$/, "");
        if (stripped.length > 0) {
          e -= value.length - stripped.length;
          value = stripped;
        }
      }
      if (value.length === 0 || PLACEHOLDER_RE.test(value)) return;
      const isPin = keyword.startsWith("pin");
      const shortKeyword = keyword === "pw" || keyword === "pwd" || keyword === "pass";
      if (keyword === "pass" && (!/[:=]/.test(connector) || value.length < 4 || PASSWORD_STOPWORDS.has(value.toLowerCase()))) return;
      if (isPin && !/^\d{4,8}$/.test(value)) return;
      if (connector === "") {
        // bare space: "passcode 1234", "password hunter2"; never "password manager".
        if (shortKeyword && !isPin) return;
        if (value.length < 4 || !/[\d\W_]/.test(value)) return;
      } else if (
        !quoted &&
        /^(?:is|was|to)/.test(connector) &&
        (PASSWORD_STOPWORDS.has(value.toLowerCase()) || /^[a-z]{3,}(?:ed|ing|ly)$/.test(value))
      ) {
        return; // "my password was hacked", "the password is expiring", "is probably wrong"
      }
      if (!quoted && connector !== "" && !/[:=>]/.test(connector) && /^[a-z]+$/i.test(value) && value.length < 3) return;
      spans.push(span(s, e, "PASSWORD", "password"));
    });
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------
// SECRET

const SECRET_PATTERNS: RegExp[] = [
  /\bsk-(?:proj-|svcacct-|admin-|ant-(?:api\d{2}-)?)?[A-Za-z0-9_-]{20,}/g, // OpenAI, Anthropic
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\bwhsec_[A-Za-z0-9+/=]{20,}/g,
  /\bpio_(?:sk|pk)_[A-Za-z0-9_]{10,}/g, // Pio's own keys
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{40,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,}/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\bya29\.[0-9A-Za-z_-]{20,}/g, // Google OAuth token
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bhf_[A-Za-z0-9]{30,}\b/g, // Hugging Face
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT
];

/** Secrets whose value only is replaced (group 1): bearer tokens, URL passwords, assignments. */
const BEARER_RE = /\bBearer\s{1,3}([A-Za-z0-9\-._~+/]{12,}=*)/dgi;
const BASIC_AUTH_RE = /\bAuthorization["']?\s{0,3}[:=]\s{0,3}["']?Basic\s{1,3}([A-Za-z0-9+/]{8,}={0,2})/dgi;
const URL_PASSWORD_RE = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,128}:([^\s@/]{1,256})@/dgi;
const ASSIGNMENT_RE =
  /(?<![A-Za-z0-9])(?:api[_ -]?key|apikey|api[_ -]?secret|access[_ -]?key(?:[_ -]?id)?|secret[_ -]?access[_ -]?key|access[_ -]?token|auth[_ -]?token|refresh[_ -]?token|session[_ -]?token|id[_ -]?token|bearer[_ -]?token|client[_ -]?secret|app[_ -]?secret|secret[_ -]?key|private[_ -]?key|signing[_ -]?key|encryption[_ -]?key|webhook[_ -]?secret|license[_ -]?key|x-api-key|token|secret)s?["']?(\s{0,3}(?:=>|[:=])\s{0,3}["']?|\s{1,3}(?:is|was)\s{1,3}["']?)([A-Za-z0-9\-_.+/=~]{8,512})/dgi;

const NOT_A_SECRET = /^(?:null|none|nil|undefined|true|false|redacted|xxx+|\*+|changeme|your[_-]?\w*|example\w*|placeholder|process\.env\.\w+|env\.\w+|os\.environ\w*|config\.\w+|settings\.\w+)$/i;

function secretValueOk(value: string, explicitOperator: boolean): boolean {
  if (NOT_A_SECRET.test(value) || /^(.)\1+$/.test(value)) return false;
  if (/^[a-z]+$/i.test(value) && !explicitOperator) return false; // "the token is expired"
  const classes = (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0);
  if (value.length >= 20) return true;
  if (classes >= 2 && value.length >= 8) return true;
  return explicitOperator && value.length >= 12 && shannonEntropy(value) >= 3;
}

export const secretDetector: PiiDetector = {
  name: "secret",
  detect(text) {
    const spans: PiiSpan[] = [];
    const push = (s: number, e: number): void => {
      spans.push(span(s, e, "SECRET", "secret"));
    };
    // Private key blocks: up to the END line, or to the end of the text when it was cut.
    for (let i = text.indexOf("-----BEGIN"); i !== -1; i = text.indexOf("-----BEGIN", i + 1)) {
      const header = /^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/.exec(text.slice(i, i + 80));
      if (!header) continue;
      const endRe = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
      endRe.lastIndex = i + header[0].length;
      const end = endRe.exec(text);
      const stop = end ? end.index + end[0].length : text.length;
      push(i, stop);
      i = stop - 1;
    }
    if (!/sk-|_live_|_test_|whsec_|pio_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|AIza|ya29\.|SG\.|npm_|hf_|eyJ|bearer|basic|:\/\/|key|token|secret/i.test(text)) {
      return spans;
    }
    for (const re of SECRET_PATTERNS) eachMatch(re, text, (m) => push(m.index, m.index + m[0].length));
    const valueOnly = (re: RegExp, group: number, test?: (v: string, m: Match) => boolean): void => {
      eachMatch(re, text, (m) => {
        const r = groupRange(m, group);
        // A trailing period ends the sentence, not the token ("uses token: abc123.").
        const v = (m[group] ?? "").replace(/\.+$/, "");
        if (r && v.length > 0 && (!test || test(v, m))) push(r[0], r[0] + v.length);
      });
    };
    if (/bearer/i.test(text)) valueOnly(BEARER_RE, 1);
    if (/basic/i.test(text)) valueOnly(BASIC_AUTH_RE, 1);
    if (text.includes("://")) valueOnly(URL_PASSWORD_RE, 1, (v) => !PLACEHOLDER_RE.test(v));
    if (/key|token|secret/i.test(text)) {
      valueOnly(ASSIGNMENT_RE, 2, (v, m) => secretValueOk(v, /[:=]/.test(m[1] ?? "")));
    }
    return spans;
  },
};

// ---------------------------------------------------------------------------------------------

/** The rule-based detectors `redactText` uses when none are given. */
export const defaultDetectors: PiiDetector[] = [
  secretDetector,
  passwordDetector,
  emailDetector,
  cardDetector,
  ibanDetector,
  nationalIdDetector,
  bankAccountDetector,
  ipAddressDetector,
  phoneDetector,
  addressDetector,
];
