import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/mcp/route";
import { waitForIdle } from "@/inngest/runner";
import { testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * Issue 10, items 8 and 9, on the MCP transport: tool arguments are the same input as a REST
 * body, so a NUL, a lone surrogate or JSON nested too deep is a tool error carrying the 400
 * envelope that names the argument, never a 500.
 */
const mcpFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = new Request(input, init);
  return req.method === "POST" ? POST(req) : GET(req);
}) as typeof fetch;

let ws: TestWorkspace;
let client: Client;
beforeAll(async () => {
  ws = await testWorkspace();
  client = new Client({ name: "pio-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("http://pio.test/mcp"), { fetch: mcpFetch, requestInit: { headers: { authorization: `Bearer ${ws.keys.sandbox}` } } }),
  );
  const reg = await client.callTool({ name: "register_user", arguments: { user_id: "mcp-hostile" } });
  expect(reg.isError).toBeFalsy();
  await waitForIdle();
});
afterAll(async () => {
  await client.close();
});

const errorOf = (r: unknown) => JSON.parse((r as { content: { text: string }[] }).content[0]!.text).error;

describe("hostile MCP tool arguments", () => {
  it.each([
    ["ingest", { user_id: "mcp-hostile", message_history: [{ role: "user", content: "a\u0000b" }] }, "message_history[0].content"],
    ["register_user", { user_id: "mcp-hostile", traits: { name: "\ud800x" } }, "traits.name"],
    ["get_summary", { user_id: "mcp-hostile", purpose: "x\u0000" }, "purpose"],
    ["get_ingestion", { id: "ing_\u0000" }, "id"],
    ["query_user_profile", { user_id: "mcp-\u0000", question: "food?" }, "user_id"],
    ["get_relevant_chunks", { user_id: "mcp-hostile", history: [{ role: "user", content: "\udc00" }] }, "history[0].content"],
  ])("%s → 400 validation_error naming the argument", async (name, args, field) => {
    const res = await client.callTool({ name, arguments: args as Record<string, unknown> });
    expect(res.isError).toBe(true);
    expect(errorOf(res)).toMatchObject({ code: "validation_error", field });
  });

  it("traits nested 4,100 deep → 400, not a stack overflow", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 4100; i++) deep = { a: deep };
    const res = await client.callTool({ name: "register_user", arguments: { user_id: "mcp-hostile", traits: { x: deep } } });
    expect(res.isError).toBe(true);
    expect(errorOf(res)).toMatchObject({ code: "validation_error", field: expect.stringMatching(/^traits\.x/) });
  });
});
