import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/server/contract/openapi";
import { generatePython, generateTypeScript } from "@/scripts/sdk-codegen";

const root = path.resolve(import.meta.dirname, "../..");

describe("the SDKs follow the OpenAPI document", () => {
  it("their generated layers are what the current document generates (else: npm run sdk:generate)", () => {
    const doc = buildOpenApiDocument();
    expect(fs.readFileSync(path.join(root, "sdk/typescript/src/generated.ts"), "utf8")).toBe(generateTypeScript(doc));
    expect(fs.readFileSync(path.join(root, "sdk/python/pio/_generated.py"), "utf8")).toBe(generatePython(doc));
  });

  it("the TypeScript SDK builds on its own (its own tsconfig, nothing imported from outside its folder)", () => {
    const src = path.join(root, "sdk/typescript/src");
    for (const f of fs.readdirSync(src)) {
      const text = fs.readFileSync(path.join(src, f), "utf8");
      for (const m of text.matchAll(/from\s+"([^"]+)"/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\/[\w-]+\.ts$/);
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pio-sdk-"));
    execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "sdk/typescript/tsconfig.json"), "--outDir", out], { stdio: "pipe" });
    expect(fs.existsSync(path.join(out, "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(out, "index.d.ts"))).toBe(true);
    // The build is plain ESM for Node: relative imports rewritten to .js.
    expect(fs.readFileSync(path.join(out, "index.js"), "utf8")).toContain('from "./generated.js"');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "sdk/typescript/package.json"), "utf8"));
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    expect(pkg.dependencies ?? {}).toEqual({});
    fs.rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
