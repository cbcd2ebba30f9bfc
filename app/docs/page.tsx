import type { Metadata } from "next";
import { CodeTabs } from "@/components/docs/code-tabs";
import { Md } from "@/components/docs/markdown";
import { constraintsOf, FieldList, flattenFields, typeLabel, type FieldRow } from "@/components/docs/schema-fields";
import { SiteHeader } from "@/components/site-header";
import { CodeBlock } from "@/components/ui/copy-button";
import { buildOpenApiDocument } from "@/server/contract/openapi";
import { operationSnippets } from "@/server/contract/snippets";

export const metadata: Metadata = { title: "API reference" };

type Schema = { [k: string]: unknown };
interface Parameter {
  name: string;
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: Schema;
  example?: string | number | boolean;
}

interface Endpoint {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  parameters: Parameter[];
  body?: { schema: Schema; example: unknown };
  responses: { status: string; description: string; schema?: Schema; example?: unknown; codes?: string[] }[];
  alias?: string;
  mcpTool?: string;
}

/** The endpoints of the OpenAPI document, aliases folded into the operation they alias. */
function endpointsOf(doc: Schema): Endpoint[] {
  const out: Endpoint[] = [];
  const aliases: { of: string; method: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, o] of Object.entries(item)) {
      if (o["x-pio-alias-of"]) {
        aliases.push({ of: o["x-pio-alias-of"] as string, method: method.toUpperCase() });
        continue;
      }
      const content = (x: unknown) => (x as { content?: Record<string, { schema?: Schema; example?: unknown }> } | undefined)?.content?.["application/json"];
      const body = content(o.requestBody);
      out.push({
        id: o.operationId as string,
        method: method.toUpperCase(),
        path,
        summary: o.summary as string,
        description: o.description as string,
        tag: (o.tags as string[])[0]!,
        parameters: (o.parameters ?? []) as Parameter[],
        body: body ? { schema: body.schema!, example: body.example } : undefined,
        responses: Object.entries(o.responses as Record<string, Schema>).map(([status, r]) => ({
          status,
          description: r.description as string,
          schema: content(r)?.schema,
          example: content(r)?.example,
          codes: r["x-error-codes"] as string[] | undefined,
        })),
        mcpTool: o["x-mcp-tool"] as string | undefined,
      });
    }
  }
  for (const a of aliases) {
    const e = out.find((x) => x.id === a.of);
    if (e) e.alias = `${a.method} ${e.path}`;
  }
  return out;
}

const METHOD_TONE: Record<string, string> = {
  GET: "bg-emerald-50 text-emerald-700",
  POST: "bg-brand-50 text-brand-700",
  PUT: "bg-amber-50 text-amber-700",
  PATCH: "bg-amber-50 text-amber-700",
  DELETE: "bg-rose-50 text-rose-700",
};

function MethodBadge({ method }: { method: string }) {
  return <span className={`shrink-0 rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_TONE[method] ?? "bg-slate-100"}`}>{method}</span>;
}

function paramRows(params: Parameter[]): FieldRow[] {
  return params.map((p) => ({
    path: p.name,
    depth: 0,
    type: `${typeLabel(p.schema)} · in ${p.in}`,
    required: p.required,
    description: p.description,
    constraints: constraintsOf(p.schema),
  }));
}

function EndpointSection({ e, doc }: { e: Endpoint; doc: Schema }) {
  const query = Object.fromEntries(e.parameters.filter((p) => p.in === "query" && p.example !== undefined).map((p) => [p.name, p.example!]));
  const params = Object.fromEntries(e.parameters.filter((p) => p.in === "path" && p.example !== undefined).map((p) => [p.name, String(p.example)]));
  const snippets = operationSnippets({ id: e.id, method: e.method, path: e.path, hasBody: Boolean(e.body) }, { body: e.body?.example, query, params });
  const success = e.responses.filter((r) => r.status.startsWith("2"));
  const errors = e.responses.filter((r) => !r.status.startsWith("2"));
  const title = `${e.method} ${e.path}`;
  return (
    <section id={e.id} aria-labelledby={`${e.id}-title`} className="scroll-mt-6 border-t border-slate-200 py-10" data-operation={e.id}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{e.tag}</p>
      <h2 id={`${e.id}-title`} className="mt-1 flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-xl font-semibold">
        <MethodBadge method={e.method} />
        <code className="break-all font-mono">{e.path}</code>
      </h2>
      <p className="mt-1 text-lg text-slate-800">{e.summary}</p>
      <Md text={e.description} className="mt-2 max-w-3xl text-slate-600" />
      {(e.alias || e.mcpTool) && (
        <p className="mt-2 text-sm text-slate-500">
          {e.alias && (
            <>
              Also answers <code className="font-mono">{e.alias}</code>.{" "}
            </>
          )}
          {e.mcpTool && (
            <>
              MCP tool: <code className="font-mono">{e.mcpTool}</code>.
            </>
          )}
        </p>
      )}

      <div className="mt-6 grid min-w-0 gap-8 xl:grid-cols-2">
        <div className="min-w-0 space-y-6">
          {e.parameters.length > 0 && (
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Parameters</h3>
              <FieldList rows={paramRows(e.parameters)} label={`${title} parameters`} />
            </div>
          )}
          {e.body && (
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Request body</h3>
              <FieldList rows={flattenFields(e.body.schema, doc)} label={`${title} request body`} />
            </div>
          )}
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Responses</h3>
            <ul className="space-y-1 text-sm text-slate-700">
              {success.map((r) => (
                <li key={r.status}>
                  <span className="font-mono font-medium text-emerald-700">{r.status}</span> {r.description}
                </li>
              ))}
            </ul>
            {success[0]?.schema && (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer select-none font-medium text-slate-600 hover:text-slate-900">Response fields</summary>
                <div className="mt-2">
                  <FieldList rows={flattenFields(success[0].schema, doc)} label={`${title} response fields`} />
                </div>
              </details>
            )}
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Errors</h3>
            <ul className="space-y-1.5 text-sm text-slate-600" aria-label={`${title} errors`}>
              {errors.map((r) => (
                <li key={r.status} className="break-words">
                  <span className="font-mono font-medium text-rose-700">{r.status}</span>{" "}
                  {(r.codes ?? []).map((c, i) => (
                    <span key={c}>
                      {i > 0 && ", "}
                      <a href={`#error-${c}`} className="font-mono text-slate-800 underline decoration-slate-300 underline-offset-2 hover:decoration-slate-600">
                        {c}
                      </a>
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div className="min-w-0 space-y-4">
          <CodeTabs
            title={title}
            samples={[
              { lang: "curl", label: "curl", code: snippets.curl },
              { lang: "typescript", label: "TypeScript", code: snippets.typescript },
              { lang: "python", label: "Python", code: snippets.python },
            ]}
          />
          {success[0]?.example !== undefined && <CodeBlock code={JSON.stringify(success[0].example, null, 2)} label={`${title} response example`} />}
        </div>
      </div>
    </section>
  );
}

const MCP_CONFIG = `{
  "mcpServers": {
    "pio": {
      "type": "http",
      "url": "http://localhost:3000/mcp",
      "headers": { "x-api-key": "pio_sk_test_…" }
    }
  }
}`;

export default function DocsPage() {
  const doc = buildOpenApiDocument();
  const endpoints = endpointsOf(doc);
  const codes = Object.entries(doc["x-error-codes"] as Record<string, { status: number; description: string }>);
  return (
    <>
      <SiteHeader />
      <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6 lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-10">
        <nav aria-label="API reference" className="mb-8 lg:mb-0">
          <div className="lg:sticky lg:top-6">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Endpoints</p>
            <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-1">
              {endpoints.map((e) => (
                <li key={e.id}>
                  <a href={`#${e.id}`} className="flex min-w-0 items-center gap-2 rounded px-1.5 py-1 hover:bg-slate-100">
                    <MethodBadge method={e.method} />
                    <span className="truncate font-mono text-xs text-slate-700">{e.path}</span>
                  </a>
                </li>
              ))}
            </ul>
            <ul className="mt-4 space-y-1 text-sm text-slate-600">
              <li>
                <a href="#authentication" className="hover:text-slate-900">Authentication</a>
              </li>
              <li>
                <a href="#errors" className="hover:text-slate-900">Errors</a>
              </li>
              <li>
                <a href="#sdks" className="hover:text-slate-900">SDKs and MCP</a>
              </li>
              <li>
                <a href="/openapi.json" className="hover:text-slate-900">openapi.json</a>
              </li>
            </ul>
          </div>
        </nav>
        <main className="min-w-0">
          <h1 className="text-3xl font-semibold tracking-tight">API reference</h1>
          <p className="mt-3 max-w-3xl text-slate-600">
            Every endpoint of the Pio API, generated from its OpenAPI 3.1 document (
            <a href="/openapi.json" className="font-mono text-brand-700 underline underline-offset-2">
              /openapi.json
            </a>
            ): feed it to any OpenAPI tool. The examples read the server URL and your key from <code className="font-mono">PIO_URL</code> and{" "}
            <code className="font-mono">PIO_API_KEY</code>.
          </p>
          <CodeBlock className="mt-4 max-w-3xl" code={`export PIO_URL=http://localhost:3000\nexport PIO_API_KEY=pio_sk_test_…`} label="environment" />

          <section id="authentication" aria-labelledby="auth-title" className="mt-10 scroll-mt-6">
            <h2 id="auth-title" className="text-xl font-semibold">Authentication</h2>
            <p className="mt-2 max-w-3xl text-slate-600">
              Send your key in the <code className="font-mono">x-api-key</code> header (or <code className="font-mono">Authorization: Bearer</code>).
              Keys starting with <code className="font-mono">pio_sk_test_</code> reach your sandbox; <code className="font-mono">pio_sk_live_</code>{" "}
              keys reach live data. The two never mix: a user registered with one is not found with the other.
            </p>
          </section>

          <section id="errors" aria-labelledby="errors-title" className="mt-10 scroll-mt-6">
            <h2 id="errors-title" className="text-xl font-semibold">Errors</h2>
            <p className="mt-2 max-w-3xl text-slate-600">
              Every error has one shape, and every response an <code className="font-mono">x-request-id</code> header.{" "}
              <code className="font-mono">field</code> names the input at fault. Retry <code className="font-mono">429</code> (after{" "}
              <code className="font-mono">Retry-After</code> seconds) and <code className="font-mono">5xx</code> with backoff; the SDKs do.
            </p>
            <CodeBlock
              className="mt-3 max-w-3xl"
              label="error envelope"
              code={JSON.stringify(
                { error: { code: "validation_error", message: "Invalid body field `history`: must contain at least one turn", field: "history", request_id: "req_9QmT4xY2bWk7" } },
                null,
                2,
              )}
            />
            <ul className="mt-4 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm" aria-label="Error codes">
              {codes.map(([code, e]) => (
                <li key={code} id={`error-${code}`} className="scroll-mt-6 px-3 py-2">
                  <span className="font-mono text-slate-500">{e.status}</span> <code className="break-all font-mono font-medium text-slate-900">{code}</code>
                  <Md text={e.description} className="mt-0.5 text-slate-600" />
                </li>
              ))}
            </ul>
          </section>

          <section id="sdks" aria-labelledby="sdks-title" className="mt-10 scroll-mt-6">
            <h2 id="sdks-title" className="text-xl font-semibold">SDKs and MCP</h2>
            <p className="mt-2 max-w-3xl text-slate-600">
              The TypeScript SDK (<code className="font-mono">sdk/typescript</code>) and the Python client (<code className="font-mono">sdk/python</code>, standard
              library only) are typed from this document, retry <code className="font-mono">429</code> and <code className="font-mono">5xx</code> with backoff
              honouring <code className="font-mono">Retry-After</code>, time out, and raise errors carrying <code className="font-mono">code</code>,{" "}
              <code className="font-mono">message</code>, <code className="font-mono">field</code> and the request id.
            </p>
            <CodeBlock className="mt-3 max-w-3xl" label="install the SDKs" code={`(cd sdk/typescript && npm install && npm pack)   # then: npm install …/pio-sdk-1.0.0.tgz\n# import { Pio } from "@pio/sdk"\n\npip install ./sdk/python                         # from pio import Pio`} />
            <p className="mt-4 max-w-3xl text-slate-600">
              Agents that speak MCP reach the same operations as tools at <code className="font-mono">/mcp</code> (Streamable HTTP, the same keys):{" "}
              {endpoints
                .filter((e) => e.mcpTool)
                .map((e, i, all) => (
                  <span key={e.id}>
                    <code className="font-mono">{e.mcpTool}</code>
                    {i < all.length - 1 ? ", " : "."}
                  </span>
                ))}{" "}
              In an MCP client&apos;s configuration:
            </p>
            <CodeBlock className="mt-3 max-w-3xl" label="MCP client configuration" code={MCP_CONFIG} />
          </section>

          {endpoints.map((e) => (
            <EndpointSection key={e.id} e={e} doc={doc} />
          ))}
        </main>
      </div>
    </>
  );
}
