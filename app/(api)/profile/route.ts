import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { getProfile, profileQuery } from "@/server/profile/profile-route";

export const GET = publicRoute({ route: "/profile", query: profileQuery }, async ({ db, query, workspace, environment }) =>
  getProfile(db, { workspaceId: workspace.id, environment }, query),
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = methodNotAllowed(["GET"]);
export const PATCH = methodNotAllowed(["GET"]);
export const DELETE = methodNotAllowed(["GET"]);
