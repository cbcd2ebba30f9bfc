import { errorBody, notFound } from "@/server/http/errors";
import { randomBase58 } from "@/server/lib/base58";

/**
 * Where next.config.ts sends a path that no page or endpoint claims, when an API client asks
 * for it (a key, a bearer token, or a client that does not ask for HTML): the API's JSON error
 * envelope, so a mistyped endpoint reads as one in an agent's logs. Browsers still get the
 * portal's 404 page (app/not-found.tsx).
 */
function unknownEndpoint(req: Request): Response {
  const url = new URL(req.url);
  const path = url.searchParams.get("unknown_path") ?? url.pathname;
  const requestId = `req_${randomBase58(12)}`;
  const err = notFound("not_found", `No endpoint ${req.method} ${path}. The API's endpoints are listed in /openapi.json and documented at /docs.`);
  return Response.json(errorBody(err, requestId), { status: 404, headers: { "cache-control": "no-store", "x-request-id": requestId } });
}

export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
