/**
 * Website enrichment and its SSRF guard, against local servers only (the test machine has no
 * internet). DNS is replaced by a fake resolver (vi.mock of node:dns/promises) so that no test
 * depends on a real name server; the fake also lets us prove that connections are pinned to
 * the validated address: Node's own resolver (used by `net` when nothing is pinned) is never
 * mocked, and cannot resolve the made-up names used here.
 */
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { FetchFailedError, UnsafeUrlError, checkUrl, isPublicAddress, safeFetch } from "@/server/profile/safe-fetch";
import { enrichWebsite, extractPage } from "@/server/profile/website";

vi.mock("node:dns/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns/promises")>();
  return { ...actual, lookup: vi.fn() };
});

const fakeDns = new Map<string, LookupAddress[]>();
const lookupMock = lookup as unknown as Mock<(host: string, opts?: unknown) => Promise<LookupAddress[]>>;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ash Lewis &mdash; Founder &amp; Engineer</title>
  <meta name="description" content="Ash builds APIs for AI agents &amp; writes about it.">
  <meta property="og:title" content="OG title (not used)">
  <style>body { color: red } .nav-text { display: none }</style>
  <script>window.secret = "<main>SCRIPT TEXT</main>";</script>
</head>
<body>
  <header><div class="logo">HEADER NOISE</div></header>
  <nav><ul><li><a href="/">NAV HOME</a></li><li><a href="/about">NAV ABOUT</a></li></ul></nav>
  <aside>SIDEBAR OUTSIDE MAIN</aside>
  <main>
    <h1>Hi, I&#39;m Ash</h1>
    <p>I build   personalization
       APIs &ndash; mostly for agents.</p>
    <p>Previously at <b>Pioneer</b>&nbsp;&amp;&nbsp;Example&#x2122;.</p>
    <noscript>NOSCRIPT NOISE</noscript>
    <svg><title>SVG TITLE</title><text>SVG TEXT</text></svg>
    <form><label>FORM LABEL</label><input name="q"></form>
    <ul><li>Writing</li><li>Climbing</li></ul>
  </main>
  <footer>FOOTER NOISE &copy; 2024</footer>
  <script>document.write("SCRIPT 2")</script>
</body>
</html>`;

let server: http.Server;
let other: http.Server;
let port = 0;
let otherPort = 0;
let base = "";
const hits: { path: string; host: string | undefined }[] = [];
let connections = 0;
let otherConnections = 0;
const openTimers = new Set<NodeJS.Timeout>();

function listen(s: http.Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));
}

function later(ms: number, fn: () => void): NodeJS.Timeout {
  const t = setTimeout(() => {
    openTimers.delete(t);
    fn();
  }, ms);
  openTimers.add(t);
  return t;
}

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = req.url ?? "/";
  hits.push({ path, host: req.headers.host });
  const redirect = (status: number, location?: string) => {
    res.writeHead(status, location === undefined ? {} : { location });
    res.end();
  };
  switch (new URL(path, "http://local").pathname) {
    case "/page":
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGE);
      return;
    case "/latin1": {
      res.writeHead(200, { "content-type": "text/html; charset=iso-8859-1" });
      res.end(Buffer.from("<title>Caf\u00e9</title><p>cr\u00e8me br\u00fbl\u00e9e</p>", "latin1"));
      return;
    }
    case "/gzip":
      res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
      res.end(gzipSync(PAGE));
      return;
    case "/gzip-bomb":
      res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
      res.end(gzipSync(Buffer.alloc(20_000_000, 0x61)));
      return;
    case "/plain":
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("Ash Lewis\r\nFounder   and engineer.\r\n\r\n\r\nLikes concise emails.\n");
      return;
    case "/r1":
      return redirect(302, "/r2");
    case "/r2":
      return redirect(301, `http://127.0.0.1:${port}/r3`);
    case "/r3":
      return redirect(307, "page?from=r3#frag");
    case "/loop":
      return redirect(302, "/loop");
    case "/no-location":
      return redirect(302);
    case "/to-metadata":
      return redirect(302, "http://169.254.169.254/latest/meta-data/");
    case "/to-localhost":
      return redirect(302, `http://localhost:${otherPort}/secret`);
    case "/to-decimal-loopback":
      return redirect(302, `http://2130706433:${otherPort}/secret`);
    case "/to-file":
      return redirect(302, "file:///etc/passwd");
    case "/to-gopher":
      return redirect(302, "gopher://127.0.0.1:70/_x");
    case "/to-rebind":
      return redirect(302, `http://rebind.pio-test.example:${port}/page`);
    case "/huge": {
      // Chunked, no Content-Length: only counting stops it.
      res.writeHead(200, { "content-type": "text/html" });
      const chunk = `<p>${"x".repeat(64 * 1024)}</p>`;
      let sent = 0;
      const pump = () => {
        while (!res.destroyed && sent < 50_000_000) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on("error", () => {});
      pump();
      return;
    }
    case "/huge-declared":
      res.writeHead(200, { "content-type": "text/html", "content-length": String(50_000_000) });
      res.write("<p>start</p>");
      res.on("error", () => {});
      return; // never finishes on its own; the client must give up on the header
    case "/slow":
      // Headers never come.
      return void later(20_000, () => res.end());
    case "/slow-body": {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<p>first</p>");
      const drip = setInterval(() => {
        if (res.destroyed) return clearInterval(drip);
        res.write("<p>more</p>");
      }, 50);
      res.on("close", () => clearInterval(drip));
      later(20_000, () => {
        clearInterval(drip);
        res.end();
      });
      return;
    }
    case "/json":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
      return;
    case "/no-type":
      res.writeHead(200);
      res.end("<p>untyped</p>");
      return;
    case "/image":
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.alloc(100));
      return;
    default:
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<h1>not found</h1>");
  }
}

beforeAll(async () => {
  server = http.createServer(route);
  server.on("connection", () => connections++);
  other = http.createServer((_req, res) => res.end("SECRET"));
  other.on("connection", () => otherConnections++);
  port = await listen(server);
  otherPort = await listen(other);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const t of openTimers) clearTimeout(t);
  server.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
});

beforeEach(() => {
  hits.length = 0;
  connections = 0;
  otherConnections = 0;
  fakeDns.clear();
  lookupMock.mockReset();
  lookupMock.mockImplementation(async (host: string) => {
    const answer = fakeDns.get(host);
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answer;
  });
});

const LOCAL = { allowHosts: ["127.0.0.1"] };

async function refusal(promise: Promise<unknown>): Promise<UnsafeUrlError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsafeUrlError);
  return err as UnsafeUrlError;
}

async function failure(promise: Promise<unknown>): Promise<FetchFailedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchFailedError);
  return err as FetchFailedError;
}

describe("(a) allowed local page: fetched and extracted", () => {
  it("safeFetch returns the final URL, status, type and body", async () => {
    const res = await safeFetch(`${base}/page`, LOCAL);
    expect(res).toMatchObject({ url: `${base}/page`, status: 200, contentType: "text/html; charset=utf-8" });
    expect(res.body).toBe(PAGE);
    expect(hits).toEqual([{ path: "/page", host: `127.0.0.1:${port}` }]);
  });

  it("enrichWebsite extracts title, description and the main text only", async () => {
    const page = await enrichWebsite(`${base}/page`, LOCAL);
    expect(page.url).toBe(`${base}/page`);
    expect(page.title).toBe("Ash Lewis \u2014 Founder & Engineer");
    expect(page.description).toBe("Ash builds APIs for AI agents & writes about it.");
    expect(page.text).toBe(
      [
        "Hi, I'm Ash",
        "I build personalization APIs \u2013 mostly for agents.",
        "Previously at Pioneer\u00a0&\u00a0Example\u2122.".replace(/\u00a0/g, " "),
        "Writing\nClimbing",
      ].join("\n\n"),
    );
    for (const noise of ["NAV", "HEADER", "FOOTER", "SCRIPT", "NOSCRIPT", "SVG", "FORM", "SIDEBAR", "color: red"]) {
      expect(page.text).not.toContain(noise);
    }
  });

  it("follows a redirect chain, re-checking every hop, up to maxRedirects", async () => {
    const res = await safeFetch(`${base}/r1`, LOCAL);
    expect(res.url).toBe(`${base}/page?from=r3`);
    expect(hits.map((h) => h.path)).toEqual(["/r1", "/r2", "/r3", "/page?from=r3"]);

    const tooMany = await failure(safeFetch(`${base}/r1`, { ...LOCAL, maxRedirects: 2 }));
    expect(tooMany.code).toBe("too_many_redirects");
    const loop = await failure(safeFetch(`${base}/loop`, LOCAL));
    expect(loop.code).toBe("too_many_redirects");
    expect((await failure(safeFetch(`${base}/no-location`, LOCAL))).code).toBe("bad_redirect");
    expect((await failure(safeFetch(`${base}/r1`, { ...LOCAL, maxRedirects: 0 }))).code).toBe("too_many_redirects");
  });

  it("decodes the declared charset and gzip bodies; text/plain keeps paragraphs", async () => {
    expect(await enrichWebsite(`${base}/latin1`, LOCAL)).toMatchObject({ title: "Caf\u00e9", text: "cr\u00e8me br\u00fbl\u00e9e" });
    const gz = await enrichWebsite(`${base}/gzip`, LOCAL);
    expect(gz.title).toBe("Ash Lewis \u2014 Founder & Engineer");
    expect(gz.text.startsWith("Hi, I'm Ash")).toBe(true);
    expect(await enrichWebsite(`${base}/plain`, LOCAL)).toEqual({
      url: `${base}/plain`,
      title: null,
      description: null,
      text: "Ash Lewis\nFounder and engineer.\n\nLikes concise emails.",
    });
  });

  it("connects to the validated address (pinned), keeping the hostname for Host", async () => {
    // Only our fake resolver knows this name; Node's real resolver (which `net` would use if the
    // address were not pinned) cannot resolve it, so success proves the pin.
    fakeDns.set("rebind.pio-test.example", [{ address: "127.0.0.1", family: 4 }]);
    const res = await safeFetch(`http://rebind.pio-test.example:${port}/page`, { allowHosts: ["rebind.pio-test.example"] });
    expect(res.status).toBe(200);
    expect(hits).toEqual([{ path: "/page", host: `rebind.pio-test.example:${port}` }]);
    expect(lookupMock).toHaveBeenCalledTimes(1);
  });
});

describe("(b) the same local URL without the allowance", () => {
  it("is refused as loopback, without a connection", async () => {
    const err = await refusal(safeFetch(`${base}/page`));
    expect(err.code).toBe("private_address");
    expect(err.message).toMatch(/127\.0\.0\.1 is not a public address/);
    await refusal(enrichWebsite(`${base}/page`));
    expect(connections).toBe(0);
    expect(hits).toEqual([]);
  });

  it("allowing one host does not allow another spelling of a different host", async () => {
    await refusal(safeFetch(`http://localhost:${port}/page`, LOCAL));
    await refusal(safeFetch(`http://127.0.0.2:${port}/page`, LOCAL));
    expect(connections).toBe(0);
  });

  it("a name resolving to a private address is refused before connecting", async () => {
    fakeDns.set("innocent.pio-test.example", [{ address: "127.0.0.1", family: 4 }]);
    const err = await refusal(safeFetch(`http://innocent.pio-test.example:${port}/page`));
    expect(err.code).toBe("private_address");
    expect(err.message).toContain("resolves to non-public address 127.0.0.1");
    // ANY private answer is enough, even after a public one.
    fakeDns.set("mixed.pio-test.example", [
      { address: "93.184.216.34", family: 4 },
      { address: "::ffff:10.0.0.5", family: 6 },
    ]);
    expect((await refusal(safeFetch("http://mixed.pio-test.example/"))).message).toContain("::ffff:10.0.0.5");
    fakeDns.set("v6.pio-test.example", [{ address: "fd12:3456::1", family: 6 }]);
    await refusal(safeFetch("https://v6.pio-test.example/"));
    expect(connections).toBe(0);
  });

  it("DNS failures are FetchFailedError", async () => {
    const err = await failure(safeFetch("http://nowhere.pio-test.example/"));
    expect(err.code).toBe("dns");
  });
});

describe("(c) refusals before any network I/O", () => {
  const local = () => [
    `http://localhost:${port}/`,
    `http://LOCALHOST.:${port}/`,
    `http://app.localhost:${port}/`,
    `http://[::1]:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`,
    `http://2130706433:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://0x7f.1:${port}/`,
    `http://127.1:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://[::]:${port}/`,
  ];
  const remote = [
    "http://localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://instance.internal/",
    "http://printer.local/",
    "http://intranet/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://198.18.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[64:ff9b::a00:1]/",
    "http://[2001:db8::1]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "ftp://example.com/file.txt",
    "file:///etc/passwd",
    "gopher://example.com/",
    "data:text/html,<h1>x</h1>",
    "javascript:alert(1)",
    "ws://example.com/",
    "http://user:pass@example.com/",
    "https://user@example.com/",
    "not a url",
    "",
  ];

  it("local spellings of loopback: refused, the local server sees nothing", async () => {
    for (const url of local()) {
      const err = await refusal(safeFetch(url));
      expect(err.message.length).toBeGreaterThan(0);
    }
    expect(connections).toBe(0);
    expect(hits).toEqual([]);
    expect(lookupMock).not.toHaveBeenCalled();
  });

  it.each(remote)("%s", async (url) => {
    const err = await refusal(safeFetch(url));
    expect(err.code).toMatch(/^(invalid_url|scheme|credentials|blocked_host|private_address)$/);
    expect(lookupMock).not.toHaveBeenCalled();
  });

  it("gives clear reasons", async () => {
    expect((await refusal(safeFetch("file:///etc/passwd"))).message).toMatch(/scheme "file:" is not allowed/);
    expect((await refusal(safeFetch("http://user:pass@example.com/"))).code).toBe("credentials");
    expect((await refusal(safeFetch("http://localhost/"))).code).toBe("blocked_host");
    expect((await refusal(safeFetch("http://2130706433/"))).message).toMatch(/127\.0\.0\.1 is not a public address/);
    expect((await refusal(safeFetch("http://169.254.169.254/latest/meta-data/"))).code).toBe("private_address");
  });

  it("checkUrl accepts public hosts (no I/O)", () => {
    expect(checkUrl("https://ash.example.com/about").host).toBe("ash.example.com");
    expect(checkUrl("http://8.8.8.8/").ipLiteral).toBe("8.8.8.8");
    expect(checkUrl("http://[2606:4700:4700::1111]/").ipLiteral).toBe("2606:4700:4700::1111");
    expect(checkUrl("HTTPS://WWW.Example.COM./").host).toBe("www.example.com");
  });
});

describe("(d) redirects are re-validated at every hop", () => {
  it("to the metadata address: refused after the allowed first hop", async () => {
    const err = await refusal(safeFetch(`${base}/to-metadata`, LOCAL));
    expect(err.code).toBe("private_address");
    expect(err.url).toBe("http://169.254.169.254/latest/meta-data/");
    expect(hits.map((h) => h.path)).toEqual(["/to-metadata"]);
  });

  it("to localhost:<other port>: refused, the other server sees nothing", async () => {
    const err = await refusal(safeFetch(`${base}/to-localhost`, LOCAL));
    expect(err.code).toBe("blocked_host");
    expect(otherConnections).toBe(0);
  });

  it("to loopback spelled as an integer: refused when only the first hop's name is allowed", async () => {
    fakeDns.set("rebind.pio-test.example", [{ address: "127.0.0.1", family: 4 }]);
    const err = await refusal(
      safeFetch(`http://rebind.pio-test.example:${port}/to-decimal-loopback`, { allowHosts: ["rebind.pio-test.example"] }),
    );
    expect(err.code).toBe("private_address");
    expect(err.url).toBe(`http://127.0.0.1:${otherPort}/secret`);
    expect(hits.map((h) => h.path)).toEqual(["/to-decimal-loopback"]);
    expect(otherConnections).toBe(0);
  });

  it("to another scheme: refused", async () => {
    expect((await refusal(safeFetch(`${base}/to-file`, LOCAL))).code).toBe("scheme");
    expect((await refusal(safeFetch(`${base}/to-gopher`, LOCAL))).code).toBe("scheme");
  });

  it("to a name that resolves privately: refused unless that name is allowed too", async () => {
    fakeDns.set("rebind.pio-test.example", [{ address: "127.0.0.1", family: 4 }]);
    const err = await refusal(safeFetch(`${base}/to-rebind`, LOCAL));
    expect(err.code).toBe("private_address");
    expect(hits.map((h) => h.path)).toEqual(["/to-rebind"]);
    const ok = await safeFetch(`${base}/to-rebind`, { allowHosts: ["127.0.0.1", "rebind.pio-test.example"] });
    expect(ok.url).toBe(`http://rebind.pio-test.example:${port}/page`);
  });
});

describe("(e) size and time limits", () => {
  it("aborts a chunked body past maxBytes", async () => {
    const err = await failure(safeFetch(`${base}/huge`, { ...LOCAL, maxBytes: 100_000 }));
    expect(err.code).toBe("too_large");
  });

  it("refuses a declared Content-Length past maxBytes without reading it", async () => {
    const started = Date.now();
    const err = await failure(safeFetch(`${base}/huge-declared`, { ...LOCAL, maxBytes: 100_000 }));
    expect(err.code).toBe("too_large");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("counts decompressed bytes (gzip bomb)", async () => {
    const err = await failure(safeFetch(`${base}/gzip-bomb`, { ...LOCAL, maxBytes: 1_000_000 }));
    expect(err.code).toBe("too_large");
  });

  it("times out when headers never come", async () => {
    const started = Date.now();
    const err = await failure(safeFetch(`${base}/slow`, { ...LOCAL, timeoutMs: 300 }));
    expect(err.code).toBe("timeout");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it("the timeout covers the body too", async () => {
    const started = Date.now();
    const err = await failure(safeFetch(`${base}/slow-body`, { ...LOCAL, timeoutMs: 400 }));
    expect(err.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the timeout covers DNS", async () => {
    lookupMock.mockImplementation(() => new Promise(() => {}));
    const started = Date.now();
    const err = await failure(safeFetch("http://hang.pio-test.example/", { timeoutMs: 200 }));
    expect(err.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("(f) only HTML or plain text", () => {
  it.each(["/json", "/image", "/no-type"])("%s is refused", async (path) => {
    const err = await failure(safeFetch(`${base}${path}`, LOCAL));
    expect(err.code).toBe("content_type");
  });

  it("non-2xx statuses are FetchFailedError with the status", async () => {
    const err = await failure(safeFetch(`${base}/missing`, LOCAL));
    expect(err).toMatchObject({ code: "http_status", status: 404 });
  });

  it("connection refused is FetchFailedError", async () => {
    const closed = http.createServer();
    const closedPort = await listen(closed);
    await new Promise((r) => closed.close(r));
    const err = await failure(safeFetch(`http://127.0.0.1:${closedPort}/`, LOCAL));
    expect(err.code).toBe("network");
  });
});

describe("isPublicAddress", () => {
  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "192.169.0.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2a00:1450:4001::200e",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
  ])("%s is public", (ip) => expect(isPublicAddress(ip)).toBe(true));

  it.each([
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "100.64.0.1",
    "100.127.255.255",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "192.168.0.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "0:0:0:0:0:0:0:1",
    "fc00::1",
    "fdff:ffff::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "ff02::1",
    "64:ff9b::808:808",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "2001:db8::1",
    "2001:db8:ffff::1",
    "2002:7f00:1::1",
    "2002:a00:1::1",
    "not-an-ip",
    "",
    "0177.0.0.1",
    "2130706433",
    "0x7f000001",
    "1.2.3",
    "256.1.1.1",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "[::1]",
  ])("%s is not public", (ip) => expect(isPublicAddress(ip)).toBe(false));
});

describe("extractPage", () => {
  it("falls back to og:title / og:description and to <article>, then to the body", () => {
    const html = `<head><meta property="og:title" content="OG &quot;Title&quot;"><meta property='og:description' content='Desc'></head>
      <body><nav>menu</nav><div>outside</div><article><h2>Post</h2><p>Body &#8212; text</p></article></body>`;
    expect(extractPage(html, "https://x.example")).toEqual({
      title: 'OG "Title"',
      description: "Desc",
      text: "Post\n\nBody \u2014 text",
    });
    expect(extractPage("<body><p>Just a body</p><footer>f</footer></body>", "https://x.example")).toEqual({
      title: null,
      description: null,
      text: "Just a body",
    });
  });

  it("survives broken markup and caps the text", () => {
    const broken = extractPage(`<title>T</title><p a="x>y">ok &bogus; &#0; &#x110000; < 3<script>never closed`, "u");
    expect(broken.title).toBe("T");
    expect(broken.text).toBe("ok &bogus; \ufffd \ufffd < 3");
    const long = extractPage(`<main>${"<p>word word word</p>".repeat(5000)}</main>`, "u");
    expect(long.text.length).toBeLessThanOrEqual(20_000);
    expect(long.text.length).toBeGreaterThan(19_000);
    expect(extractPage("", "u")).toEqual({ title: null, description: null, text: "" });
  });

  it("is linear on pathological input", () => {
    const started = Date.now();
    extractPage("<nav>".repeat(100_000) + "<script>".repeat(50_000) + "<title>".repeat(50_000), "u");
    extractPage(`<a b="${"x".repeat(500_000)}`, "u");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
