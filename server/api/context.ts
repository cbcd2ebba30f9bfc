import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { auth } from "@/server/auth";
import { publicOrigin } from "@/server/http/origin";
import { randomBase58 } from "@/server/lib/base58";
import type { Context } from "./trpc";

/** The tRPC context of an HTTP request: the database, the signed-in account if any, the origin. */
export async function createTRPCContext(): Promise<Context> {
  const session = await auth();
  const user = session?.user?.id
    ? { id: session.user.id, email: session.user.email ?? "", name: session.user.name, emailVerified: session.user.verifiedEmail }
    : null;
  return { db: await getDb(), session: user ? { user } : null, origin: publicOrigin(await headers()), requestId: `req_${randomBase58(12)}` };
}
