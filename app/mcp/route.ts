import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { handleMcpRequest } from "@/server/mcp/server";

/**
 * MCP over Streamable HTTP. The public-route wrapper authenticates the API key (workspace and
 * environment), rate-limits and logs, exactly as for the REST routes; the MCP server answers
 * in JSON, without sessions, so any instance can serve any request.
 */
export const POST = publicRoute({ route: "/mcp" }, async ({ req, service }) => handleMcpRequest(req, service));

export const GET = methodNotAllowed(["POST"], "/mcp");
export const PUT = methodNotAllowed(["POST"], "/mcp");
export const PATCH = methodNotAllowed(["POST"], "/mcp");
export const DELETE = methodNotAllowed(["POST"], "/mcp");
