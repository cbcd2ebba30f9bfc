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
