/**
 * Stage 1 of the user profile: turns the free-form `traits` object sent to `POST /register`
 * into a small, deterministic, typed profile. Pure: no I/O, no clock (except `describeTimezone`'s
 * default date), never throws whatever the input looks like.
 */

export interface Profile {
  name?: string;
  first_name?: string;
  locale?: string;
  timezone?: string;
  links: { linkedin?: string; twitter?: string; github?: string; website?: string; other: string[] };
  notes?: string;
  /** Other traits rendered as short "key: value" phrases, e.g. "role: Founder", "company: Pioneer". */
  facts: string[];
}

const MAX_NAME = 200;
const MAX_NOTES = 4000;
const MAX_FACT = 300;
const MAX_FACTS = 100;
const MAX_LINKS_OTHER = 20;
const MAX_ARRAY_ITEMS = 10;
const MAX_OBJECT_ENTRIES = 10;

/** "Linked-In_URL" → "linkedinurl": keys are matched case- and punctuation-insensitively. */
function keyId(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const NAME_KEYS = ["name", "fullname", "displayname"];
const FIRST_NAME_KEYS = ["firstname", "givenname"];
const LAST_NAME_KEYS = ["lastname", "familyname", "surname"];
const LOCALE_KEYS = new Set(["locale"]);
const TIMEZONE_KEYS = new Set(["timezone", "tz"]);
const NOTES_KEYS = new Set(["notes", "note"]);
/** Objects under these keys hold links keyed by network: `{ links: { github: "…", blog: "…" } }`. */
const LINK_GROUP_KEYS = new Set(["links", "link", "urls", "social", "socials", "profiles", "sociallinks"]);

type LinkKind = "linkedin" | "twitter" | "github" | "website" | "url";

/** What a key says about the link it holds (null: nothing, the value must be a full URL). */
function linkKindOfKey(id: string): LinkKind | null {
  if (id.startsWith("linkedin")) return "linkedin";
  if (id.startsWith("twitter") || id === "x" || id === "xurl" || id === "xhandle" || id === "xprofile") return "twitter";
  if (id.startsWith("github")) return "github";
  if (/^(website|homepage|home|site|blog|personalsite|personalwebsite|web|www)(url)?$/.test(id)) return "website";
  if (id === "url" || id === "uri") return "url";
  return null;
}

type Slot = "linkedin" | "twitter" | "github" | "website";
const PRIMARY_WEBSITE_KEYS = /^(website|homepage|personalsite|personalwebsite)(url)?$/;
const DANGEROUS_SCHEME = /^\s*(javascript|vbscript|data|file):/i;

function keySuggestsWebsite(id: string): boolean {
  return /website|homepage|blog|url|site/.test(id);
}

function cleanString(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const s = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
  if (!s) return undefined;
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Names

const HONORIFICS = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"]);

function firstNameOf(name: string): string | undefined {
  for (const token of name.split(/\s+/)) {
    const bare = token.replace(/[.,]/g, "").toLowerCase();
    if (!bare || HONORIFICS.has(bare)) continue;
    return token.replace(/[,;]+$/, "");
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Locale

/** "en_us" → "en-US", "ZH-hant-tw" → "zh-Hant-TW"; undefined when not a plausible BCP-47 tag. */
export function normalizeLocale(value: unknown): string | undefined {
  const raw = cleanString(value, 64);
  if (!raw) return undefined;
  const tag = raw.replace(/_/g, "-").replace(/\.[A-Za-z0-9-]+$/, ""); // "en_US.UTF-8" → "en-US"
  // Real language subtags are 2–3 letters; 4–8 letter ones are syntactically valid but unused,
  // and accepting them would let "english" or "french" through as locales.
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Timezone

const TZ_ALIASES: Record<string, string> = {
  utc: "UTC",
  gmt: "UTC",
  z: "UTC",
  zulu: "UTC",
  universal: "UTC",
  coordinateduniversaltime: "UTC",
  greenwichmeantime: "UTC",
  pst: "America/Los_Angeles",
  pdt: "America/Los_Angeles",
  pt: "America/Los_Angeles",
  pacific: "America/Los_Angeles",
  pacifictime: "America/Los_Angeles",
  pacificstandardtime: "America/Los_Angeles",
  pacificdaylighttime: "America/Los_Angeles",
  mst: "America/Denver",
  mdt: "America/Denver",
  mt: "America/Denver",
  mountain: "America/Denver",
  mountaintime: "America/Denver",
  mountainstandardtime: "America/Denver",
  cst: "America/Chicago",
  cdt: "America/Chicago",
  ct: "America/Chicago",
  central: "America/Chicago",
  centraltime: "America/Chicago",
  centralstandardtime: "America/Chicago",
  est: "America/New_York",
  edt: "America/New_York",
  et: "America/New_York",
  eastern: "America/New_York",
  easterntime: "America/New_York",
  easternstandardtime: "America/New_York",
  akst: "America/Anchorage",
  akdt: "America/Anchorage",
  alaska: "America/Anchorage",
  hst: "Pacific/Honolulu",
  hawaii: "Pacific/Honolulu",
  bst: "Europe/London",
  uk: "Europe/London",
  cet: "Europe/Paris",
  cest: "Europe/Paris",
  ist: "Asia/Kolkata",
  jst: "Asia/Tokyo",
  aest: "Australia/Sydney",
  aedt: "Australia/Sydney",
};

function canonicalZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** IANA zone for a trait value: a zone name (any casing), a common alias, or a whole-hour UTC offset. */
export function normalizeTimezone(value: unknown): string | undefined {
  const raw = cleanString(value, 64);
  if (!raw) return undefined;
  const alias = TZ_ALIASES[raw.toLowerCase().replace(/[^a-z]/g, "")];
  if (alias && /^[A-Za-z .()]+$/.test(raw)) return alias;
  // "UTC+2", "GMT-08:00", "UTC +5" → Etc/GMT-2 … (POSIX sign inverted); half hours have no Etc zone.
  const offset = /^(?:utc|gmt)\s*([+\-\u2212])\s*(\d{1,2})(?::?00)?$/i.exec(raw);
  if (offset) {
    const hours = Number(offset[2]);
    if (hours === 0) return "UTC";
    const sign = offset[1] === "+" ? "-" : "+";
    if (hours <= (sign === "-" ? 14 : 12)) return canonicalZone(`Etc/GMT${sign}${hours}`);
    return undefined;
  }
  // Only things shaped like zone names reach Intl (it accepts some odd strings).
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+){0,2}$/.test(raw)) return undefined;
  return canonicalZone(raw);
}

function offsetMinutes(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  const atSeconds = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((asUtc - atSeconds) / 60_000);
}

/**
 * "America/Los_Angeles (PST, UTC−08:00)" for the given instant (default: now). The short name is
 * left out when the locale data has none (it would only repeat the offset, e.g. "GMT+1").
 * An unknown zone is returned unchanged.
 */
export function describeTimezone(tz: string, at: Date = new Date()): string {
  try {
    if (Number.isNaN(at.getTime())) at = new Date(0);
    const offset = offsetMinutes(tz, at);
    const abs = Math.abs(offset);
    const hh = String(Math.floor(abs / 60)).padStart(2, "0");
    const mm = String(abs % 60).padStart(2, "0");
    const utc = `UTC${offset < 0 ? "\u2212" : "+"}${hh}:${mm}`;
    // en-US knows the North American abbreviations only; other English locales add theirs.
    let short: string | undefined;
    for (const locale of ["en-US", "en-GB", "en-IN", "en-AU"]) {
      const name = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: "short" })
        .formatToParts(at)
        .find((p) => p.type === "timeZoneName")?.value;
      if (name && !/^(GMT|UTC)([+\-\u2212]|$)/.test(name)) {
        short = name;
        break;
      }
    }
    const label = short ? `${short}, ${utc}` : utc;
    return `${tz} (${label})`;
  } catch {
    return tz;
  }
}

// ---------------------------------------------------------------------------------------------
// Links

/** Only http(s) URLs, without credentials; lowercase host, no default port, no trailing slash. */
export function normalizeUrl(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return undefined;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
  if (!u.hostname) return undefined;
  u.username = "";
  u.password = "";
  u.hostname = u.hostname.replace(/\.$/, "");
  if (u.pathname !== "/") u.pathname = u.pathname.replace(/\/+$/, "") || "/";
  const out = u.href;
  return u.pathname === "/" && !u.search && !u.hash ? out.replace(/\/$/, "") : out;
}

function hostKind(url: string): "linkedin" | "twitter" | "github" | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  const is = (domain: string) => host === domain || host.endsWith(`.${domain}`);
  if (is("linkedin.com")) return "linkedin";
  if (is("twitter.com") || is("x.com")) return "twitter";
  if (is("github.com")) return "github";
  return null;
}

/** Turns a trait value into a URL given what its key says; undefined when it is not a link. */
function toUrl(raw: string, kind: LinkKind | null): string | undefined {
  const s = raw.trim();
  if (/^https?:\/\//i.test(s)) return normalizeUrl(s);
  if (/^[a-z][a-z0-9+.\-]*:/i.test(s) && !/^[^:\/]+:\d+(\/|$)/.test(s)) return undefined; // mailto:, javascript:, …
  if (kind === "twitter") {
    const handle = /^@?([A-Za-z0-9_]{1,15})$/.exec(s);
    if (handle) return `https://twitter.com/${handle[1]}`;
  }
  if (kind === "github") {
    const handle = /^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$/.exec(s);
    if (handle) return `https://github.com/${handle[1]}`;
  }
  if (kind === "linkedin") {
    const handle = /^@?([A-Za-z0-9][A-Za-z0-9\-_]{2,99})$/.exec(s);
    if (handle) return `https://www.linkedin.com/in/${handle[1]}`;
  }
  // "ash.example.com", "www.linkedin.com/in/ash": scheme-less, under a key that names a link.
  if (kind && /^(www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(:\d+)?([\/?#]\S*)?$/i.test(s)) {
    return normalizeUrl(`https://${s}`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Facts

function humanKey(key: string): string {
  const k = collapse(key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_\-]+/g, " ")).toLowerCase();
  return k.length > 60 ? k.slice(0, 60) : k;
}

function renderScalar(value: unknown): string | undefined {
  if (typeof value === "string") {
    const s = collapse(value);
    return s || undefined;
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "bigint") return value.toString();
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Renders a value for a fact; objects/arrays only when small (depth ≤ 2), else undefined. */
function renderValue(value: unknown, depth = 0): string | undefined {
  const scalar = renderScalar(value);
  if (scalar !== undefined) return scalar;
  if (depth >= 2) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > MAX_ARRAY_ITEMS) return undefined;
    const items = value.map((v) => renderValue(v, depth + 1)).filter((v): v is string => v !== undefined);
    if (items.length === 0) return undefined;
    return depth === 0 ? items.join(", ") : `[${items.join(", ")}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0 || keys.length > MAX_OBJECT_ENTRIES) return undefined;
    const entries: string[] = [];
    for (const k of keys) {
      const v = renderValue(value[k], depth + 1);
      if (v !== undefined) entries.push(`${humanKey(k)}=${v}`);
    }
    if (entries.length === 0) return undefined;
    return depth === 0 ? entries.join("; ") : `(${entries.join(", ")})`;
  }
  return undefined;
}

function fact(key: string, rendered: string): string | undefined {
  const k = humanKey(key);
  if (!k) return undefined;
  const text = `${k}: ${rendered}`;
  return text.length > MAX_FACT ? `${text.slice(0, MAX_FACT - 1).trimEnd()}…` : text;
}

// ---------------------------------------------------------------------------------------------

function emptyProfile(): Profile {
  return { links: { other: [] }, facts: [] };
}

/**
 * Normalizes registration traits into a {@link Profile}. Deterministic: keys are processed in
 * sorted order, so the same traits always give the same profile (including which of two
 * LinkedIn URLs wins: the first by key, the other goes to `links.other`).
 */
export function normalizeTraits(traits: Record<string, unknown>): Profile {
  const profile = emptyProfile();
  try {
    if (!isPlainObject(traits)) return profile;
    fill(profile, traits);
  } catch {
    // A hostile object (throwing getters, proxies): keep whatever was gathered.
  }
  return profile;
}

function fill(profile: Profile, input: Record<string, unknown>): void {
  const keys = Object.keys(input).sort();
  // Values are read once, defensively (a getter may throw).
  const traits: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of keys) {
    try {
      traits[k] = input[k];
    } catch {
      traits[k] = undefined;
    }
  }
  const byId = new Map<string, string>();
  for (const k of keys) if (!byId.has(keyId(k))) byId.set(keyId(k), k);
  const consumed = new Set<string>();
  const take = (ids: string[]): string | undefined => {
    for (const id of ids) {
      const key = byId.get(id);
      if (key === undefined || consumed.has(key)) continue;
      const s = cleanString(traits[key], MAX_NAME);
      if (s) {
        consumed.add(key);
        return collapse(s);
      }
    }
    return undefined;
  };

  // Names.
  const full = take(NAME_KEYS);
  const first = take(FIRST_NAME_KEYS);
  const last = take(LAST_NAME_KEYS);
  const name = full ?? ([first, last].filter(Boolean).join(" ") || undefined);
  if (name) profile.name = name;
  const firstName = first ?? (name ? firstNameOf(name) : undefined);
  if (firstName) profile.first_name = firstName;

  const facts: string[] = [];
  // Links are gathered first and slotted at the end, so that the best-named key wins a slot
  // ("website" over "blog", "linkedin_url" over a LinkedIn URL under "url"), not the first key.
  const candidates: { url: string; slot: Slot | null; rank: number }[] = [];
  const addLink = (url: string, kind: LinkKind | null, keyIdentity: string) => {
    const host = hostKind(url);
    if (host) {
      candidates.push({ url, slot: host, rank: kind === host ? 0 : 1 });
      return;
    }
    if (kind === "website") {
      candidates.push({ url, slot: "website", rank: PRIMARY_WEBSITE_KEYS.test(keyIdentity) ? 0 : 1 });
    } else if (kind === "url" || (kind === null && keySuggestsWebsite(keyIdentity))) {
      candidates.push({ url, slot: "website", rank: 2 });
    } else {
      candidates.push({ url, slot: null, rank: 3 });
    }
  };
  /** Consumes `value` as link(s) when it is one; true when consumed. */
  const tryLinks = (key: string, value: unknown): boolean => {
    const id = keyId(key);
    const kind = linkKindOfKey(id);
    if (typeof value === "string") {
      const url = toUrl(value, kind);
      if (url) {
        addLink(url, kind, id);
        return true;
      }
      // A link key holding a non-link ("n/a"), or a script/data URL anywhere: dropped, never a fact.
      if (DANGEROUS_SCHEME.test(value)) return true;
      return kind !== null || keySuggestsWebsite(id);
    }
    if (Array.isArray(value) && value.length > 0 && value.length <= 50) {
      const urls = value.map((v) => (typeof v === "string" ? toUrl(v, kind) : undefined));
      if (urls.every((u) => u !== undefined)) {
        for (const u of urls) if (u) addLink(u, kind, id);
        return true;
      }
    }
    if (LINK_GROUP_KEYS.has(id) && isPlainObject(value)) {
      for (const sub of Object.keys(value).sort()) {
        if (!tryLinks(sub, value[sub])) {
          const rendered = renderValue(value[sub]);
          if (rendered !== undefined) {
            const f = fact(`${key} ${sub}`, rendered);
            if (f) facts.push(f);
          }
        }
      }
      return true;
    }
    return false;
  };

  for (const key of keys) {
    if (consumed.has(key)) continue;
    const id = keyId(key);
    const value = traits[key];
    if (value === null || value === undefined) continue;

    if (LOCALE_KEYS.has(id)) {
      const locale = normalizeLocale(value);
      if (locale && profile.locale === undefined) profile.locale = locale;
      continue; // Invalid locales are dropped.
    }
    if (TIMEZONE_KEYS.has(id)) {
      const tz = normalizeTimezone(value);
      if (tz) {
        if (profile.timezone === undefined) profile.timezone = tz;
      } else {
        const rendered = renderScalar(value);
        if (rendered !== undefined) facts.push(`timezone (unrecognized): ${rendered.slice(0, 100)}`);
      }
      continue;
    }
    if (NOTES_KEYS.has(id)) {
      const parts = (Array.isArray(value) ? value : [value])
        .map((v) => cleanString(v, MAX_NOTES))
        .filter((v): v is string => v !== undefined);
      if (parts.length > 0) {
        const joined = [profile.notes, ...parts].filter(Boolean).join("\n");
        profile.notes = joined.length > MAX_NOTES ? `${joined.slice(0, MAX_NOTES - 1)}…` : joined;
        continue;
      }
    }
    if (tryLinks(key, value)) continue;
    const rendered = renderValue(value);
    if (rendered === undefined) continue;
    const f = fact(key, rendered);
    if (f) facts.push(f);
  }

  const order = candidates.map((c, i) => ({ ...c, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const otherIndex = new Map<string, number>();
  for (const c of order) {
    if (c.slot && profile.links[c.slot] === undefined) {
      profile.links[c.slot] = c.url;
      continue;
    }
    if (c.slot && profile.links[c.slot] === c.url) continue;
    if (!otherIndex.has(c.url)) otherIndex.set(c.url, c.i);
  }
  const filled = new Set(Object.values(profile.links).filter((v): v is string => typeof v === "string"));
  profile.links.other = [...otherIndex.entries()]
    .filter(([url]) => !filled.has(url))
    .sort((a, b) => a[1] - b[1])
    .map(([url]) => url)
    .slice(0, MAX_LINKS_OTHER);

  profile.facts = [...new Set(facts)].slice(0, MAX_FACTS);
}
