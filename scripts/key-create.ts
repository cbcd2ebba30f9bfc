/**
 * npm run key:create -- --name NAME --workspace WORKSPACE [--env sandbox|live] [--owner EMAIL] [--expires-in-days N]
 *
 * Creates a key in the workspace called WORKSPACE and prints the key alone on the last line of
 * stdout (so `| tail -n1` captures it). With --owner, the workspace is the one of that name the
 * portal account EMAIL belongs to, or one the CLI made without an owner (the account becomes its
 * owner), or a new one it owns, so the workspace, its users and its logs show in the portal. The
 * account must exist: the CLI creates none. Without --owner, the workspace is found or created
 * by name and has no members until an --owner run attaches it.
 */
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { DatabaseLockedError } from "@/db/lock";
import { findAccountByEmail } from "@/server/accounts/service";
import { EnvError } from "@/server/env";
import { createApiKey } from "@/server/keys/service";
import { PortalError } from "@/server/lib/portal-error";
import { findOrCreateWorkspace, findOrCreateWorkspaceForOwner, hasMembers } from "@/server/workspaces/service";

const usage =
  "usage: npm run key:create -- --name NAME --workspace WORKSPACE [--env sandbox|live] [--owner EMAIL] [--expires-in-days N]";

function fail(message: string): never {
  console.error(`key:create: ${message}`);
  process.exit(1);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: "string" },
        workspace: { type: "string" },
        env: { type: "string", default: "sandbox" },
        owner: { type: "string" },
        "expires-in-days": { type: "string" },
      },
      strict: true,
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${usage}`);
  }
  const name = values.name?.trim();
  const workspaceName = values.workspace?.trim();
  const ownerEmail = values.owner?.trim().toLowerCase();
  if (!name) fail(`--name is required\n${usage}`);
  if (!workspaceName) fail(`--workspace is required\n${usage}`);
  if (values.env !== "sandbox" && values.env !== "live") fail(`--env must be sandbox or live, got "${values.env}"`);
  if (values.owner !== undefined && !ownerEmail?.includes("@")) fail(`--owner must be the email of a portal account, got "${values.owner}"`);
  let expiresAt: Date | null = null;
  if (values["expires-in-days"] !== undefined) {
    const days = Number(values["expires-in-days"]);
    if (!Number.isFinite(days) || days <= 0) fail("--expires-in-days must be a positive number");
    expiresAt = new Date(Date.now() + days * 86_400_000);
  }

  try {
    const db = await getDb();
    let line: string;
    let workspace;
    if (ownerEmail) {
      const account = await findAccountByEmail(db, ownerEmail);
      if (!account) {
        fail(`No portal account with the email ${ownerEmail}. Sign up in the portal first (npm run dev, then /signup); the CLI creates no accounts.`);
      }
      const owned = await findOrCreateWorkspaceForOwner(db, workspaceName, account.id);
      workspace = owned.workspace;
      line = {
        member: `Using workspace "${workspace.name}" (${workspace.id}) of ${account.email}`,
        attached: `Attached workspace "${workspace.name}" (${workspace.id}) to ${account.email}, as its owner`,
        created: `Created workspace "${workspace.name}" (${workspace.id}), owned by ${account.email}`,
      }[owned.outcome];
    } else {
      const found = await findOrCreateWorkspace(db, workspaceName);
      workspace = found.workspace;
      line = `${found.created ? "Created" : "Using"} workspace "${workspace.name}" (${workspace.id})`;
      if (!(await hasMembers(db, workspace.id))) {
        line += `\nIt has no members, so it does not show in the portal: run again with --owner you@example.com (your portal account's email) to attach it.`;
      }
    }
    const { apiKey, key } = await createApiKey(db, { workspaceId: workspace.id, environment: values.env, name, expiresAt });
    console.log(line);
    console.log(`Created ${apiKey.environment} key "${apiKey.name}" (${apiKey.id})${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}`);
    console.log("Store it now: it is shown only once.");
    console.log(key);
  } catch (e) {
    if (e instanceof DatabaseLockedError || e instanceof EnvError || e instanceof PortalError) fail(e.message);
    throw e;
  } finally {
    await closeDb().catch(() => {});
  }
}

await main();
