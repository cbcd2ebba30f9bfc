import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { answerQuery, queryBody } from "@/server/profile/query";

export const POST = publicRoute({ route: "/query", body: queryBody }, async ({ db, body, workspace, environment }) =>
  answerQuery(db, { workspaceId: workspace.id, environment }, body),
);

export const GET = methodNotAllowed(["POST"], "/query");
export const PUT = methodNotAllowed(["POST"], "/query");
export const PATCH = methodNotAllowed(["POST"], "/query");
export const DELETE = methodNotAllowed(["POST"], "/query");
