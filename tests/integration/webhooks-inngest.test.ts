import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeInngest, type FakeInngest } from "../helpers/fake-inngest";
import { webhookReceiver } from "../helpers/webhook-receiver";

/**
 * With Inngest configured, a webhook delivery is an Inngest function run: each attempt a step,
 * each wait a step.sleep, driven through /api/inngest by a local stand-in for Inngest.
 */
type Handler = (req: Request, ctx?: any) => Promise<Response>;
let fake: FakeInngest;
let inngestRoute: { POST: Handler; PUT: Handler };
let api: typeof import("../helpers/api");
let t: Awaited<ReturnType<typeof import("../helpers/api")["testWorkspace"]>>;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

const deliver = (req: Request) => inngestRoute.POST(req, undefined);

beforeAll(async () => {
  fake = await startFakeInngest();
  Object.assign(process.env, {
    INNGEST_EVENT_KEY: fake.eventKey,
    INNGEST_SIGNING_KEY: fake.signingKey,
    INNGEST_BASE_URL: fake.url,
    WEBHOOK_TEST_ALLOW_HOSTS: "127.0.0.1",
    WEBHOOK_RETRY_SCHEDULE: "5m,1h",
  });
  delete process.env.INNGEST_DEV;
  (await import("@/server/env")).resetEnvCache();
  inngestRoute = (await import("@/app/api/inngest/route")) as never;
  api = await import("../helpers/api");
  expect((await inngestRoute.PUT(new Request("http://localhost:3000/api/inngest", { method: "PUT" }), undefined)).status).toBe(200);
  t = await api.testWorkspace();
  receiver = await webhookReceiver({ answer: (n) => (n === 1 ? 502 : 200) });
});

afterAll(async () => {
  for (const k of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL", "WEBHOOK_TEST_ALLOW_HOSTS", "WEBHOOK_RETRY_SCHEDULE"]) delete process.env[k];
  (await import("@/server/env")).resetEnvCache();
  await receiver.close();
  await fake.close();
});

describe("webhooks with Inngest configured", () => {
  it("an ingestion run by Inngest emits ingestion.completed; its delivery is a function of steps, retried after a durable sleep", async () => {
    const { createWebhookEndpoint } = await import("@/server/webhooks/endpoints");
    const { verifySignature } = await import("@/server/webhooks/signature");
    const { webhookDeliveries } = await import("@/db/schema");
    const scope = { workspaceId: t.workspace.id, environment: "sandbox" as const };
    const { endpoint, secret } = await createWebhookEndpoint(
      { db: t.db, scope, actor: { kind: "system", name: "test" } },
      { url: receiver.url("/inngest"), events: ["ingestion.completed"] },
    );
    const { POST: register } = await import("@/app/(api)/register/route");
    const { POST: ingest } = await import("@/app/(api)/ingest/route");
    await api.call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "inngest_hooks" } });
    const res = await api.call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "inngest_hooks", message_history: [{ role: "user", content: "I run a bakery in Lyon.", timestamp: "2026-05-01T08:00:00Z" }] },
    });
    expect(res.status).toBe(200);

    // Nothing ran in this process: Inngest runs the ingestion, which sends the delivery event, which it runs too.
    const runs = await fake.drain(deliver);
    expect(runs.find((r) => r.functionId === "pio-process-ingestion")?.steps).toContain("webhooks");
    const delivery = runs.find((r) => r.functionId === "pio-deliver-webhook")!;
    expect(delivery.status).toBe("completed");
    // The first attempt got a 502: the run slept (5 minutes, as Inngest would, without a process) and tried again.
    expect(delivery.steps).toEqual(["due", "attempt-1", "wait-1", "attempt-2"]);
    expect(delivery.output).toEqual({ status: "succeeded" });
    expect(fake.events.filter((e) => e.name === "pio/webhook.delivery")).toHaveLength(1);

    expect(receiver.received).toHaveLength(2);
    for (const hook of receiver.received) verifySignature(secret, hook.body, hook.headers["pio-signature"] as string);
    expect(receiver.received[1]!.json).toMatchObject({ type: "ingestion.completed", data: { ingestion_id: res.body.ingestion_id, user_id: "inngest_hooks" } });
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 200 });
  });
});
