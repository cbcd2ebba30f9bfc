import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { NextConfig } from "next";

/**
 * A git worktree may share node_modules with another checkout through a symlink. Turbopack
 * reads nothing outside its root, so the root then has to include where the link points.
 */
function turbopackRoot(): string | undefined {
  const here = import.meta.dirname;
  try {
    const real = path.dirname(fs.realpathSync(path.join(here, "node_modules")));
    if (real === here) return undefined;
    let root = here;
    while (!(real + path.sep).startsWith(root + path.sep) && path.dirname(root) !== root) root = path.dirname(root);
    return root;
  } catch {
    return undefined;
  }
}

/**
 * `next dev` serves its dev assets (scripts, HMR) only to pages opened at `localhost` unless
 * told otherwise: opened at http://127.0.0.1:3000 or at the network address it prints, the
 * portal would never hydrate. Allowed: the loopback addresses, this machine's own addresses
 * and its host name, so every address the dev server prints works. (Development only.)
 */
function devOrigins(): string[] {
  const own = Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a)
    .map((a) => (a.family === "IPv6" ? `[${a.address.split("%")[0]}]` : a.address));
  return [...new Set(["127.0.0.1", "[::1]", os.hostname().toLowerCase(), ...own])];
}

const root = turbopackRoot();

const nextConfig: NextConfig = {
  // PGlite loads its WASM and extension bundles from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "@electric-sql/pglite-socket",
    "pg",
  ],
  poweredByHeader: false,
  // CI builds on a clean clone once: writing Turbopack's build cache (~13 s there) is never read back.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  allowedDevOrigins: devOrigins(),
  ...(root ? { turbopack: { root } } : {}),
  // A path no page or endpoint claims (fallback rewrites apply only then), asked by an API
  // client — a key, a bearer token, or a client that does not ask for HTML: the API's JSON 404
  // (app/api/unknown-endpoint), not the portal's HTML page. scripts/start.mjs applies the same
  // test to keep Next's page `Vary` headers off that JSON answer: change both together.
  async rewrites() {
    const destination = "/api/unknown-endpoint?unknown_path=/:path*";
    return {
      beforeFiles: [],
      afterFiles: [],
      fallback: [
        { source: "/:path*", has: [{ type: "header", key: "x-api-key" }], destination },
        { source: "/:path*", has: [{ type: "header", key: "authorization" }], destination },
        { source: "/:path*", missing: [{ type: "header", key: "accept", value: ".*text/html.*" }], destination },
      ],
    };
  },
};

export default nextConfig;
