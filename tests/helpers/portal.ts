import { eq } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { accounts } from "@/db/schema";
import { signUp } from "@/server/accounts/service";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/api/trpc";

let counter = 0;

/**
 * A new portal account and a tRPC caller signed in as it. Its email counts as verified unless
 * `verified: false` (the verification flow itself is tested in portal-email-verification).
 */
export async function portalAccount(name = `Dev ${++counter}`, opts: { verified?: boolean } = {}) {
  const db = await getDb();
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${counter}-${Date.now()}@example.com`;
  const account = await signUp(db, { name, email, password: "a long enough password" });
  if (opts.verified !== false) await db.update(accounts).set({ emailVerifiedAt: new Date() }).where(eq(accounts.id, account.id));
  const user: SessionUser = { id: account.id, email: account.email, name: account.name };
  return { db, account, user, caller: createCaller({ db, session: { user } }) };
}

export type PortalAccount = Awaited<ReturnType<typeof portalAccount>>;

export const anonymousCaller = (db: Database) => createCaller({ db, session: null });

/** A workspace created through onboarding, as the account's owner. */
export async function onboard(a: PortalAccount, name = "Acme") {
  return a.caller.workspace.create({ name, useCase: "Sales automation", region: "us-east-1", timezone: "America/Los_Angeles" });
}
