import { accountRouter } from "./routers/account";
import { explorerRouter } from "./routers/explorer";
import { keysRouter } from "./routers/keys";
import { logsRouter } from "./routers/logs";
import { membersRouter } from "./routers/members";
import { overviewRouter } from "./routers/overview";
import { playgroundRouter } from "./routers/playground";
import { sandboxRouter } from "./routers/sandbox";
import { webhooksRouter } from "./routers/webhooks";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  workspace: workspaceRouter,
  members: membersRouter,
  keys: keysRouter,
  playground: playgroundRouter,
  sandbox: sandboxRouter,
  explorer: explorerRouter,
  logs: logsRouter,
  overview: overviewRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures directly (server components and tests): `createCaller(ctx).keys.list(...)`. */
export const createCaller = createCallerFactory(appRouter);
