import { afterAll, beforeAll, expect } from "vitest";
import { startFakeInngest, type FakeInngest } from "./fake-inngest";

type Handler = (req: Request, ctx?: any) => Promise<Response>;

export interface InngestApp {
  fake: FakeInngest;
  /** The app's /api/inngest route handlers. */
  inngestRoute: { GET: Handler; POST: Handler; PUT: Handler };
  /** Inngest's calls reach the route handler exactly as Next hands them over. */
  deliver: (req: Request) => Promise<Response>;
  /** The status of the sync (PUT /api/inngest), as a deploy does it. */
  syncStatus: number;
  /** Removes the Inngest configuration and stops the stand-in. */
  close(): Promise<void>;
}

/**
 * Configures this test process for Inngest with the local stand-in (tests/helpers/fake-inngest.ts)
 * and syncs the app's functions to it. Call before importing route handlers that send events:
 * the SDK's client reads its environment once.
 */
export async function withFakeInngest(): Promise<InngestApp> {
  const fake = await startFakeInngest();
  Object.assign(process.env, { INNGEST_EVENT_KEY: fake.eventKey, INNGEST_SIGNING_KEY: fake.signingKey, INNGEST_BASE_URL: fake.url });
  delete process.env.INNGEST_DEV;
  const { resetEnvCache } = await import("@/server/env");
  resetEnvCache();
  const inngestRoute = (await import("@/app/api/inngest/route")) as never as InngestApp["inngestRoute"];
  const syncStatus = (await inngestRoute.PUT(new Request("http://localhost:3000/api/inngest", { method: "PUT" }), undefined)).status;
  return {
    fake,
    inngestRoute,
    deliver: (req) => inngestRoute.POST(req, undefined),
    syncStatus,
    async close() {
      for (const k of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL"]) delete process.env[k];
      resetEnvCache();
      await fake.close();
    },
  };
}

type Api = typeof import("./api");

/** What `withInngestApi` sets up for a test file (filled in its `beforeAll`). */
export interface InngestApiTest {
  app: InngestApp;
  fake: FakeInngest;
  api: Api;
  /** The public route handlers, as Next calls them. */
  routes: { register: Handler; ingest: Handler; ingestion: Handler; chunks: Handler; summary: Handler };
  t: Awaited<ReturnType<Api["testWorkspace"]>>;
  /** GET /ingestions/{id} with the workspace's sandbox key: the response body. */
  status(id: string): Promise<any>;
}

/**
 * For a test file of the public API with Inngest configured (the local stand-in): syncs the
 * functions, makes a workspace and registers `user` before the tests, removes the configuration
 * after them. Call at the top of the file; read the fields inside tests.
 */
export function withInngestApi(user: { user_id: string; traits?: Record<string, string> }): InngestApiTest {
  const ctx = {} as InngestApiTest;
  beforeAll(async () => {
    ctx.app = await withFakeInngest();
    expect(ctx.app.syncStatus).toBe(200);
    ctx.fake = ctx.app.fake;
    ctx.api = await import("./api");
    ctx.routes = {
      register: (await import("@/app/(api)/register/route")).POST,
      ingest: (await import("@/app/(api)/ingest/route")).POST,
      ingestion: (await import("@/app/(api)/ingestions/[id]/route")).GET,
      chunks: (await import("@/app/(api)/chunks/route")).POST,
      summary: (await import("@/app/(api)/summary/route")).GET,
    } as never;
    ctx.t = await ctx.api.testWorkspace();
    ctx.status = async (id) => (await ctx.api.call(ctx.routes.ingestion, "GET", `/ingestions/${id}`, { key: ctx.t.keys.sandbox, params: { id } })).body;
    expect((await ctx.api.call(ctx.routes.register, "POST", "/register", { key: ctx.t.keys.sandbox, body: user })).status).toBe(201);
  });
  afterAll(() => ctx.app?.close());
  return ctx;
}
