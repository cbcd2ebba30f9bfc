import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { getSummary, summaryQuery } from "@/server/profile/summary-route";

export const GET = publicRoute({ route: "/summary", query: summaryQuery }, async ({ db, query, workspace, environment }) =>
  getSummary(db, { workspaceId: workspace.id, environment }, query),
);

export const POST = methodNotAllowed(["GET"], "/summary");
export const PUT = methodNotAllowed(["GET"], "/summary");
export const PATCH = methodNotAllowed(["GET"], "/summary");
export const DELETE = methodNotAllowed(["GET"], "/summary");
