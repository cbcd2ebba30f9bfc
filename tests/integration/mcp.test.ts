import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { beforeAll, describe, expect, it } from "vitest";
import { POST, GET } from "@/app/mcp/route";
import { SPEC_REGISTER, specChunks, specIngest } from "@/lib/spec-examples";
import { toolInputSchema } from "@/server/contract/openapi";
import { operations } from "@/server/contract/operations";
import { testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * The MCP server through the MCP SDK's own client, with the real /mcp route handler in this
 * process (the same client runs against a production server in e2e/integrations.spec.ts).
 */
const mcpFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = new Request(input, init);
  return req.method === "POST" ? POST(req) : GET(req);
}) as typeof fetch;

async function connect(key: string | null): Promise<Client> {
  const client = new Client({ name: "pio-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL("http://pio.test/mcp"), {
    fetch: mcpFetch,
    requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} },
  });
  await client.connect(transport);
  return client;
}

const parse = (r: unknown) => JSON.parse((r as { content: { text: string }[] }).content[0]!.text);

let ws: TestWorkspace;
beforeAll(async () => {
  ws = await testWorkspace();
});

describe("MCP server at /mcp", () => {
  it("lists the tools with JSON schemas from the same zod schemas as the REST routes", async () => {
    const client = await connect(ws.keys.sandbox);
    expect(client.getServerVersion()?.name).toBe("pio");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "delete_memory",
      "get_ingestion",
      "get_relevant_chunks",
      "get_summary",
      "get_user_profile",
      "ingest",
      "list_memories",
      "query_user_profile",
      "register_user",
      "update_memory",
    ]);
    expect(tools.find((t) => t.name === "delete_memory")!.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
    const chunksTool = tools.find((t) => t.name === "get_relevant_chunks")!;
    expect(chunksTool.inputSchema).toEqual(JSON.parse(JSON.stringify(toolInputSchema(operations.getChunks))));
    expect(chunksTool.inputSchema.required).toEqual(["user_id", "history"]);
    expect(tools.find((t) => t.name === "get_summary")!.inputSchema.properties!.max_chars).toMatchObject({ type: "integer" });
    await client.close();
  });

  it("calls each tool, scoped to the key's workspace and environment", async () => {
    const client = await connect(ws.keys.sandbox);
    const reg = await client.callTool({ name: "register_user", arguments: { ...SPEC_REGISTER, user_id: "mcp-ash" } });
    expect(reg.isError).toBeFalsy();
    expect(reg.structuredContent).toMatchObject({ user_id: "mcp-ash", status: "active" });

    const ing = await client.callTool({ name: "ingest", arguments: specIngest("mcp-ash") });
    const ingestionId = (ing.structuredContent as { ingestion_id: string }).ingestion_id;
    for (let i = 0; ; i++) {
      const st = await client.callTool({ name: "get_ingestion", arguments: { id: ingestionId } });
      if ((st.structuredContent as { status: string }).status === "done") break;
      expect(i).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    const summary = await client.callTool({ name: "get_summary", arguments: { user_id: "mcp-ash", max_chars: 300 } });
    expect((summary.structuredContent as { summary: string }).summary.length).toBeLessThanOrEqual(300);
    const chunks = await client.callTool({ name: "get_relevant_chunks", arguments: specChunks("mcp-ash") });
    expect(parse(chunks).chunks.some((c: { text: string }) => /sushi/i.test(c.text))).toBe(true);
    const answer = await client.callTool({ name: "query_user_profile", arguments: { user_id: "mcp-ash", question: "What does the user like to eat?" } });
    expect(answer.isError).toBeFalsy();
    expect((answer.structuredContent as { answer: string }).answer).toMatch(/sushi/i);

    // Review and correct what Pio remembers: list, update, delete.
    const listed = parse(await client.callTool({ name: "list_memories", arguments: { user_id: "mcp-ash", status: "current" } }));
    const sushi = listed.memories.find((m: { text: string }) => /sushi/i.test(m.text));
    expect(sushi).toBeDefined();
    const updated = await client.callTool({ name: "update_memory", arguments: { id: sushi.id, text: "Ash loves sushi and ramen" } });
    expect(updated.isError).toBeFalsy();
    expect((updated.structuredContent as { text: string }).text).toBe("Ash loves sushi and ramen");
    const deleted = await client.callTool({ name: "delete_memory", arguments: { id: sushi.id } });
    expect(deleted.structuredContent).toMatchObject({ id: sushi.id, deleted: true });
    const gone = await client.callTool({ name: "delete_memory", arguments: { id: sushi.id } });
    expect(parse(gone).error).toMatchObject({ code: "memory_not_found" });

    // The live key of the same workspace does not see the sandbox user.
    const live = await connect(ws.keys.live);
    const other = await live.callTool({ name: "get_summary", arguments: { user_id: "mcp-ash" } });
    expect(other.isError).toBe(true);
    expect(parse(other).error).toMatchObject({ code: "user_not_found", field: "user_id", request_id: expect.stringMatching(/^req_/) });
    await live.close();
    await client.close();
  });

  it("answers bad arguments with the REST error envelope, naming the field", async () => {
    const client = await connect(ws.keys.sandbox);
    const bad = await client.callTool({ name: "get_relevant_chunks", arguments: { user_id: "mcp-ash", history: [], k: 6 } });
    expect(bad.isError).toBe(true);
    expect(parse(bad).error).toMatchObject({ code: "validation_error", field: "history" });
    const badQuery = await client.callTool({ name: "get_summary", arguments: { user_id: "mcp-ash", max_chars: -3 } });
    expect(parse(badQuery).error).toMatchObject({ code: "validation_error", field: "max_chars" });
    await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(/Unknown tool/);
    await client.close();
  });

  it("refuses a request without a valid key with 401 in the envelope", async () => {
    await expect(connect(null)).rejects.toThrow(/401|missing_api_key/);
    await expect(connect("pio_sk_test_nope")).rejects.toThrow(/401|invalid_api_key/);
    const res = await POST(new Request("http://pio.test/mcp", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("missing_api_key");
  });
});
