import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTRPCContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { logError } from "@/server/lib/log";

export const dynamic = "force-dynamic";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createTRPCContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logError(`[pio] tRPC ${path ?? "?"} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
