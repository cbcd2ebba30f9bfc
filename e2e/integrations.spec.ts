import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { NotFoundError, Pio } from "../sdk/typescript/src/index";
import { SPEC_REGISTER, specChunks, specIngest, specQuery } from "../lib/spec-examples";
import { sandboxKey } from "./support";

/**
 * The integrations against the production server that Playwright started: the OpenAPI
 * document, the TypeScript SDK, the Python client (with the spec's restaurant agent) and the
 * MCP server through the MCP SDK's own client.
 */
function run(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

test.describe("integrations on the production server", () => {
  test("/openapi.json is served, OpenAPI 3.1, with every operation and error code", async ({ request }) => {
    const res = await request.get("/openapi.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["access-control-allow-origin"]).toBe("*");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([p, item]) =>
      Object.entries(item).map(([m, o]) => `${m.toUpperCase()} ${p} ${o.operationId}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        "POST /register register",
        "PUT /register registerPut",
        "POST /ingest ingest",
        "GET /ingestions/{id} getIngestion",
        "GET /summary getSummary",
        "POST /chunks getChunks",
        "POST /query query",
      ]),
    );
    expect(Object.keys(doc["x-error-codes"])).toEqual(expect.arrayContaining(["validation_error", "rate_limited", "user_not_found"]));
  });

  test("the TypeScript SDK runs the Quick Start and throws typed errors", async ({ baseURL }) => {
    const pio = new Pio({ apiKey: sandboxKey(), baseUrl: baseURL! });
    const userId = `ts-sdk-${Date.now()}`;
    expect((await pio.register({ ...SPEC_REGISTER, email: `${userId}@example.com`, user_id: userId })).user_id).toBe(userId);
    const ing = await pio.ingest(specIngest(userId));
    expect((await pio.waitForIngestion(ing.ingestion_id)).status).toBe("done");
    const summary = await pio.getSummary({ user_id: userId, max_chars: 1000 });
    expect(summary.summary.length).toBeGreaterThan(0);
    const chunks = await pio.getChunks(specChunks(userId));
    expect(chunks.chunks.some((c) => /sushi/i.test(c.text))).toBe(true);
    expect(typeof (await pio.query(specQuery(userId))).answer).toBe("string");
    const err = await pio.getSummary({ user_id: `${userId}-nobody` }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, code: "user_not_found", field: "user_id", requestId: expect.stringMatching(/^req_/) });
  });

  test("the Python client and the spec's restaurant agent pass against this server", async ({ baseURL }) => {
    test.setTimeout(180_000);
    const res = await run("python3", ["-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v"], {
      cwd: path.resolve("sdk/python"),
      env: { PIO_URL: baseURL!, PIO_API_KEY: sandboxKey(), PYTHONDONTWRITEBYTECODE: "1" },
    });
    console.log(res.out.split("\n").filter((l) => / \.\.\. |^Ran |^OK|FAILED/.test(l)).join("\n"));
    expect(res.code, res.out).toBe(0);
    expect(res.out).toMatch(/^OK$/m);
    expect(res.out).not.toMatch(/skipped/);
    expect(res.out).toMatch(/test_the_spec_functions_work_end_to_end .* ok/);
  });

  test("an MCP client lists Pio's tools and calls each", async ({ baseURL }) => {
    const client = new Client({ name: "pio-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", baseURL), { requestInit: { headers: { "x-api-key": sandboxKey() } } }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "register_user",
      "ingest",
      "get_ingestion",
      "get_summary",
      "get_user_profile",
      "get_relevant_chunks",
      "query_user_profile",
      "list_memories",
      "update_memory",
      "delete_memory",
    ]);
    for (const t of tools) {
      expect(t.description).toBeTruthy();
      expect(t.inputSchema.type).toBe("object");
      expect(t.outputSchema?.type).toBe("object");
    }
    const userId = `mcp-${Date.now()}`;
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await client.callTool({ name, arguments: args });
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).toBeFalsy();
      return r.structuredContent as Record<string, any>;
    };
    expect((await call("register_user", { user_id: userId, traits: { name: "Ash Lewis" } })).user_id).toBe(userId);
    const ing = await call("ingest", specIngest(userId));
    await expect.poll(async () => (await call("get_ingestion", { id: ing.ingestion_id })).status, { timeout: 60_000 }).toBe("done");
    expect((await call("get_summary", { user_id: userId, max_chars: 400 })).summary.length).toBeLessThanOrEqual(400);
    expect((await call("get_relevant_chunks", specChunks(userId))).chunks.some((c: { text: string }) => /sushi/i.test(c.text))).toBe(true);
    expect((await call("query_user_profile", { user_id: userId, question: "What food does the user like?" })).answer).toMatch(/sushi/i);
    const { memories } = await call("list_memories", { user_id: userId });
    expect(memories.some((m: { text: string }) => /sushi/i.test(m.text))).toBe(true);
    expect((await call("update_memory", { id: memories[0].id, text: "Ash loves ramen" })).text).toBe("Ash loves ramen");
    expect((await call("delete_memory", { id: memories[0].id })).deleted).toBe(true);
    await client.close();

    const anonymous = new Client({ name: "pio-e2e", version: "1.0.0" });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL("/mcp", baseURL)))).rejects.toThrow();
  });

  test("the MCP configuration the README shows connects to this server", async ({ baseURL }) => {
    const readme = fs.readFileSync("README.md", "utf8");
    const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"mcpServers"'));
    expect(block, "README has an mcpServers block").toBeDefined();
    const server = JSON.parse(block!).mcpServers.pio as { type: string; url: string; headers: Record<string, string> };
    expect(server.type).toBe("http");
    const url = new URL(new URL(server.url).pathname, baseURL);
    const headers = Object.fromEntries(Object.entries(server.headers).map(([k, v]) => [k, v.replace(/pio_sk_test_…/, sandboxKey())]));
    const client = new Client({ name: "readme", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
    expect((await client.listTools()).tools.length).toBeGreaterThanOrEqual(5);
    await client.close();
  });
});
