import { HTTP_METHODS, routeOf, type AnyOperation, type HttpMethod } from "@/server/contract/define";
import { operationList } from "@/server/contract/operations";
import { parseParams, runOperation } from "@/server/contract/run";
import { json, methodNotAllowed, publicRoute } from "./public-route";

type Handler = ReturnType<typeof publicRoute> & { operation?: AnyOperation };

/** The operation a method of a path answers with (its own method or an alias). */
function operationsAt(path: string): Map<HttpMethod, AnyOperation> {
  const out = new Map<HttpMethod, AnyOperation>();
  for (const op of operationList) {
    if (op.path !== path) continue;
    out.set(op.method, op);
    for (const alias of op.aliases ?? []) out.set(alias, op);
  }
  return out;
}

function operationHandler(op: AnyOperation): Handler {
  const handler: Handler = publicRoute(
    { route: routeOf(op.path), body: op.body, query: op.query, precheck: op.precheck },
    async ({ body, query, params, service }) => {
      const out = await runOperation(op, service, { body, query, params: parseParams(op, params) });
      return json(out.body, out.status);
    },
  );
  handler.operation = op;
  return handler;
}

/**
 * The Next.js handlers of one public path, from the operation registry: each documented method
 * runs its operation through the public-route wrapper; every other method answers 405.
 * A route file is `export const { GET, POST, PUT, PATCH, DELETE } = routeHandlers("/chunks");`
 */
export function routeHandlers(path: string): Record<HttpMethod, Handler> {
  const ops = operationsAt(path);
  if (!ops.size) throw new Error(`No operation is registered at ${path} (server/contract/operations.ts).`);
  const allowed = HTTP_METHODS.filter((m) => ops.has(m));
  return Object.fromEntries(
    HTTP_METHODS.map((m) => {
      const op = ops.get(m);
      return [m, op ? operationHandler(op) : methodNotAllowed(allowed, routeOf(path))];
    }),
  ) as Record<HttpMethod, Handler>;
}
