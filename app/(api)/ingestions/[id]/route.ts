import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { getIngestionStatus } from "@/server/ingest/status";

export const GET = publicRoute({ route: "/ingestions/:id" }, async ({ db, params, workspace, environment }) =>
  getIngestionStatus(db, { workspaceId: workspace.id, environment }, params.id ?? ""),
);

export const POST = methodNotAllowed(["GET"], "/ingestions/:id");
export const PUT = methodNotAllowed(["GET"], "/ingestions/:id");
export const PATCH = methodNotAllowed(["GET"], "/ingestions/:id");
export const DELETE = methodNotAllowed(["GET"], "/ingestions/:id");
