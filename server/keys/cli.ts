/**
 * `npm run key:create` as a function (scripts/key-create.ts is its process wrapper): parses the
 * arguments, finds or creates the workspace and prints what it did, the key alone on the last
 * line. Returns the exit code; every refusal is one line on `err`. The database is opened only
 * once the arguments are valid.
 */
import { parseArgs } from "node:util";
import type { Database } from "@/db/client";
import { DatabaseLockedError } from "@/db/lock";
import { findAccountByEmail } from "@/server/accounts/service";
import { EnvError } from "@/server/env";
import { createApiKey } from "@/server/keys/service";
import { PortalError } from "@/server/lib/portal-error";
import { findOrCreateWorkspace, findOrCreateWorkspaceForOwner, hasMembers } from "@/server/workspaces/service";

export const KEY_CREATE_USAGE =
  "usage: npm run key:create -- --name NAME --workspace WORKSPACE [--env sandbox|live] [--owner EMAIL] [--expires-in-days N]";

export interface CliIo {
  openDb: () => Promise<Database>;
  out: (line: string) => void;
  err: (line: string) => void;
}

class Refusal extends Error {}

export async function keyCreateCommand(args: string[], io: CliIo): Promise<number> {
  try {
    await run(args, io);
    return 0;
  } catch (e) {
    if (e instanceof Refusal || e instanceof DatabaseLockedError || e instanceof EnvError || e instanceof PortalError) {
      io.err(`key:create: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

async function run(args: string[], io: CliIo): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
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
    throw new Refusal(`${(e as Error).message}\n${KEY_CREATE_USAGE}`);
  }
  const name = values.name?.trim();
  const workspaceName = values.workspace?.trim();
  const ownerEmail = values.owner?.trim().toLowerCase();
  const environment = values.env;
  if (!name) throw new Refusal(`--name is required\n${KEY_CREATE_USAGE}`);
  if (!workspaceName) throw new Refusal(`--workspace is required\n${KEY_CREATE_USAGE}`);
  if (environment !== "sandbox" && environment !== "live") throw new Refusal(`--env must be sandbox or live, got "${environment}"`);
  if (values.owner !== undefined && !ownerEmail?.includes("@")) {
    throw new Refusal(`--owner must be the email of a portal account, got "${values.owner}"`);
  }
  let expiresAt: Date | null = null;
  if (values["expires-in-days"] !== undefined) {
    const days = Number(values["expires-in-days"]);
    if (!Number.isFinite(days) || days <= 0) throw new Refusal("--expires-in-days must be a positive number");
    expiresAt = new Date(Date.now() + days * 86_400_000);
  }

  const db = await io.openDb();
  let line: string;
  let workspace;
  if (ownerEmail) {
    const account = await findAccountByEmail(db, ownerEmail);
    if (!account) {
      throw new Refusal(
        `No portal account with the email ${ownerEmail}. Sign up in the portal first (npm run dev, then /signup); the CLI creates no accounts.`,
      );
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
  const { apiKey, key } = await createApiKey(db, { workspaceId: workspace.id, environment, name, expiresAt });
  io.out(line);
  io.out(`Created ${apiKey.environment} key "${apiKey.name}" (${apiKey.id})${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}`);
  io.out("Store it now: it is shown only once.");
  io.out(key);
}
