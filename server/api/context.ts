import { getDb } from "@/db/client";
import { auth } from "@/server/auth";
import type { Context } from "./trpc";

/** The tRPC context of an HTTP request: the database and the signed-in account, if any. */
export async function createTRPCContext(): Promise<Context> {
  const session = await auth();
  const user = session?.user?.id ? { id: session.user.id, email: session.user.email ?? "", name: session.user.name } : null;
  return { db: await getDb(), session: user ? { user } : null };
}
