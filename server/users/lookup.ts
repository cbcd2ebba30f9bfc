import { DomainError } from "@/server/service/errors";
import type { ServiceContext } from "@/server/service/context";
import type { EndUser } from "@/db/schema";
import { findEndUser } from "./register";

/** The end user of the context's workspace and environment, or `user_not_found`. */
export async function requireUser(ctx: Pick<ServiceContext, "db" | "scope">, userId: string): Promise<EndUser> {
  const user = await findEndUser(ctx.db, ctx.scope, userId);
  if (!user) throw new DomainError("not_found", "user_not_found", `No user with user_id \`${userId}\` in this environment.`, "user_id");
  return user;
}
