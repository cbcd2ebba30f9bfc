import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { workspaces } from "@/db/schema";
import { findAccountByEmail, signUp } from "@/server/accounts/service";
import { keyCreateCommand } from "@/server/keys/cli";
import { listWorkspacesForAccount } from "@/server/workspaces/service";

/**
 * `key:create --owner EMAIL`: a workspace made (or found) by the CLI belongs to an existing
 * portal account, so its users and logs show in the portal. The CLI creates no account.
 * The command runs in this process on the test's database; tests/integration/cli.test.ts runs
 * it as its own process (exit codes, the key on the last line, a held folder).
 */
async function keyCreate(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await keyCreateCommand(args, { openDb: getDb, out: (l) => stdout.push(l), err: (l) => stderr.push(l) });
  return { status, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}
const lastLine = (s: string) => s.trim().split("\n").at(-1)!;
const signup = async (email: string) => signUp(await getDb(), { email, password: "a long enough password" });
const workspacesNamed = async (name: string) => (await (await getDb()).select().from(workspaces).where(eq(workspaces.name, name))).length;
async function memberships(email: string) {
  const db = await getDb();
  const account = await findAccountByEmail(db, email);
  const list = account ? await listWorkspacesForAccount(db, account.id) : [];
  return list.map((m) => ({ name: m.workspace.name, role: m.role }));
}

describe("npm run key:create -- --owner EMAIL", () => {
  it("refuses an email with no account, and creates nothing", async () => {
    const res = await keyCreate("--name", "x", "--workspace", "Nobody Co", "--owner", "nobody@example.com");
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("No portal account with the email nobody@example.com");
    expect(res.stdout).not.toMatch(/pio_sk_/);
    expect(await workspacesNamed("Nobody Co")).toBe(0);
  });

  it("creates the workspace with that account as its owner; the next run uses it", async () => {
    await signup("me@example.com");
    const first = await keyCreate("--name", "CLI", "--workspace", "Acme", "--env", "sandbox", "--owner", "ME@example.com");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Created workspace "Acme"');
    expect(first.stdout).toContain("owned by me@example.com");
    expect(lastLine(first.stdout)).toMatch(/^pio_sk_test_/);
    expect(await memberships("me@example.com")).toEqual([{ name: "Acme", role: "owner" }]);

    const second = await keyCreate("--name", "CLI 2", "--workspace", "Acme", "--owner", "me@example.com");
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Using workspace "Acme"');
    expect(await workspacesNamed("Acme")).toBe(1);
  });

  it("attaches a workspace the CLI made earlier without an owner; says how, when run without one", async () => {
    const orphan = await keyCreate("--name", "CI", "--workspace", "Orphan Labs");
    expect(orphan.status, orphan.stderr).toBe(0);
    expect(orphan.stdout).toContain("--owner");
    expect(orphan.stdout).toContain("no members");
    const attached = await keyCreate("--name", "CI 2", "--workspace", "Orphan Labs", "--owner", "me@example.com");
    expect(attached.status, attached.stderr).toBe(0);
    expect(attached.stdout).toContain('Attached workspace "Orphan Labs"');
    expect(await memberships("me@example.com")).toContainEqual({ name: "Orphan Labs", role: "owner" });
    expect(await workspacesNamed("Orphan Labs")).toBe(1);
  });

  it("never adds the account to a workspace that belongs to other people", async () => {
    await signup("other@example.com");
    expect((await keyCreate("--name", "x", "--workspace", "Theirs", "--owner", "other@example.com")).status).toBe(0);
    const res = await keyCreate("--name", "x", "--workspace", "Theirs", "--owner", "me@example.com");
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("belongs to other accounts");
    expect(res.stdout).not.toMatch(/pio_sk_/);
    expect((await memberships("me@example.com")).map((m) => m.name)).not.toContain("Theirs");
  });

  it("explains a bad --owner and a bad --expires-in-days without opening the database", async () => {
    const opened: string[] = [];
    const io = { openDb: async () => (opened.push("db"), getDb()), out: () => {}, err: (l: string) => opened.push(l) };
    expect(await keyCreateCommand(["--name", "x", "--workspace", "W", "--owner", "not-an-email"], io)).toBe(1);
    expect(await keyCreateCommand(["--name", "x", "--workspace", "W", "--expires-in-days", "0"], io)).toBe(1);
    expect(opened).toEqual([
      'key:create: --owner must be the email of a portal account, got "not-an-email"',
      "key:create: --expires-in-days must be a positive number",
    ]);
  });
});
