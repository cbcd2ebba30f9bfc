import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { handleMcpRequest } from "@/server/mcp/server";

/**
 * MCP over Streamable HTTP. The public-route wrapper authenticates the API key (workspace and
 * environment), rate-limits and logs, exactly as for the REST routes; the MCP server answers
 * in JSON, without sessions, so any instance can serve any request.
 */
export const POST = publicRoute({ route: "/mcp" }, async ({ req, db, workspace, environment, requestId, apiKey }) =>
  handleMcpRequest(req, { db, scope: { workspaceId: workspace.id, environment }, requestId, actor: { kind: "api_key", apiKeyId: apiKey.id } }),
);

export const GET = methodNotAllowed(["POST"], "/mcp");
export const PUT = methodNotAllowed(["POST"], "/mcp");
export const PATCH = methodNotAllowed(["POST"], "/mcp");
export const DELETE = methodNotAllowed(["POST"], "/mcp");
