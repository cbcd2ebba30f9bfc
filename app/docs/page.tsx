import type { Metadata } from "next";
import { EndpointDoc } from "@/components/endpoint-doc";
import { SiteHeader } from "@/components/site-header";
import { endpoints } from "./endpoints";

export const metadata: Metadata = { title: "API reference" };

const errors = [
  [401, "missing_api_key", "no x-api-key header (or Authorization: Bearer)"],
  [401, "invalid_api_key", "the key is not a Pio key of any workspace"],
  [401, "revoked_api_key", "the key was revoked"],
  [401, "expired_api_key", "the key is past its expiry"],
  [400, "invalid_json", "the body is not JSON"],
  [400, "validation_error", "a field is missing or wrong; `field` names it"],
  [405, "method_not_allowed", "the route exists but not for this method"],
  [413, "payload_too_large", "the body is over 10 MB"],
  [429, "rate_limited", "too many requests for this key; see Retry-After"],
] as const;

export default function DocsPage() {
  return (
    <>
      <SiteHeader />
      <main className="mx-auto max-w-5xl px-6 py-12">
        <h1 className="text-3xl font-semibold tracking-tight">API reference</h1>
        <p className="mt-3 max-w-3xl text-slate-600">
          Every request carries your key in the <code className="font-mono">x-api-key</code> header (or{" "}
          <code className="font-mono">Authorization: Bearer</code>). Keys starting with <code className="font-mono">pio_sk_test_</code>{" "}
          reach your sandbox; <code className="font-mono">pio_sk_live_</code> keys reach live data. The two never mix.
        </p>
        <section aria-labelledby="errors-title" className="mt-8">
          <h2 id="errors-title" className="text-xl font-semibold">
            Errors
          </h2>
          <p className="mt-2 text-slate-600">
            Every error has one shape, and every response an <code className="font-mono">x-request-id</code> header:
          </p>
          <pre className="mt-3 overflow-x-auto rounded-md bg-slate-950 p-4 text-xs text-slate-100">
            <code>{`{ "error": { "code": "validation_error", "message": "Invalid body field \`email\`: …", "field": "email", "request_id": "req_…" } }`}</code>
          </pre>
          <ul className="mt-4 space-y-1 text-sm text-slate-600">
            {errors.map(([status, code, when]) => (
              <li key={code}>
                <span className="font-mono">{status}</span> <span className="font-mono text-slate-900">{code}</span> — {when}
              </li>
            ))}
          </ul>
        </section>
        {endpoints.map((e) => (
          <EndpointDoc key={e.id} {...e} />
        ))}
      </main>
    </>
  );
}
