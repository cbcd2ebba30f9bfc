/**
 * SSRF-safe HTTP(S) GET for fetching user-supplied URLs (e.g. a profile's website).
 *
 * Policy, applied to the first URL and again to every redirect hop:
 *  - http: and https: only, no credentials in the URL;
 *  - hostnames that name the local machine or a private namespace (localhost, *.localhost,
 *    *.internal, *.local, single-label names…) are refused outright;
 *  - the hostname is resolved once, and refused if ANY address is not public unicast
 *    (see {@link isPublicAddress}); IP literals in any spelling are normalized by the WHATWG URL
 *    parser first (http://2130706433/, http://0x7f.1/, http://0177.0.0.1/ are all 127.0.0.1);
 *  - the connection goes to the validated address (pinned through a custom `lookup`, while
 *    SNI, certificate checks and the Host header keep the original hostname), so a DNS answer
 *    that changes between the check and the connect (rebinding) cannot redirect it.
 * One deadline covers the whole operation (DNS, connect, headers, redirects, body).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { TextDecoder } from "node:util";
import zlib from "node:zlib";

export type UnsafeUrlReason =
  | "invalid_url"
  | "scheme"
  | "credentials"
  | "blocked_host"
  | "private_address"
  | "pin_mismatch";

/** The URL (or a redirect target) is refused by policy; nothing was fetched from it. */
export class UnsafeUrlError extends Error {
  readonly code: UnsafeUrlReason;
  readonly url: string;
  constructor(code: UnsafeUrlReason, message: string, url: string) {
    super(message);
    this.name = "UnsafeUrlError";
    this.code = code;
    this.url = url;
  }
}

export type FetchFailedReason =
  | "dns"
  | "network"
  | "timeout"
  | "too_large"
  | "http_status"
  | "content_type"
  | "too_many_redirects"
  | "bad_redirect";

/** The URL was allowed but fetching it failed (network, timeout, size, status, content type). */
export class FetchFailedError extends Error {
  readonly code: FetchFailedReason;
  readonly url: string;
  readonly status?: number;
  constructor(code: FetchFailedReason, message: string, url: string, status?: number) {
    super(message);
    this.name = "FetchFailedError";
    this.code = code;
    this.url = url;
    if (status !== undefined) this.status = status;
  }
}

export interface SafeFetchOptions {
  /** Whole-operation deadline in ms (default 5000). */
  timeoutMs?: number;
  /** Maximum (decoded) body size in bytes (default 1_000_000). */
  maxBytes?: number;
  /** Maximum redirects followed (default 3). */
  maxRedirects?: number;
  /**
   * TEST-ONLY allowance: exact hostnames or IP literals that are permitted even if they are
   * private/loopback. Matches the URL's host as written (after URL normalization), never a
   * resolved address: allowing "127.0.0.1" does not allow "localhost".
   */
  allowHosts?: string[];
  userAgent?: string;
}

export interface SafeFetchResult {
  /** Final URL, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
}

const DEFAULT_UA = "PioBot/1.0 (+https://pio.dev; profile enrichment)";
const ACCEPTED_TYPES = new Set(["text/html", "application/xhtml+xml", "text/plain"]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// ---------------------------------------------------------------------------------------------
// Addresses

function parseIPv4(ip: string): [number, number, number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map((p) => (p.length > 1 && p.startsWith("0") ? NaN : Number(p)));
  if (parts.some((n) => !(n >= 0 && n <= 255))) return null;
  return parts as [number, number, number, number];
}

/** Eight 16-bit groups, or null. Accepts "::" compression, an embedded dotted IPv4 tail, a zone. */
function parseIPv6(input: string): number[] | null {
  let ip = input;
  const zone = ip.indexOf("%");
  if (zone !== -1) ip = ip.slice(0, zone);
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  if (!ip.includes(":")) return null;
  if (ip.includes(".")) {
    // "::ffff:127.0.0.1" → "::ffff:7f00:1"
    const lastColon = ip.lastIndexOf(":");
    const v4 = parseIPv4(ip.slice(lastColon + 1));
    if (!v4) return null;
    const hi = ((v4[0] << 8) | v4[1]).toString(16);
    const lo = ((v4[2] << 8) | v4[3]).toString(16);
    ip = `${ip.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const groupsOf = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const halves = ip.split("::");
  if (halves.length > 2) return null;
  if (halves.length === 1) {
    const groups = ip === "" ? null : groupsOf(ip);
    return groups && groups.length === 8 ? groups : null;
  }
  const head = groupsOf(halves[0] ?? "");
  const rest = groupsOf(halves[1] ?? "");
  if (!head || !rest || head.length + rest.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

function isPublicIPv4([a, b, c]: [number, number, number, number]): boolean {
  if (a === 0) return false; // 0.0.0.0/8 "this network"
  if (a === 10) return false; // 10/8
  if (a === 100 && b >= 64 && b <= 127) return false; // 100.64/10 CGNAT
  if (a === 127) return false; // loopback
  if (a === 169 && b === 254) return false; // link-local, cloud metadata
  if (a === 172 && b >= 16 && b <= 31) return false; // 172.16/12
  if (a === 192 && b === 0 && c === 0) return false; // 192.0.0/24 IETF protocol assignments
  if (a === 192 && b === 0 && c === 2) return false; // TEST-NET-1
  if (a === 192 && b === 88 && c === 99) return false; // 6to4 relay anycast (deprecated)
  if (a === 192 && b === 168) return false; // 192.168/16
  if (a === 198 && (b === 18 || b === 19)) return false; // 198.18/15 benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  if (a >= 224) return false; // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
  return true;
}

function isPublicIPv6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  // ::ffff:a.b.c.d (IPv4-mapped): decide on the IPv4 address.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return isPublicIPv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  }
  // 2002::/16 (6to4) embeds an IPv4 address in groups 1–2.
  if (g0 === 0x2002) return isPublicIPv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
  // Everything public is global unicast 2000::/3. This excludes ::, ::1, ::/96 (IPv4-compatible),
  // 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64), 100::/64 (discard), fc00::/7 (ULA),
  // fe80::/10 (link-local), fec0::/10 (site-local), ff00::/8 (multicast).
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  if (g0 === 0x2001 && g1 < 0x0200) return false; // 2001::/23 IETF protocol assignments (Teredo, ORCHID…)
  if (g0 === 0x3fff && g1 < 0x1000) return false; // 3fff::/20 documentation (RFC 9637)
  return true;
}

/**
 * True only for a syntactically valid IPv4 (dotted decimal) or IPv6 address that is public
 * unicast. Anything else — private, loopback, link-local, reserved, documentation, multicast,
 * NAT64, an IPv4-mapped private address, or a string that is not an address — is false.
 */
export function isPublicAddress(ip: string): boolean {
  if (typeof ip !== "string") return false;
  const v4 = parseIPv4(ip);
  if (v4) return isPublicIPv4(v4);
  const v6 = parseIPv6(ip);
  if (v6) return isPublicIPv6(v6);
  return false;
}

// ---------------------------------------------------------------------------------------------
// URL policy (synchronous, no I/O)

function isBlockedHostname(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "localhost.localdomain" || host.endsWith(".localdomain")) return true;
  if (host.endsWith(".internal") || host === "internal") return true; // metadata.google.internal, *.ec2.internal
  if (host.endsWith(".local") || host.endsWith(".lan") || host.endsWith(".home.arpa")) return true;
  if (host.endsWith(".arpa")) return true; // in-addr.arpa / ip6.arpa tricks
  if (!host.includes(".")) return true; // single-label names resolve through search domains
  return false;
}

function bareHost(hostname: string): string {
  const h = hostname.toLowerCase();
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

function normalizeAllowHost(h: string): string {
  const bare = bareHost(h.trim()).replace(/\.$/, "");
  const v6 = isIP(bare) === 6 ? parseIPv6(bare) : null;
  if (v6) return v6.map((g) => g.toString(16)).join(":");
  return bare;
}

export interface CheckedUrl {
  url: URL;
  /** Lower-case hostname without brackets or trailing dot. */
  host: string;
  /** Set when the host is an IP literal. */
  ipLiteral: string | null;
  /** The host matched `allowHosts`: address checks are skipped. */
  allowed: boolean;
}

/**
 * The synchronous half of the policy (no DNS): scheme, credentials, blocked names and
 * non-public IP literals. Throws {@link UnsafeUrlError}.
 */
export function checkUrl(raw: string | URL, allowHosts: readonly string[] = []): CheckedUrl {
  const text = String(raw);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsafeUrlError("invalid_url", "invalid URL", text.slice(0, 200));
  }
  const shown = url.href.slice(0, 200);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UnsafeUrlError("scheme", `scheme "${url.protocol}" is not allowed (only http and https)`, shown);
  }
  if (url.username || url.password) {
    throw new UnsafeUrlError("credentials", "URLs with credentials are not allowed", shown);
  }
  const host = bareHost(url.hostname).replace(/\.$/, "");
  if (!host) throw new UnsafeUrlError("invalid_url", "URL has no host", shown);
  const ipKind = isIP(host);
  const allowSet = new Set(allowHosts.map(normalizeAllowHost));
  const allowed = allowSet.has(ipKind === 6 ? normalizeAllowHost(host) : host);
  if (!allowed) {
    if (ipKind !== 0) {
      if (!isPublicAddress(host)) {
        throw new UnsafeUrlError("private_address", `address ${host} is not a public address`, shown);
      }
    } else if (isBlockedHostname(host)) {
      throw new UnsafeUrlError("blocked_host", `host "${host}" is not allowed`, shown);
    }
  }
  return { url, host, ipLiteral: ipKind !== 0 ? host : null, allowed };
}

// ---------------------------------------------------------------------------------------------
// Fetching

interface Deadline {
  signal: AbortSignal;
  error: () => FetchFailedError;
}

function raceDeadline<T>(promise: Promise<T>, deadline: Deadline): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(deadline.error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.error());
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        deadline.signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        deadline.signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Resolves and validates; returns the address to pin. */
async function resolveChecked(checked: CheckedUrl, deadline: Deadline): Promise<LookupAddress> {
  if (checked.ipLiteral) return { address: checked.ipLiteral, family: isIP(checked.ipLiteral) };
  let addresses: LookupAddress[];
  try {
    addresses = await raceDeadline(dnsLookup(checked.host, { all: true }), deadline);
  } catch (e) {
    if (e instanceof FetchFailedError) throw e;
    const code = (e as NodeJS.ErrnoException | undefined)?.code ?? "error";
    throw new FetchFailedError("dns", `could not resolve ${checked.host} (${code})`, checked.url.href);
  }
  if (addresses.length === 0) {
    throw new FetchFailedError("dns", `could not resolve ${checked.host}`, checked.url.href);
  }
  if (!checked.allowed) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) {
      throw new UnsafeUrlError(
        "private_address",
        `host "${checked.host}" resolves to non-public address ${bad.address}`,
        checked.url.href,
      );
    }
  }
  return addresses[0] as LookupAddress;
}

function sameAddress(a: string, b: string): boolean {
  const norm = (ip: string) => {
    const v4 = parseIPv4(ip);
    if (v4) return v4.join(".");
    const v6 = parseIPv6(ip);
    if (!v6) return ip.toLowerCase();
    // ::ffff:a.b.c.d compares equal to a.b.c.d
    if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
      const g6 = v6[6] ?? 0;
      const g7 = v6[7] ?? 0;
      return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join(".");
    }
    return v6.map((g) => g.toString(16)).join(":");
  };
  return norm(a) === norm(b);
}

type Exchange =
  | { kind: "redirect"; status: number; location: string | undefined }
  | { kind: "final"; status: number; contentType: string; body: string };

function mediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function charsetOf(contentType: string): string {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1]?.toLowerCase() ?? "utf-8";
}

function decodeBody(buf: Buffer, contentType: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charsetOf(contentType));
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(buf);
}

/** A POST of `body` whose answer is returned whatever its status or type (webhook deliveries). */
interface RawPost {
  body: string;
  headers: Record<string, string>;
}

function exchange(
  checked: CheckedUrl,
  pinned: LookupAddress,
  opts: { maxBytes: number; userAgent: string; post?: RawPost },
  deadline: Deadline,
): Promise<Exchange> {
  const { url } = checked;
  const href = url.href;
  return new Promise<Exchange>((resolve, reject) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (err: Error | null, value?: Exchange) => {
      if (settled) return;
      settled = true;
      deadline.signal.removeEventListener("abort", onAbort);
      if (err) {
        req?.destroy();
        reject(err);
      } else resolve(value as Exchange);
    };
    const onAbort = () => finish(deadline.error());
    if (deadline.signal.aborted) return finish(deadline.error());
    deadline.signal.addEventListener("abort", onAbort, { once: true });

    // Always answer with the validated address, whatever `net` asks for.
    const pinnedLookup = (
      _hostname: string,
      options: LookupOptions,
      callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
    ) => {
      if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };

    const isHttps = url.protocol === "https:";
    const requestOptions: https.RequestOptions = {
      protocol: url.protocol,
      hostname: checked.host,
      port: url.port ? Number(url.port) : isHttps ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: opts.post ? "POST" : "GET",
      agent: false, // no pooled sockets: a kept-alive connection could belong to another pin
      lookup: pinnedLookup,
      headers: opts.post
        ? {
            ...opts.post.headers,
            Host: url.host,
            "User-Agent": opts.userAgent,
            "Content-Length": String(Buffer.byteLength(opts.post.body)),
            Connection: "close",
          }
        : {
            Host: url.host,
            "User-Agent": opts.userAgent,
            Accept: "text/html,application/xhtml+xml,text/plain;q=0.9",
            "Accept-Encoding": "gzip, deflate, br",
            Connection: "close",
          },
    };
    if (isHttps && !checked.ipLiteral) requestOptions.servername = checked.host;

    try {
      req = (isHttps ? https : http).request(requestOptions);
    } catch (e) {
      return finish(new FetchFailedError("network", `request failed: ${(e as Error).message}`, href));
    }

    req.on("error", (e: NodeJS.ErrnoException) => {
      finish(new FetchFailedError("network", `request to ${url.host} failed (${e.code ?? e.message})`, href));
    });

    req.on("response", (res) => {
      const remote = res.socket?.remoteAddress;
      if (remote && !sameAddress(remote, pinned.address)) {
        finish(new UnsafeUrlError("pin_mismatch", `connected to ${remote}, expected ${pinned.address}`, href));
        res.destroy();
        return;
      }
      const status = res.statusCode ?? 0;
      if (opts.post) {
        // Any answer is an answer: its status and the start of its body (never followed).
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < opts.maxBytes) chunks.push(chunk.subarray(0, opts.maxBytes - size));
          size += chunk.length;
        });
        res.on("error", (e: Error) => finish(new FetchFailedError("network", `reading the answer failed (${e.message})`, href, status)));
        res.on("end", () => {
          const contentType = String(res.headers["content-type"] ?? "");
          finish(null, { kind: "final", status, contentType, body: decodeBody(Buffer.concat(chunks), contentType) });
        });
        return;
      }
      if (REDIRECT_STATUSES.has(status)) {
        res.resume();
        const location = res.headers.location;
        return finish(null, { kind: "redirect", status, location });
      }
      if (status < 200 || status > 299) {
        res.resume();
        return finish(new FetchFailedError("http_status", `HTTP ${status} from ${url.host}`, href, status));
      }
      const contentType = String(res.headers["content-type"] ?? "");
      if (!ACCEPTED_TYPES.has(mediaType(contentType))) {
        res.resume();
        return finish(
          new FetchFailedError(
            "content_type",
            `content type "${mediaType(contentType) || "(none)"}" is not accepted (text/html, application/xhtml+xml, text/plain only)`,
            href,
            status,
          ),
        );
      }
      const declared = Number(res.headers["content-length"]);
      const encoding = String(res.headers["content-encoding"] ?? "identity").trim().toLowerCase();
      if (encoding === "identity" && Number.isFinite(declared) && declared > opts.maxBytes) {
        res.resume();
        return finish(
          new FetchFailedError("too_large", `body of ${declared} bytes exceeds the ${opts.maxBytes}-byte limit`, href, status),
        );
      }

      let stream: NodeJS.ReadableStream = res;
      if (encoding === "gzip" || encoding === "x-gzip") stream = res.pipe(zlib.createGunzip());
      else if (encoding === "deflate") stream = res.pipe(zlib.createInflate());
      else if (encoding === "br") stream = res.pipe(zlib.createBrotliDecompress());
      else if (encoding !== "identity") {
        res.resume();
        return finish(new FetchFailedError("network", `unsupported content encoding "${encoding}"`, href, status));
      }

      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > opts.maxBytes) {
          // Settle first: destroying emits "aborted"/"close" synchronously.
          finish(new FetchFailedError("too_large", `body exceeds the ${opts.maxBytes}-byte limit`, href, status));
          if (stream !== res) (stream as unknown as zlib.Gunzip).destroy();
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      stream.on("error", (e: Error) => {
        finish(new FetchFailedError("network", `reading the body failed (${e.message})`, href, status));
      });
      res.on("aborted", () => {
        finish(new FetchFailedError("network", "connection closed before the body was complete", href, status));
      });
      res.on("close", () => {
        if (!res.complete) {
          finish(new FetchFailedError("network", "connection closed before the body was complete", href, status));
        }
      });
      stream.on("end", () => {
        finish(null, { kind: "final", status, contentType, body: decodeBody(Buffer.concat(chunks), contentType) });
      });
    });

    req.end(opts.post?.body);
  });
}

/**
 * GETs `url` under the SSRF policy described at the top of this file. Throws
 * {@link UnsafeUrlError} for policy refusals (of the URL or of any redirect target) and
 * {@link FetchFailedError} for everything else (DNS, network, timeout, size, status, type).
 */
export async function safeFetch(url: string, opts: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const num = (v: number | undefined, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);
  const timeoutMs = num(opts.timeoutMs, 5000);
  const maxBytes = num(opts.maxBytes, 1_000_000);
  const maxRedirects = Math.floor(num(opts.maxRedirects, 3));
  const allowHosts = opts.allowHosts ?? [];
  const userAgent = opts.userAgent ?? DEFAULT_UA;

  // Checked before any timer or I/O: refusals are immediate and offline.
  let checked = checkUrl(url, allowHosts);

  const controller = new AbortController();
  let current = checked.url.href;
  const deadline: Deadline = {
    signal: controller.signal,
    error: () => new FetchFailedError("timeout", `timed out after ${timeoutMs} ms`, current),
  };
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const pinned = await resolveChecked(checked, deadline);
      const result = await exchange(checked, pinned, { maxBytes, userAgent }, deadline);
      if (result.kind === "final") {
        return { url: checked.url.href, status: result.status, contentType: result.contentType, body: result.body };
      }
      if (!result.location) {
        throw new FetchFailedError("bad_redirect", `HTTP ${result.status} without a Location header`, current, result.status);
      }
      if (redirects >= maxRedirects) {
        throw new FetchFailedError("too_many_redirects", `more than ${maxRedirects} redirects`, current, result.status);
      }
      let next: URL;
      try {
        next = new URL(result.location, checked.url);
      } catch {
        throw new FetchFailedError("bad_redirect", "redirect to an invalid URL", current, result.status);
      }
      next.hash = "";
      checked = checkUrl(next, allowHosts); // every hop gets the full policy again
      current = checked.url.href;
    }
  } finally {
    clearTimeout(timer);
  }
}

export interface SafePostOptions {
  /** Whole-operation deadline in ms (default 10000). */
  timeoutMs?: number;
  /** How much of the answer's body is kept (default 4096 bytes; the rest is read and dropped). */
  maxBytes?: number;
  /** TEST-ONLY allowance, as for {@link safeFetch}. */
  allowHosts?: string[];
  userAgent?: string;
  headers?: Record<string, string>;
}

/**
 * POSTs `body` to `url` under the same policy as {@link safeFetch} (public addresses only, the
 * connection pinned to the checked address). Redirects are not followed: any status, 3xx
 * included, is returned as the answer. Throws {@link UnsafeUrlError} when the URL is refused and
 * {@link FetchFailedError} when no answer came (DNS, network, timeout).
 */
export async function safePost(url: string, body: string, opts: SafePostOptions = {}): Promise<{ status: number; body: string }> {
  const timeoutMs = typeof opts.timeoutMs === "number" && opts.timeoutMs > 0 ? opts.timeoutMs : 10_000;
  const maxBytes = typeof opts.maxBytes === "number" && opts.maxBytes >= 0 ? opts.maxBytes : 4096;
  const checked = checkUrl(url, opts.allowHosts ?? []);
  const controller = new AbortController();
  const deadline: Deadline = {
    signal: controller.signal,
    error: () => new FetchFailedError("timeout", `timed out after ${timeoutMs} ms`, checked.url.href),
  };
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const pinned = await resolveChecked(checked, deadline);
    const post = { body, headers: opts.headers ?? {} };
    const result = await exchange(checked, pinned, { maxBytes, userAgent: opts.userAgent ?? DEFAULT_UA, post }, deadline);
    if (result.kind !== "final") throw new FetchFailedError("network", "unexpected redirect", checked.url.href, result.status);
    return { status: result.status, body: result.body };
  } finally {
    clearTimeout(timer);
  }
}
