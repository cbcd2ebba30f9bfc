/**
 * Text analysis shared by the offline embeddings and the retrieval code (BM25 / keyword
 * matching): one tokenizer, one stopword list, one stemmer, so a word is reduced the same way
 * wherever it is compared.
 *
 * - `tokenize(text)`: lowercase word tokens, stopwords removed, NOT stemmed.
 *   Tokens are runs of letters/digits ("9pm", "q4", "2023" stay whole). An apostrophe inside
 *   a word joins it ("don't", "i'm" are looked up as stopwords in that form); a trailing
 *   possessive "'s" is dropped ("jon's" → "jon"); other apostrophes are removed.
 * - `stem(token)`: a light Porter-like suffix stripper (plurals, -ed/-ing, y→i, a few
 *   derivational suffixes, final -e): dance/dances/danced/dancing/dancer → "danc",
 *   study/studies/studied/studying → "studi", happy/happiness → "happi".
 * - `terms(text)`: `tokenize(text).map(stem)`: what to index and query with.
 */

const STOPWORD_LIST = `
a about above after again against all am an and any are aren't arent as at be because been
before being below between both but by can can't cant cannot could couldn't couldnt did didn't
didnt do does doesn't doesnt doing don't dont down during each few for from further had hadn't
hadnt has hasn't hasnt have haven't havent having he he'd he'll he's her here here's heres hers
herself him himself his how how's hows i i'd i'll i'm i've im ive if in into is isn't isnt it
it's its itself let's lets me more most mustn't my myself no nor not of off on once only or
other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't
shouldnt so some such than that that's thats the their theirs them themselves then there
there's theres these they they'd they'll they're they've theyre this those through to too under
until up very was wasn't wasnt we we'd we'll we're we've were weren't what what's whats when
when's where where's which while who who's whom why why's with won't would wouldn't wouldnt you
you'd you'll you're you've youre your yours yourself yourselves
will shall may might must also just really even still ever yet quite pretty rather somewhat
kinda sorta maybe perhaps actually basically literally definitely totally probably
usually always often sometimes never rarely generally typically mostly
yeah yes yep yup nope ok okay oh ah hey hi hello wow woah whoa haha hahaha lol omg hmm um uh
gonna wanna gotta got get gets getting thing things stuff lot lots much many bit
user users one every something anything everything someone anyone everyone
`;

const STOPWORDS: ReadonlySet<string> = new Set(STOPWORD_LIST.split(/\s+/).filter(Boolean));

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

const APOS = 0x27; // '
const RSQUO = 0x2019; // ’

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

const UNICODE_WORD = /[\p{L}\p{N}]/u;
function isWordChar(text: string, i: number, c: number): boolean {
  if (c < 0x80) return isAsciiAlnum(c);
  return UNICODE_WORD.test(text[i]!);
}

function pushToken(out: string[], raw: string, hasApos: boolean): void {
  let tok = raw;
  if (hasApos) {
    tok = tok.replace(/\u2019/g, "'");
    if (STOPWORDS.has(tok)) return;
    if (tok.endsWith("'s")) tok = tok.slice(0, -2);
    tok = tok.replace(/'/g, "");
    if (tok === "") return;
  }
  if (STOPWORDS.has(tok)) return;
  out.push(tok);
}

/** Lowercase word tokens with stopwords removed (not stemmed). */
export function tokenize(text: string): string[] {
  const s = text.toLowerCase();
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (!isWordChar(s, i, c)) {
      i++;
      continue;
    }
    const start = i;
    let hasApos = false;
    i++;
    while (i < n) {
      const d = s.charCodeAt(i);
      if (isWordChar(s, i, d)) {
        i++;
      } else if ((d === APOS || d === RSQUO) && i + 1 < n && isWordChar(s, i + 1, s.charCodeAt(i + 1))) {
        hasApos = true;
        i++;
      } else {
        break;
      }
    }
    pushToken(out, s.slice(start, i), hasApos);
  }
  return out;
}

function isVowel(c: string | undefined): boolean {
  return c === "a" || c === "e" || c === "i" || c === "o" || c === "u";
}

function hasVowel(w: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = w[i];
    if (isVowel(c) || (c === "y" && i > 0)) return true;
  }
  return false;
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ["ational", "ate"],
  ["ization", "ize"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["ness", ""],
  ["ment", ""],
  ["ful", ""],
];

function step2(w: string): string {
  if (w === "business") return w;
  for (const [suffix, repl] of STEP2) {
    if (w.endsWith(suffix)) {
      const base = w.length - suffix.length;
      return base >= 4 ? w.slice(0, base) + repl : w;
    }
  }
  return w;
}

/** -eed words that are not past tenses (need → need, not "ne"). */
const EED_KEEP = /eed$/;

function hasDigit(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

function undouble(w: string): string {
  const n = w.length;
  if (n >= 3) {
    const a = w[n - 1]!;
    if (a === w[n - 2] && !isVowel(a) && a !== "l" && a !== "s" && a !== "z") return w.slice(0, -1);
  }
  return w;
}

/**
 * Light Porter-like stemmer. Deterministic, allocation-light, safe on any lowercase token
 * (tokens with digits and tokens of ≤ 3 characters are returned unchanged).
 */
export function stem(token: string): string {
  if (token.length <= 3) return token;
  let s = stems.get(token);
  if (s === undefined) {
    if (stems.size >= MAX_MEMO) stems.clear();
    s = stemUncached(token);
    stems.set(token, s);
  }
  return s;
}

/** Stems already worked out: a vocabulary repeats (words, not texts; cleared when full). */
const stems = new Map<string, string>();
const MAX_MEMO = 50_000;

function stemUncached(token: string): string {
  let w = token;
  if (w.length <= 3 || hasDigit(w)) return w;

  // Step 1a: plurals / 3rd person.
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2); // studies → studi
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);

  // Step 1b: -ed / -ing.
  if (w.endsWith("ed") && w.length > 4) {
    if (!EED_KEEP.test(w) && hasVowel(w, w.length - 2)) w = undouble(w.slice(0, -2));
  } else if (w.endsWith("ing") && w.length > 4) {
    if (hasVowel(w, w.length - 3)) w = undouble(w.slice(0, -3));
  }

  // Step 1c: consonant + y → i (study → studi, happy → happi).
  if (w.length > 3 && w.endsWith("y") && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + "i";

  // Step 2 (lite): a few derivational suffixes, only when ≥ 4 characters remain.
  w = step2(w);
  if (w.length >= 6 && w.endsWith("er") && hasVowel(w, w.length - 2)) w = w.slice(0, -2); // dancer → danc

  // Step 5 (lite): final -e (dance → danc, hike → hik), so it matches -ing/-ed forms.
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** `tokenize` then `stem`: the terms to index and to query with. */
export function terms(text: string): string[] {
  const toks = tokenize(text);
  for (let i = 0; i < toks.length; i++) toks[i] = stem(toks[i]!);
  return toks;
}
