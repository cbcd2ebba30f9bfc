import { buildOpenApiDocument } from "@/server/contract/openapi";

const document = JSON.stringify(buildOpenApiDocument());

/**
 * The OpenAPI 3.1 document of the public API, built from the operation registry. Its server
 * URL is relative ("/"): it resolves against wherever the document was fetched from, so no
 * request header decides what clients are told to call.
 */
export function GET(): Response {
  return new Response(document, {
    headers: { "content-type": "application/json", "access-control-allow-origin": "*", "cache-control": "public, max-age=300" },
  });
}
