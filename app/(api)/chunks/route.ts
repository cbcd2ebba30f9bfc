import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { retrieveChunks } from "@/server/retrieval/chunks";
import { chunksBody } from "@/server/retrieval/schema";

export const POST = publicRoute({ route: "/chunks", body: chunksBody }, async ({ db, body, workspace, environment }) =>
  retrieveChunks(db, { workspaceId: workspace.id, environment }, body),
);

export const GET = methodNotAllowed(["POST"], "/chunks");
export const PUT = methodNotAllowed(["POST"], "/chunks");
export const PATCH = methodNotAllowed(["POST"], "/chunks");
export const DELETE = methodNotAllowed(["POST"], "/chunks");
