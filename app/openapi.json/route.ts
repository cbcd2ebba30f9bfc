import { buildOpenApiDocument } from "@/server/contract/openapi";

/** The OpenAPI 3.1 document of the public API, built from the operation registry. */
export function GET(req: Request): Response {
  const url = new URL(req.url);
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  return Response.json(buildOpenApiDocument({ serverUrl: `${proto}://${host}` }), {
    headers: { "access-control-allow-origin": "*", "cache-control": "public, max-age=300" },
  });
}
