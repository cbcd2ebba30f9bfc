import { dispatch } from "@/inngest/dispatch";
import { enrichProfileJob } from "@/inngest/functions/enrich-profile";
import { refreshSummaryJob } from "@/inngest/functions/refresh-summary";
import { env } from "@/server/env";
import { json, methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { registerBody, registerEndUser } from "@/server/users/register";

const register = publicRoute({ route: "/register", body: registerBody }, async ({ db, body, workspace, environment }) => {
  const { user, created } = await registerEndUser(db, { workspaceId: workspace.id, environment }, body);
  // Stage 2 at registration: the profile summary is built in the background.
  await dispatch(refreshSummaryJob, { endUserId: user.id });
  // Stage 1 enrichment of traits.website, when switched on.
  if (env().ENRICH_WEBSITES && body.traits && Object.keys(body.traits).some((k) => /website|homepage|blog|url/i.test(k))) {
    await dispatch(enrichProfileJob, { endUserId: user.id });
  }
  return json({ user_id: user.userId, created_at: user.createdAt.toISOString(), status: "active" }, created ? 201 : 200);
});

export const POST = register;
/** Other versions of the API docs register with PUT. */
export const PUT = register;
export const GET = methodNotAllowed(["POST", "PUT"], "/register");
export const PATCH = methodNotAllowed(["POST", "PUT"], "/register");
export const DELETE = methodNotAllowed(["POST", "PUT"], "/register");
