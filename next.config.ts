import fs from "node:fs";
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
  ...(root ? { turbopack: { root } } : {}),
};

export default nextConfig;
