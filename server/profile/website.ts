/**
 * Website enrichment: fetch a user's site through {@link safeFetch} and reduce it to
 * title / description / main text. The HTML handling is a small linear tokenizer, not a parser:
 * it is good enough for the readable text of ordinary pages and bounded on hostile ones.
 */
import { safeFetch } from "./safe-fetch";

export interface ExtractedPage {
  title: string | null;
  description: string | null;
  text: string;
}

const MAX_TEXT = 20_000;
const MAX_TITLE = 300;
const MAX_DESCRIPTION = 1000;
/** Safety bound on the input; safeFetch already caps bodies at 1 MB by default. */
const MAX_HTML = 5_000_000;

// ---------------------------------------------------------------------------------------------
// Entities

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  ndash: "\u2013",
  mdash: "\u2014",
  hellip: "\u2026",
  lsquo: "\u2018",
  rsquo: "\u2019",
  sbquo: "\u201a",
  ldquo: "\u201c",
  rdquo: "\u201d",
  bdquo: "\u201e",
  laquo: "\u00ab",
  raquo: "\u00bb",
  lsaquo: "\u2039",
  rsaquo: "\u203a",
  bull: "\u2022",
  middot: "\u00b7",
  copy: "\u00a9",
  reg: "\u00ae",
  trade: "\u2122",
  deg: "\u00b0",
  plusmn: "\u00b1",
  times: "\u00d7",
  divide: "\u00f7",
  minus: "\u2212",
  frac12: "\u00bd",
  frac14: "\u00bc",
  frac34: "\u00be",
  para: "\u00b6",
  sect: "\u00a7",
  dagger: "\u2020",
  euro: "\u20ac",
  pound: "\u00a3",
  yen: "\u00a5",
  cent: "\u00a2",
  larr: "\u2190",
  rarr: "\u2192",
  uarr: "\u2191",
  darr: "\u2193",
  harr: "\u2194",
  hearts: "\u2665",
  check: "\u2713",
  shy: "",
  zwj: "\u200d",
  zwnj: "\u200c",
  iexcl: "\u00a1",
  iquest: "\u00bf",
  szlig: "\u00df",
  aacute: "\u00e1",
  Aacute: "\u00c1",
  agrave: "\u00e0",
  Agrave: "\u00c0",
  acirc: "\u00e2",
  auml: "\u00e4",
  Auml: "\u00c4",
  atilde: "\u00e3",
  aring: "\u00e5",
  aelig: "\u00e6",
  ccedil: "\u00e7",
  Ccedil: "\u00c7",
  eacute: "\u00e9",
  Eacute: "\u00c9",
  egrave: "\u00e8",
  Egrave: "\u00c8",
  ecirc: "\u00ea",
  euml: "\u00eb",
  iacute: "\u00ed",
  igrave: "\u00ec",
  icirc: "\u00ee",
  iuml: "\u00ef",
  ntilde: "\u00f1",
  Ntilde: "\u00d1",
  oacute: "\u00f3",
  Oacute: "\u00d3",
  ograve: "\u00f2",
  ocirc: "\u00f4",
  ouml: "\u00f6",
  Ouml: "\u00d6",
  otilde: "\u00f5",
  oslash: "\u00f8",
  uacute: "\u00fa",
  Uacute: "\u00da",
  ugrave: "\u00f9",
  ucirc: "\u00fb",
  uuml: "\u00fc",
  Uuml: "\u00dc",
  yacute: "\u00fd",
  yuml: "\u00ff",
};

function fromCodePoint(cp: number): string {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(cp);
}

/** Decodes named (common) and numeric character references; unknown ones are left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,10});?|([A-Za-z][A-Za-z0-9]{1,31});)/g, (m, hex, dec, name) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex as string, 16));
    if (dec !== undefined) return fromCodePoint(parseInt(dec as string, 10));
    const named = NAMED_ENTITIES[name as string] ?? NAMED_ENTITIES[(name as string).toLowerCase()];
    return named ?? m;
  });
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { t: "text"; v: string }
  | { t: "open"; name: string; selfClosing: boolean }
  | { t: "close"; name: string };

/** Elements whose content is dropped from the text, wherever they are. */
const SKIP = new Set(["script", "style", "noscript", "svg", "nav", "footer", "header", "form", "template", "iframe", "object", "canvas", "select", "button", "math", "dialog"]);
/** Their content is raw text: nothing inside is markup, the element ends only at its end tag. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp", "noscript", "iframe", "noembed", "noframes", "plaintext"]);
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Tags that end a paragraph (blank line) or a line. */
const PARAGRAPH = new Set(["p", "div", "section", "article", "main", "aside", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "figcaption", "address", "details", "summary", "hr", "body", "fieldset", "center"]);
const LINE = new Set(["br", "li", "tr", "dt", "dd", "caption", "option", "legend"]);

interface Scan {
  tokens: Token[];
  title: string | null;
  meta: Map<string, string>;
}

/** Attribute map of a start tag's source (`<meta name="x" content='y'>`), lower-case names. */
function parseAttributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const body = tag.replace(/^<[^\s/>]+/, "").replace(/\/?>$/, "");
  const re = /([^\s"'=<>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    const name = (m[1] ?? "").toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attrs;
}

/** Index of the `>` closing a tag opened at `start`, skipping quoted attribute values. */
function tagEnd(html: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      // Only a quote right after "=" opens a value; stray quotes in names are literal.
      let j = i - 1;
      while (j > start && /\s/.test(html[j] ?? "")) j--;
      if (html[j] === "=") quote = c;
    } else if (c === ">") return i;
  }
  const plain = html.indexOf(">", start);
  return plain === -1 ? html.length - 1 : plain;
}

function scan(html: string): Scan {
  const tokens: Token[] = [];
  const meta = new Map<string, string>();
  let title: string | null = null;
  let svgDepth = 0;
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      tokens.push({ t: "text", v: html.slice(i) });
      break;
    }
    if (lt > i) tokens.push({ t: "text", v: html.slice(i, lt) });
    const next = html[lt + 1] ?? "";
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (next === "!" || next === "?") {
      const end = html.indexOf(">", lt + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (next === "/") {
      const m = /^<\/([A-Za-z][A-Za-z0-9:-]*)/.exec(html.slice(lt, lt + 80));
      const end = html.indexOf(">", lt + 2);
      i = end === -1 ? n : end + 1;
      if (m?.[1]) {
        const name = m[1].toLowerCase();
        if (name === "svg" && svgDepth > 0) svgDepth--;
        tokens.push({ t: "close", name });
      }
      continue;
    }
    if (!/[A-Za-z]/.test(next)) {
      tokens.push({ t: "text", v: "<" });
      i = lt + 1;
      continue;
    }
    const end = tagEnd(html, lt);
    const source = html.slice(lt, end + 1);
    i = end + 1;
    const name = (/^<([A-Za-z][A-Za-z0-9:-]*)/.exec(source)?.[1] ?? "").toLowerCase();
    const selfClosing = VOID.has(name) || /\/\s*>$/.test(source);
    if (name === "meta") {
      const attrs = parseAttributes(source);
      const key = (attrs.get("name") ?? attrs.get("property") ?? attrs.get("itemprop") ?? "").trim().toLowerCase();
      const content = attrs.get("content");
      if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
    }
    if (name === "svg" && !selfClosing) svgDepth++;
    tokens.push({ t: "open", name, selfClosing });
    // Raw-text content (inside SVG, <title>/<style>/<script> are ordinary elements).
    if (RAW_TEXT.has(name) && !selfClosing && !(svgDepth > 0 && name !== "script" && name !== "style")) {
      if (name === "plaintext") {
        tokens.push({ t: "text", v: html.slice(i) });
        break;
      }
      const closeRe = new RegExp(`</${name}\\s*>`, "gi");
      closeRe.lastIndex = i;
      const close = closeRe.exec(html);
      const contentEnd = close ? close.index : n;
      const content = html.slice(i, contentEnd);
      if (name === "title") {
        if (title === null) title = content;
      } else if (name === "textarea") {
        tokens.push({ t: "text", v: content });
      }
      tokens.push({ t: "close", name });
      i = close ? close.index + close[0].length : n;
    }
  }
  return { tokens, title, meta };
}

// ---------------------------------------------------------------------------------------------
// Text assembly

function clean(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined) return null;
  const v = decodeEntities(s).replace(/\s+/g, " ").trim();
  if (!v) return null;
  return v.length > max ? `${v.slice(0, max - 1).trimEnd()}…` : v;
}

/**
 * Input: text where real whitespace is insignificant and \u0001 / \u0002 mark line / paragraph
 * breaks. Output: single spaces, "\n" between lines, one blank line between paragraphs.
 */
function tidy(raw: string): string {
  return raw
    .replace(/\s+/g, " ")
    .replace(/ *([\u0001\u0002]) */g, "$1")
    .replace(/[\u0001\u0002]+/g, (m) => (m.includes("\u0002") ? "\n\n" : "\n"))
    .trim();
}

function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const code = cut.charCodeAt(cut.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut = cut.slice(0, -1); // don't split a surrogate pair
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.9) cut = cut.slice(0, space);
  return cut.trimEnd();
}

function assemble(tokens: Token[]): string {
  // Three candidate regions; the narrowest non-empty one wins: <main>, else <article>s, else all.
  const out = { all: [] as string[], main: [] as string[], article: [] as string[] };
  const skip = new Map<string, number>();
  let skipping = 0;
  let mainDepth = 0;
  let articleDepth = 0;
  const push = (s: string) => {
    out.all.push(s);
    if (mainDepth > 0) out.main.push(s);
    if (articleDepth > 0) out.article.push(s);
  };
  // Markers for breaks (control characters never survive tidy()).
  const LINE_BREAK = "\u0001";
  const PARA_BREAK = "\u0002";

  for (const tok of tokens) {
    if (tok.t === "text") {
      if (skipping === 0) push(decodeEntities(tok.v).replace(/[\u0001\u0002]/g, ""));
      continue;
    }
    const { name } = tok;
    if (tok.t === "open") {
      if (SKIP.has(name) && !tok.selfClosing) {
        skip.set(name, (skip.get(name) ?? 0) + 1);
        skipping++;
        continue;
      }
      if (skipping > 0) continue;
      if (name === "main" && !tok.selfClosing) mainDepth++;
      if (name === "article" && !tok.selfClosing) articleDepth++;
      if (PARAGRAPH.has(name)) push(PARA_BREAK);
      else if (LINE.has(name)) push(LINE_BREAK);
      else if (name === "td" || name === "th" || name === "img") push(" ");
      continue;
    }
    // close
    const open = skip.get(name) ?? 0;
    if (SKIP.has(name)) {
      if (open > 0) {
        skip.set(name, open - 1);
        skipping--;
      }
      continue;
    }
    if (skipping > 0) continue;
    if (PARAGRAPH.has(name)) push(PARA_BREAK);
    else if (LINE.has(name)) push(LINE_BREAK);
    else if (name === "td" || name === "th") push(" ");
    if (name === "main" && mainDepth > 0) mainDepth--;
    if (name === "article" && articleDepth > 0) articleDepth--;
  }

  for (const region of [out.main, out.article, out.all]) {
    const text = tidy(region.join(""));
    if (text) return text;
  }
  return "";
}

/**
 * Title (<title>, else og:title / twitter:title), description (meta description, else
 * og:description / twitter:description) and the readable text of a page: scripts, styles,
 * navigation, headers, footers and forms removed; the content of <main> (else <article>)
 * preferred; entities decoded; whitespace collapsed with paragraph breaks kept; ≤ 20,000 chars.
 * `url` is the page's address (informational; relative links are not resolved).
 */
export function extractPage(html: string, url: string): ExtractedPage {
  void url;
  const source = typeof html === "string" ? (html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html) : "";
  const { tokens, title, meta } = scan(source);
  return {
    title: clean(title, MAX_TITLE) ?? clean(meta.get("og:title"), MAX_TITLE) ?? clean(meta.get("twitter:title"), MAX_TITLE),
    description:
      clean(meta.get("description"), MAX_DESCRIPTION) ??
      clean(meta.get("og:description"), MAX_DESCRIPTION) ??
      clean(meta.get("twitter:description"), MAX_DESCRIPTION),
    text: cap(assemble(tokens), MAX_TEXT),
  };
}

/** Fetches `url` with {@link safeFetch} (same options and errors) and extracts the page. */
export async function enrichWebsite(
  url: string,
  opts?: Parameters<typeof safeFetch>[1],
): Promise<{ url: string; title: string | null; description: string | null; text: string }> {
  const res = await safeFetch(url, opts);
  const type = (res.contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "text/plain") {
    const marked = res.body
      .replace(/[\u0001\u0002]/g, "")
      .replace(/\r\n?/g, "\n")
      .replace(/\n[^\S\n]*\n\s*/g, "\u0002")
      .replace(/\n/g, "\u0001");
    const text = cap(tidy(marked), MAX_TEXT);
    return { url: res.url, title: null, description: null, text };
  }
  return { url: res.url, ...extractPage(res.body, res.url) };
}
