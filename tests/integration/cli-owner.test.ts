import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `key:create --owner EMAIL`: a workspace made (or found) by the CLI belongs to an existing
 * portal account, so its users and logs show in the portal. The CLI creates no account.
 */
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-cli-owner-"));
const env = { ...process.env, PGLITE_DATA_DIR: path.join(dir, "pglite") };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env, encoding: "utf8", timeout: 90_000 });
const keyCreate = (...args: string[]) => run("scripts/key-create.ts", args);
const db = (...args: string[]) => {
  const r = run("tests/helpers/cli-db.ts", args);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split("\n").at(-1)!;
};
const lastLine = (s: string) => s.trim().split("\n").at(-1)!;

describe("npm run key:create -- --owner EMAIL", () => {
  it("refuses an email with no account, and creates nothing", () => {
    const res = keyCreate("--name", "x", "--workspace", "Nobody Co", "--owner", "nobody@example.com");
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("No portal account with the email nobody@example.com");
    expect(res.stdout).not.toMatch(/pio_sk_/);
    expect(db("workspaces", "Nobody Co")).toBe("0");
  }, 240_000);

  it("creates the workspace with that account as its owner; the next run uses it", () => {
    db("signup", "me@example.com");
    const first = keyCreate("--name", "CLI", "--workspace", "Acme", "--env", "sandbox", "--owner", "ME@example.com");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Created workspace "Acme"');
    expect(first.stdout).toContain("owned by me@example.com");
    expect(lastLine(first.stdout)).toMatch(/^pio_sk_test_/);
    expect(JSON.parse(db("memberships", "me@example.com"))).toEqual([{ name: "Acme", role: "owner" }]);

    const second = keyCreate("--name", "CLI 2", "--workspace", "Acme", "--owner", "me@example.com");
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Using workspace "Acme"');
    expect(db("workspaces", "Acme")).toBe("1");
  }, 240_000);

  it("attaches a workspace the CLI made earlier without an owner; says how, when run without one", () => {
    const orphan = keyCreate("--name", "CI", "--workspace", "Orphan Labs");
    expect(orphan.status, orphan.stderr).toBe(0);
    expect(orphan.stdout).toContain("--owner");
    expect(orphan.stdout).toContain("no members");
    const attached = keyCreate("--name", "CI 2", "--workspace", "Orphan Labs", "--owner", "me@example.com");
    expect(attached.status, attached.stderr).toBe(0);
    expect(attached.stdout).toContain('Attached workspace "Orphan Labs"');
    expect(JSON.parse(db("memberships", "me@example.com"))).toContainEqual({ name: "Orphan Labs", role: "owner" });
    expect(db("workspaces", "Orphan Labs")).toBe("1");
  }, 240_000);

  it("never adds the account to a workspace that belongs to other people", () => {
    db("signup", "other@example.com");
    expect(keyCreate("--name", "x", "--workspace", "Theirs", "--owner", "other@example.com").status).toBe(0);
    const res = keyCreate("--name", "x", "--workspace", "Theirs", "--owner", "me@example.com");
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("belongs to other accounts");
    expect(res.stdout).not.toMatch(/pio_sk_/);
    expect(JSON.parse(db("memberships", "me@example.com")).map((m: { name: string }) => m.name)).not.toContain("Theirs");
  }, 240_000);
});
