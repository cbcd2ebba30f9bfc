import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-cli-"));
const dataDir = path.join(dir, "pglite");

function keyCreate(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/key-create.ts", ...args], {
    cwd: root,
    env: { ...process.env, PGLITE_DATA_DIR: dataDir },
    encoding: "utf8",
    timeout: 60_000,
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run key:create", () => {
  it("creates the workspace and prints the key alone on the last line; reuses the workspace next time", () => {
    const first = keyCreate(["--name", "CI", "--workspace", "Acme", "--env", "sandbox"]);
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^pio_sk_test_[1-9A-HJ-NP-Za-km-z]{32,}$/);
    expect(first.stdout).toContain('Created workspace "Acme"');

    const second = keyCreate(["--name", "Prod", "--workspace", "Acme", "--env", "live"]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Using workspace "Acme"');
    expect(second.stdout.trim().split("\n").at(-1)).toMatch(/^pio_sk_live_/);
  }, 120_000);

  it("explains bad arguments", () => {
    const res = keyCreate(["--name", "x", "--workspace", "Acme", "--env", "prod"]);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("--env must be sandbox or live");
  }, 60_000);

  it("says in one line that the folder is held by a running process, and exits non-zero", async () => {
    const holder = spawn("sleep", ["30"]);
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: holder.pid }));
    try {
      const res = keyCreate(["--name", "x", "--workspace", "Acme", "--env", "sandbox"]);
      expect(res.status).not.toBe(0);
      const errLines = res.stderr.trim().split("\n").filter((l) => !l.startsWith("npm warn"));
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/in use by another process \(pid \d+/);
      expect(res.stdout).not.toMatch(/pio_sk_/);
    } finally {
      holder.kill();
      fs.rmSync(`${dataDir}.lock`, { force: true });
    }
  }, 60_000);
});
