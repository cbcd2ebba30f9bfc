import fs from "node:fs";
import path from "node:path";
import { balancedEnd } from "@/server/ai/llm";

/**
 * The request examples of the API contract, read verbatim from ../shared/spec (never copied
 * into the repo): the tests send exactly what the spec shows.
 */
const specPath = path.resolve(
  process.env.PIO_SHARED_DIR ?? path.resolve(import.meta.dirname, "../../../shared"),
  "spec/personalization-api.md",
);

function specText(): string {
  if (!fs.existsSync(specPath)) throw new Error(`The API spec is expected at ${specPath} (../shared beside the repo).`);
  return fs.readFileSync(specPath, "utf8");
}

/** The balanced {...} block that starts at or after `from`. */
function jsonBlockAfter(text: string, from: number): string {
  const start = text.indexOf("{", from);
  const end = start < 0 ? -1 : balancedEnd(text, start);
  if (end < 0) throw new Error(`unbalanced JSON block in the spec at ${start}`);
  return text.slice(start, end);
}

/** The raw text of the "Request:" example under "Endpoint: METHOD /path". */
export function specRequest(endpoint: "POST /register" | "POST /ingest" | "POST /chunks" | "POST /query"): string {
  const text = specText();
  const at = text.indexOf(`Endpoint: ${endpoint}`);
  if (at < 0) throw new Error(`"Endpoint: ${endpoint}" not found in the spec`);
  return jsonBlockAfter(text, text.indexOf("Request:", at));
}

/** The raw text of the "Response:" example under "Endpoint: METHOD /path". */
export function specResponse(endpoint: "POST /register" | "POST /ingest" | "GET /summary" | "POST /chunks" | "POST /query"): string {
  const text = specText();
  const at = text.indexOf(`Endpoint: ${endpoint}`);
  if (at < 0) throw new Error(`"Endpoint: ${endpoint}" not found in the spec`);
  return jsonBlockAfter(text, text.indexOf("Response:", at));
}

/** The body of the spec's curl example (`-d '…'`). */
export function specCurlBody(): string {
  const m = specText().match(/curl -X POST [^\n]*\/register[\s\S]*?-d '([^']*)'/);
  if (!m) throw new Error("the curl example was not found in the spec");
  return m[1]!;
}

/** The query string of the spec's GET /summary request line. */
export function specSummaryQuery(): string {
  const m = specText().match(/GET (\/summary\?[^\s]+)/);
  if (!m) throw new Error("the GET /summary example was not found in the spec");
  return m[1]!;
}
