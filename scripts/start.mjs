// Pio's production server (`npm start`): Next.js's own request handler on an http.Server this
// file owns, so that stopping is bounded. `next start` on SIGTERM only closes the listening
// socket: clients holding keep-alive connections go on being served for as long as they keep
// sending, and nothing bounds the wait (see docs/architecture.md, "Stopping").
//
// On SIGTERM or SIGINT:
//   1. stop accepting: the listener closes (new connections are refused), and keep-alive
//      connections idle at the signal are closed after a second (a request already sent on
//      one is answered); every response from now on says `Connection: close`. The
//      app's in-process background work starts nothing new (a running job ends at its next
//      step): what it leaves is pending in the database, and the next start resumes it;
//   2. in-flight requests finish, for up to SHUTDOWN_TIMEOUT_MS (default 10 s); what is still
//      running then is cut off;
//   3. the app waits briefly for its jobs' current steps, writes its buffered request logs and
//      closes the database;
//   4. exit 0. A second signal exits at once.
//
//   node scripts/start.mjs [-p PORT] [-H HOSTNAME]     (PORT, default 3000)
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: false,
});

function numberFrom(name, raw, fallback) {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`[pio] ${name} must be a whole number, got "${raw}"`);
    process.exit(1);
  }
  return n;
}

const port = numberFrom("port", args.port ?? process.env.PORT, 3000);
const hostname = args.hostname;
const graceMs = numberFrom("SHUTDOWN_TIMEOUT_MS", process.env.SHUTDOWN_TIMEOUT_MS, 10_000);
/** After the requests: the app's own clean-up (background work, logs, database) gets this long. */
const CLEANUP_MS = 5_000;
/**
 * A keep-alive connection idle at the signal stays open this long: a request a client sent
 * just before the signal (in transit, or unread while the event loop was busy) is still
 * answered, with `Connection: close`, instead of being reset.
 */
const IDLE_GRACE_MS = 1_000;
const dir = path.resolve(import.meta.dirname, "..");

process.env.NODE_ENV ??= "production";
process.title = "pio-server";

// Imported once NODE_ENV is set, as `next start` does.
const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
const isRouteHandler = routeHandlerMatcher(dir);

/** Responses not yet finished; during shutdown, the ones we wait for. */
const inflight = new Set();
let stopping = false;

const server = http.createServer((req, res) => {
  res.pioRequest = `${req.method} ${req.url?.split("?")[0]}`;
  inflight.add(res);
  const socket = req.socket;
  res.once("close", () => {
    inflight.delete(res);
    // A response that began before the signal kept its connection alive: end it gracefully
    // (written data is flushed first; closeIdleConnections would destroy it unflushed).
    if (stopping && !socket.destroyed) socket.end();
  });
  if (stopping) res.shouldKeepAlive = false;
  if (isRouteHandler(req.url, req.headers)) keepOwnVary(res);
  handle(req, res).catch((e) => {
    // The path only: a query string may carry personal data.
    console.error(`[pio] ${res.pioRequest} failed:`, e instanceof Error ? e.message : e);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader("content-type", "application/json");
    }
    res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side." } }));
  });
});

await app.prepare();
await new Promise((resolve) => {
  server.once("error", (e) => {
    console.error(e.code === "EADDRINUSE" ? `[pio] port ${port} is already in use: stop what holds it, or set PORT` : `[pio] could not listen on port ${port}: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, hostname, resolve);
});
const where = hostname ?? "localhost";
console.log(`[pio] ready on http://${where.includes(":") ? `[${where}]` : where}:${port} (pid ${process.pid})`);

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

async function stop(signal) {
  if (stopping) {
    console.log(`[pio] ${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  const started = Date.now();
  // Whatever happens below, the process is gone by this deadline.
  setTimeout(() => {
    console.error(`[pio] shutdown took longer than ${graceMs + CLEANUP_MS} ms: exiting`);
    process.exit(1);
  }, graceMs + CLEANUP_MS).unref();

  // instrumentation.ts installs the app's part: background work, request logs, database.
  const appHook = globalThis[Symbol.for("pio.shutdown")];
  if (!appHook) console.error("[pio] the app installed no shutdown hook (instrumentation.ts)");
  appHook?.begin();

  console.log(`[pio] ${signal}: refusing new connections; ${inflight.size} request(s) in flight (up to ${graceMs} ms)`);
  // Stop listening, but keep idle keep-alive connections for IDLE_GRACE_MS (http.Server's
  // close() would reset them at once).
  net.Server.prototype.close.call(server);
  for (const res of inflight) if (!res.headersSent) res.shouldKeepAlive = false;
  setTimeout(() => server.closeIdleConnections(), Math.min(IDLE_GRACE_MS, graceMs)).unref();

  const cut = await drained(graceMs, Math.min(IDLE_GRACE_MS, graceMs));
  if (cut > 0) {
    const which = [...inflight].map((res) => res.pioRequest).slice(0, 5).join(", ");
    console.error(`[pio] ${cut} request(s) still running after ${graceMs} ms: cut off (${which})`);
    server.closeAllConnections();
  }

  try {
    if (appHook) await withTimeout(appHook.finish(CLEANUP_MS - 500), CLEANUP_MS - 250);
  } catch (e) {
    console.error("[pio] clean-up failed:", e);
  }
  console.log(`[pio] stopped in ${Date.now() - started} ms`);
  process.exit(0);
}

/**
 * Waits until no request is in flight (and at least `minMs`, while connections are open), or
 * `ms`; returns how many are still running.
 */
function drained(ms, minMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const check = () => {
      server.getConnections((_, open) => {
        const elapsed = Date.now() - started;
        if ((inflight.size === 0 && (open === 0 || elapsed >= minMs)) || elapsed >= ms) resolve(inflight.size);
        else setTimeout(check, 25);
      });
    };
    check();
  });
}

function withTimeout(promise, ms) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * Next.js answers every app route with `Vary: rsc, next-router-state-tree, …`: its pages'
 * RSC payloads depend on those request headers. Route handlers (the public API, health,
 * tRPC, auth) do not, so on them only the varies that are theirs remain (e.g. Accept-Encoding
 * from compression).
 */
const NEXT_VARY = new Set(["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"]);

function ownVary(value) {
  const kept = String(value)
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v && !NEXT_VARY.has(v.toLowerCase()));
  return kept.length ? kept.join(", ") : undefined;
}

function keepOwnVary(res) {
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    const vary = this.getHeader("vary");
    if (vary !== undefined) {
      const kept = ownVary(vary);
      if (kept) this.setHeader("vary", kept);
      else this.removeHeader("vary");
    }
    const headers = rest.at(-1);
    if (headers && typeof headers === "object" && !Array.isArray(headers)) {
      for (const name of Object.keys(headers)) {
        if (name.toLowerCase() !== "vary") continue;
        const kept = ownVary(headers[name]);
        if (kept) headers[name] = kept;
        else delete headers[name];
      }
    }
    return writeHead.call(this, status, ...rest);
  };
}

/**
 * Which request paths Next.js routes to a route handler (app/**\/route.ts), from the build's
 * manifests: the same route regexes Next matches with, static routes before dynamic ones.
 */
function routeHandlerMatcher(root) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(root, ".next", file), "utf8"));
  let appPaths;
  let routes;
  try {
    appPaths = read("app-path-routes-manifest.json");
    routes = read("routes-manifest.json");
  } catch {
    console.error("[pio] no production build found: run `npm run build` first");
    process.exit(1);
  }
  const handlers = new Set(Object.entries(appPaths).filter(([entry]) => entry.endsWith("/route")).map(([, page]) => page));
  const ordered = [...routes.staticRoutes, ...routes.dynamicRoutes].map((r) => ({ page: r.page, re: new RegExp(r.regex) }));
  const base = routes.basePath ?? "";
  return (url = "/", headers = {}) => {
    let pathname = url.split("?")[0] ?? "/";
    if (base && pathname.startsWith(base)) pathname = pathname.slice(base.length) || "/";
    try {
      pathname = decodeURI(pathname);
    } catch {
      /* matched as sent */
    }
    const route = ordered.find((r) => r.re.test(pathname));
    if (route) return handlers.has(route.page);
    // No page or handler claims the path: next.config.ts's fallback rewrite sends an API client
    // (a key, a bearer token, or no Accept: text/html) to the JSON 404 route handler.
    return Boolean(headers["x-api-key"] || headers.authorization || !/text\/html/.test(headers.accept ?? ""));
  };
}
