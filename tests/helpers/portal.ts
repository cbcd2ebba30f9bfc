import { getDb, type Database } from "@/db/client";
import { signUp } from "@/server/accounts/service";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/api/trpc";

let counter = 0;

/** A new portal account and a tRPC caller signed in as it. */
export async function portalAccount(name = `Dev ${++counter}`) {
  const db = await getDb();
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${counter}-${Date.now()}@example.com`;
  const account = await signUp(db, { name, email, password: "a long enough password" });
  const user: SessionUser = { id: account.id, email: account.email, name: account.name };
  return { db, account, user, caller: createCaller({ db, session: { user } }) };
}

export type PortalAccount = Awaited<ReturnType<typeof portalAccount>>;

export const anonymousCaller = (db: Database) => createCaller({ db, session: null });

/** A workspace created through onboarding, as the account's owner. */
export async function onboard(a: PortalAccount, name = "Acme") {
  return a.caller.workspace.create({ name, useCase: "Sales automation", region: "us-east-1", timezone: "America/Los_Angeles" });
}
