import type { EndUser } from "@/db/schema";
import { enrichProfileJob } from "@/inngest/functions/enrich-profile";
import { refreshSummaryJob } from "@/inngest/functions/refresh-summary";
import { env } from "@/server/env";
import type { ServiceContext } from "@/server/service/context";
import { registerEndUser, type RegisterInput } from "./register";

const WEBSITE_TRAIT = /website|homepage|blog|url/i;

/**
 * Registers (or merges) an end user and starts what follows a registration: Stage 2 builds the
 * profile summary in the background and, when switched on, Stage 1 reads the user's website.
 */
export async function registerUser(ctx: ServiceContext, input: RegisterInput): Promise<{ user: EndUser; created: boolean }> {
  const registered = await registerEndUser(ctx.db, ctx.scope, input);
  const endUserId = registered.user.id;
  await ctx.jobs.send(refreshSummaryJob, { endUserId });
  if (env().ENRICH_WEBSITES && input.traits && Object.keys(input.traits).some((k) => WEBSITE_TRAIT.test(k))) {
    await ctx.jobs.send(enrichProfileJob, { endUserId });
  }
  return registered;
}
