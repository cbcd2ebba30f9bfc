import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A clean `npm ci` prints no install-script warning (npm 11 runs dependency install scripts
 * only when package.json's `allowScripts` covers them), and what those scripts would have
 * done is not needed: esbuild's postinstall only swaps its JS launcher for the native binary,
 * which the launcher finds in the platform package anyway; protobufjs's checks a version scheme.
 */
const root = path.resolve(import.meta.dirname, "../..");
const npmMajor = Number(execFileSync("npm", ["--version"], { encoding: "utf8" }).split(".")[0]);

describe("installing", () => {
  it.skipIf(npmMajor < 11)("every dependency install script is reviewed in allowScripts", () => {
    const res = spawnSync("npm", ["install-scripts", "ls"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/No packages with unreviewed install scripts/);
  }, 90_000);

  it("every esbuild in node_modules works without its postinstall", () => {
    const nm = path.join(root, "node_modules");
    const owners = fs.readdirSync(nm).flatMap((d) => (d.startsWith("@") ? fs.readdirSync(path.join(nm, d)).map((s) => `${d}/${s}`) : [d]));
    const copies = ["esbuild", ...owners.map((o) => `${o}/node_modules/esbuild`)].filter((c) => fs.existsSync(path.join(nm, c, "package.json")));
    expect(copies.length).toBeGreaterThan(0);
    const require = createRequire(path.join(root, "package.json"));
    for (const copy of copies) {
      const esbuild = require(path.join(root, "node_modules", copy)) as typeof import("esbuild");
      expect(esbuild.transformSync("const a: number = 1", { loader: "ts" }).code.trim(), copy).toBe("const a = 1;");
      const bin = spawnSync(path.join(root, "node_modules", copy, "bin", "esbuild"), ["--version"], { encoding: "utf8" });
      expect(bin.stdout.trim(), copy).toBe(esbuild.version);
    }
  });
});
