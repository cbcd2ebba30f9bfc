/**
 * Test helper for the CLI tests, run as its own process on the CLI's database folder (an
 * embedded database is open in one process at a time):
 *   signup EMAIL          creates a portal account (password "a long enough password")
 *   memberships EMAIL     prints the account's workspaces as JSON: [{ name, role }]
 *   workspaces NAME       prints how many workspaces have that name
 */
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { workspaces } from "@/db/schema";
import { findAccountByEmail, signUp } from "@/server/accounts/service";
import { listWorkspacesForAccount } from "@/server/workspaces/service";

const [command, arg] = process.argv.slice(2);
const db = await getDb();
try {
  if (command === "signup") {
    console.log((await signUp(db, { email: arg!, password: "a long enough password" })).id);
  } else if (command === "memberships") {
    const account = await findAccountByEmail(db, arg!);
    const list = account ? await listWorkspacesForAccount(db, account.id) : [];
    console.log(JSON.stringify(list.map((m) => ({ name: m.workspace.name, role: m.role }))));
  } else if (command === "workspaces") {
    console.log((await db.select().from(workspaces).where(eq(workspaces.name, arg!))).length);
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await closeDb();
}
