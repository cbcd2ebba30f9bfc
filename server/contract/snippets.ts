import { toPythonLiteral } from "@/lib/snippets";

/** What a snippet needs of an operation (from the registry or the OpenAPI document). */
export interface SnippetOperation {
  id: string;
  method: string;
  path: string;
  hasBody: boolean;
}

export interface SnippetValues {
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  params?: Record<string, string>;
}

const pythonName = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

function pathWith(op: SnippetOperation, v: SnippetValues): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(v.params?.[k] ?? `<${k}>`));
  const q = new URLSearchParams(Object.entries(v.query ?? {}).map(([k, x]) => [k, String(x)])).toString();
  return q ? `${path}?${q}` : path;
}

/** The input object the SDKs take: path and query parameters and body fields in one object. */
function sdkInput(v: SnippetValues): Record<string, unknown> {
  return { ...(v.params ?? {}), ...(v.query ?? {}), ...((v.body as Record<string, unknown>) ?? {}) };
}

/**
 * Copyable examples of one operation in curl, TypeScript (the SDK) and Python (the client),
 * with the key and server URL from PIO_API_KEY and PIO_URL. e2e/docs.spec.ts runs them.
 */
export function operationSnippets(op: SnippetOperation, v: SnippetValues): { curl: string; typescript: string; python: string } {
  const lines = [`curl -X ${op.method} "$PIO_URL${pathWith(op, v)}"`, `  -H "x-api-key: $PIO_API_KEY"`];
  // The body as a quoted heredoc: pasted JSON needs no shell escaping (an apostrophe in "I'm" included).
  if (op.hasBody) lines.push(`  -H "Content-Type: application/json"`, `  --data-binary @- <<'JSON'`);
  const curl = lines.join(" \\\n") + (op.hasBody ? `\n${JSON.stringify(v.body ?? {}, null, 2)}\nJSON` : "");

  const input = JSON.stringify(sdkInput(v), null, 2);
  const typescript = [
    `import { Pio } from "@pio/sdk";`,
    ``,
    `const pio = new Pio({ apiKey: process.env.PIO_API_KEY, baseUrl: process.env.PIO_URL });`,
    ``,
    `const response = await pio.${op.id}(${input});`,
    `console.log(response);`,
  ].join("\n");

  const python = [
    `from pio import Pio`,
    ``,
    `pio = Pio()  # reads PIO_API_KEY and PIO_URL`,
    ``,
    `response = pio.${pythonName(op.id)}(${toPythonLiteral(sdkInput(v))})`,
    `print(response)`,
  ].join("\n");
  return { curl, typescript, python };
}
