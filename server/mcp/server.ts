import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ErrorCode as RpcErrorCode, ListToolsRequestSchema, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type { AnyOperation } from "@/server/contract/define";
import { jsonSchemaOf } from "@/server/contract/json-schema";
import { API_VERSION, toolInputSchema } from "@/server/contract/openapi";
import { operationList } from "@/server/contract/operations";
import { invokeOperation } from "@/server/contract/run";
import type { ServiceContext } from "@/server/service/context";
import { MAX_BODY_BYTES } from "@/server/http/body";
import { errorBody, isExpectedError, toApiError } from "@/server/http/errors";
import { logError } from "@/server/lib/log";

const INSTRUCTIONS = `Pio remembers the people your agent serves. Register a user once (register_user), send what they
say and write (ingest), start each session with their profile summary (get_summary), ground every turn
with context relevant to the conversation (get_relevant_chunks), and ask questions about them when the
context is not enough (query_user_profile). Every tool takes the user's user_id.`;

/** The MCP tools: every registry operation with an `mcp` entry, its schemas from the same zod schemas. */
export function mcpTools(): { tool: Tool; op: AnyOperation }[] {
  return operationList
    .filter((op) => op.mcp)
    .map((op) => {
      const readOnly = op.method === "GET" || op.id === "getChunks";
      return {
        op,
        tool: {
          name: op.mcp!.tool,
          title: op.mcp!.title,
          description: `${op.mcp!.description}\n\nSame as ${op.method} ${op.path} of the REST API: ${op.summary.toLowerCase()}.`,
          inputSchema: toolInputSchema(op) as Tool["inputSchema"],
          outputSchema: jsonSchemaOf(op.responses[0].schema, "output") as Tool["outputSchema"],
          annotations: { title: op.mcp!.title, readOnlyHint: readOnly, destructiveHint: false, idempotentHint: readOnly || op.id === "register", openWorldHint: false },
        },
      };
    });
}

/**
 * One MCP server per request (stateless), bound to the key's workspace and environment. A tool
 * call runs the same operation as the REST route, validated by the same schemas; errors come
 * back as tool errors carrying the REST error envelope.
 */
export function createMcpServer(ctx: ServiceContext): Server {
  const server = new Server({ name: "pio", title: "Pio", version: API_VERSION }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const tools = mcpTools();
  const byName = new Map(tools.map((t) => [t.tool.name, t.op]));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools.map((t) => t.tool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const op = byName.get(request.params.name);
    if (!op) throw new McpError(RpcErrorCode.InvalidParams, `Unknown tool: ${request.params.name}. Tools: ${[...byName.keys()].join(", ")}.`);
    try {
      const out = await invokeOperation(op, ctx, (request.params.arguments ?? {}) as Record<string, unknown>);
      const body = out.body as Record<string, unknown>;
      return { content: [{ type: "text" as const, text: JSON.stringify(body) }], structuredContent: body };
    } catch (e) {
      const err = toApiError(e, ctx.requestId);
      if (!isExpectedError(e)) logError(`[pio] ${ctx.requestId} MCP ${request.params.name} failed:`, e);
      return { isError: true, content: [{ type: "text" as const, text: JSON.stringify(errorBody(err, ctx.requestId)) }] };
    }
  });
  return server;
}

/** Answers one Streamable HTTP request (JSON responses, no session). */
export async function handleMcpRequest(req: Request, ctx: ServiceContext): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  const server = createMcpServer(ctx);
  await server.connect(transport);
  try {
    return await transport.handleRequest(req);
  } finally {
    await server.close();
  }
}
