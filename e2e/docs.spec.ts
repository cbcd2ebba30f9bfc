import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Pio } from "../sdk/typescript/src/index";
import { sandboxKey, snap } from "./support";

/**
 * /docs is rendered from /openapi.json: every operation of the document has its section with
 * parameters, responses, errors and examples; the examples are copyable and run as shown; the
 * page fits a phone.
 */
interface DocOperation {
  id: string;
  method: string;
  path: string;
}

async function documentedOperations(page: Page): Promise<DocOperation[]> {
  const doc = await (await page.request.get("/openapi.json")).json();
  return Object.entries(doc.paths as Record<string, Record<string, { operationId: string; "x-pio-alias-of"?: string }>>).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([, o]) => !o["x-pio-alias-of"])
      .map(([m, o]) => ({ id: o.operationId, method: m.toUpperCase(), path: p })),
  );
}

async function samplesOf(page: Page, id: string): Promise<Record<string, string>> {
  const section = page.locator(`section[data-operation="${id}"]`);
  const out: Record<string, string> = {};
  for (const [label, lang] of [
    ["curl", "curl"],
    ["TypeScript", "typescript"],
    ["Python", "python"],
  ] as const) {
    await section.getByRole("tab", { name: label, exact: true }).click();
    const panel = section.locator(`pre[data-lang="${lang}"]`);
    await expect(panel).toBeVisible();
    out[lang] = await panel.innerText();
  }
  return out;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

test("the API reference documents every operation of /openapi.json, with parameters, responses, errors and examples", async ({ page }) => {
  await page.goto("/docs");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const ops = await documentedOperations(page);
  expect(ops.length).toBeGreaterThanOrEqual(6);
  for (const op of ops) {
    const section = page.locator(`section[data-operation="${op.id}"]`);
    await expect(section.getByRole("heading", { level: 2 })).toContainText(op.path);
    await expect(section.getByRole("heading", { level: 2 })).toContainText(op.method);
    await expect(section.getByRole("heading", { name: "Responses" })).toBeVisible();
    await expect(section.getByRole("list", { name: `${op.method} ${op.path} errors` }).getByText("missing_api_key")).toBeVisible();
    if (op.method === "POST") await expect(section.getByRole("list", { name: `${op.method} ${op.path} request body` })).toBeVisible();
    else await expect(section.getByRole("list", { name: `${op.method} ${op.path} parameters` })).toBeVisible();
  }
  // Fields are documented with types, required marks and constraints.
  const ingestBody = page.getByRole("list", { name: "POST /ingest request body" });
  await expect(ingestBody.locator('[data-field="message_history[].role"]')).toContainText('"user" | "assistant" | "system" | "tool"');
  await expect(ingestBody.locator('[data-field="user_id"]')).toContainText("required");
  await expect(page.locator('section[data-operation="getSummary"] [data-field="max_chars"]')).toContainText("1–20,000");
  // Every error code is listed once, linked from the endpoints.
  await expect(page.locator("#error-rate_limited")).toContainText("429");
  await snap(page, "docs-desktop");
});

test("an example is copied with one click", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/docs");
  const section = page.locator('section[data-operation="getChunks"]');
  await section.getByRole("tab", { name: "Python", exact: true }).click();
  const code = await section.locator('pre[data-lang="python"]').innerText();
  await section.getByRole("button", { name: /Copy the Python example/ }).click();
  await expect(section.getByRole("button", { name: /Copy the Python example/ })).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
});

test("the API reference fits a 390 px phone without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/docs");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Nothing sticks out of the viewport either (long code scrolls inside its own box).
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("main *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest("pre"))
      .map((el) => `${el.tagName}.${(el as HTMLElement).className}`.slice(0, 80)),
  );
  expect(wide).toEqual([]);
  for (const id of ["register", "getChunks"]) {
    const section = page.locator(`section[data-operation="${id}"]`);
    await section.getByRole("tab", { name: "TypeScript", exact: true }).click();
    const overflowAfter = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflowAfter).toBeLessThanOrEqual(0);
  }
  await snap(page, "docs-phone");
});

test("every example on the page runs as shown against this server (curl, TypeScript, Python)", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const key = sandboxKey();
  // The spec's examples name user usr_42af7c and an ingestion: make both exist.
  const pio = new Pio({ apiKey: key, baseUrl: baseURL! });
  await pio.register({ user_id: "usr_42af7c", traits: { name: "Ash Lewis" } });
  await page.goto("/docs");
  const dir = path.resolve(".data/e2e/snippets");
  fs.mkdirSync(dir, { recursive: true });
  const env = { PIO_URL: baseURL!, PIO_API_KEY: key, PYTHONPATH: path.resolve("sdk/python"), PYTHONDONTWRITEBYTECODE: "1" };
  let ingestionId = "";
  // Deletions last (a memory before the user), each language's sample on its own fresh target.
  const rank = (op: DocOperation) => (op.method !== "DELETE" ? 0 : op.path.startsWith("/memories") ? 1 : 2);
  const ops = (await documentedOperations(page)).sort((a, b) => rank(a) - rank(b));
  /** A memory of the spec's user that the examples' `mem_…` id stands for (a new one for each deletion). */
  async function freshMemory(text: string): Promise<string> {
    const ing = await pio.ingest({ user_id: "usr_42af7c", message_history: [{ role: "user", content: text }] });
    await expect.poll(async () => (await pio.getIngestion({ id: ing.ingestion_id })).status, { timeout: 60_000 }).toBe("done");
    const { memories } = await pio.listMemories({ user_id: "usr_42af7c", limit: 100 });
    return memories.find((m) => m.ingestion_id === ing.ingestion_id)!.id;
  }
  let memoryId = "";
  let fresh = 0;
  const INSTRUMENTS = ["cello", "violin", "flute", "drums", "trumpet"];
  for (const op of ops) {
    const samples = await samplesOf(page, op.id);
    const fix = (s: string) => (ingestionId ? s.replace(/ing_7Hq2mXc9PzR4/g, ingestionId) : s).replace(/mem_7Qm2xK9pLw/g, memoryId);
    const target = async (lang: string) => {
      if (op.id === "deleteMemory" || (op.path.startsWith("/memories/") && !memoryId)) memoryId = await freshMemory(`I play the ${INSTRUMENTS[fresh++ % INSTRUMENTS.length]} on ${lang === "curl" ? "Mondays" : lang === "typescript" ? "Tuesdays" : "Fridays"}.`);
      if (op.id === "eraseUser") await pio.register({ user_id: "usr_42af7c", traits: { name: "Ash Lewis" } });
    };
    await target("curl");
    const curl = await run("bash", ["-c", fix(samples.curl!).replace(/^curl /, "curl -sS -w '\\n%{http_code}' ")], env);
    const status = Number(curl.out.trim().split("\n").at(-1));
    expect(status, `curl ${op.id}: ${curl.out}`).toBeGreaterThanOrEqual(200);
    expect(status, `curl ${op.id}: ${curl.out}`).toBeLessThan(300);
    if (op.id === "ingest") ingestionId = JSON.parse(curl.out.trim().split("\n").slice(0, -1).join("\n")).ingestion_id;

    await target("typescript");
    const tsFile = path.join(dir, `${op.id}.ts`);
    fs.writeFileSync(tsFile, fix(samples.typescript!));
    const ts = await run(path.resolve("node_modules/.bin/tsx"), ["--tsconfig", path.resolve("tsconfig.json"), tsFile], env);
    expect(ts.code, `TypeScript ${op.id}: ${ts.out}`).toBe(0);

    await target("python");
    const pyFile = path.join(dir, `${op.id}.py`);
    fs.writeFileSync(pyFile, fix(samples.python!));
    const py = await run("python3", [pyFile], env);
    expect(py.code, `Python ${op.id}: ${py.out}`).toBe(0);
  }
});
