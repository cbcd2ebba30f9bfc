/**
 * npm run key:create -- --name NAME --workspace WORKSPACE --env sandbox|live [--expires-in-days N]
 * Finds or creates the workspace by name, creates a key, and prints the key alone on the
 * last line of stdout (so `| tail -n1` captures it).
 */
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { DatabaseLockedError } from "@/db/lock";
import { EnvError } from "@/server/env";
import { createApiKey } from "@/server/keys/service";
import { findOrCreateWorkspace } from "@/server/workspaces/service";

const usage = "usage: npm run key:create -- --name NAME --workspace WORKSPACE --env sandbox|live [--expires-in-days N]";

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
        "expires-in-days": { type: "string" },
      },
      strict: true,
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${usage}`);
  }
  const name = values.name?.trim();
  const workspaceName = values.workspace?.trim();
  if (!name) fail(`--name is required\n${usage}`);
  if (!workspaceName) fail(`--workspace is required\n${usage}`);
  if (values.env !== "sandbox" && values.env !== "live") fail(`--env must be sandbox or live, got "${values.env}"`);
  let expiresAt: Date | null = null;
  if (values["expires-in-days"] !== undefined) {
    const days = Number(values["expires-in-days"]);
    if (!Number.isFinite(days) || days <= 0) fail("--expires-in-days must be a positive number");
    expiresAt = new Date(Date.now() + days * 86_400_000);
  }

  try {
    const db = await getDb();
    const { workspace, created } = await findOrCreateWorkspace(db, workspaceName);
    const { apiKey, key } = await createApiKey(db, { workspaceId: workspace.id, environment: values.env, name, expiresAt });
    console.log(`${created ? "Created" : "Using"} workspace "${workspace.name}" (${workspace.id})`);
    console.log(`Created ${apiKey.environment} key "${apiKey.name}" (${apiKey.id})${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}`);
    console.log("Store it now: it is shown only once.");
    console.log(key);
  } catch (e) {
    if (e instanceof DatabaseLockedError || e instanceof EnvError) fail(e.message);
    throw e;
  } finally {
    await closeDb().catch(() => {});
  }
}

await main();
