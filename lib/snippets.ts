/**
 * "Copy as curl / Python / TypeScript" for a playground request: the same method, URL,
 * headers and body the playground sends.
 */
export interface SnippetRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Already-serialized JSON, or undefined for GET. */
  body?: string;
}

/** The body of the spec's curl example. */
export const SPEC_CURL_BODY = '{"email": "me@pioneer.ai", "traits": {"name": "John Doe"}}';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlSnippet(r: SnippetRequest): string {
  const lines = [`curl -X ${r.method} ${shellQuote(r.url)}`];
  for (const [k, v] of Object.entries(r.headers)) lines.push(`  -H ${shellQuote(`${k}: ${v}`)}`);
  if (r.body !== undefined) lines.push(`  -d ${shellQuote(compactJson(r.body))}`);
  return lines.join(" \\\n");
}

function compactJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return body;
  }
}

/** JSON text as a Python literal: true/false/null become True/False/None outside strings. */
export function toPythonLiteral(value: unknown, indent = 0): string {
  const pad = "    ".repeat(indent + 1);
  const end = "    ".repeat(indent);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => pad + toPythonLiteral(v, indent + 1)).join(",\n")},\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${toPythonLiteral(v, indent + 1)}`).join(",\n")},\n${end}}`;
}

export function pythonSnippet(r: SnippetRequest): string {
  const url = new URL(r.url, "http://localhost");
  const params = [...url.searchParams.entries()];
  const base = url.origin + url.pathname;
  const lines = ["import requests", "", `response = requests.${r.method.toLowerCase()}(`, `    ${JSON.stringify(base)},`];
  lines.push(`    headers=${toPythonLiteral(r.headers, 1)},`);
  if (params.length) lines.push(`    params=${toPythonLiteral(Object.fromEntries(params), 1)},`);
  if (r.body !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.body);
      lines.push(`    json=${toPythonLiteral(parsed, 1)},`);
    } catch {
      lines.push(`    data=${JSON.stringify(r.body)},`);
    }
  }
  lines.push(")", "print(response.status_code, response.json())");
  return lines.join("\n");
}

export function typescriptSnippet(r: SnippetRequest): string {
  const headers = JSON.stringify(r.headers, null, 2).replace(/\n/g, "\n  ");
  const lines = [`const response = await fetch(${JSON.stringify(r.url)}, {`, `  method: ${JSON.stringify(r.method)},`, `  headers: ${headers},`];
  if (r.body !== undefined) {
    let pretty = r.body;
    try {
      pretty = JSON.stringify(JSON.parse(r.body), null, 2);
    } catch {
      /* send as typed */
    }
    lines.push(`  body: JSON.stringify(${pretty.replace(/\n/g, "\n  ")}),`);
  }
  lines.push("});", "console.log(response.status, await response.json());");
  return lines.join("\n");
}
