import { HTTP_METHODS } from "@/server/contract/define";
import { operationList } from "@/server/contract/operations";
import { routeHandlers } from "@/server/http/operation-route";

/**
 * A `fetch` that hands each request to the real route handlers of the public API, in this
 * process (real wrapper, real database), as Next would: for clients under test (the SDK)
 * without a server process.
 */
export function inProcessFetch(): typeof fetch {
  const paths = [...new Set(operationList.map((o) => o.path))].map((p) => ({
    handlers: routeHandlers(p),
    match: new RegExp(`^${p.replace(/\{([^}]+)\}/g, "(?<$1>[^/]+)")}$`),
  }));
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const { pathname } = new URL(req.url);
    for (const p of paths) {
      const m = pathname.match(p.match);
      if (!m) continue;
      const method = req.method as (typeof HTTP_METHODS)[number];
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      return p.handlers[method](req, { params: Promise.resolve(params) });
    }
    return new Response("not found", { status: 404 });
  }) as typeof fetch;
}
