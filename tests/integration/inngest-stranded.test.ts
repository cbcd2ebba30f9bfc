import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ingestions, memories } from "@/db/schema";
import { withInngestApi, type InngestApiTest } from "../helpers/inngest-app";

/**
 * With Inngest configured, /ingest commits the ingestion and then sends its event. When that
 * send fails (Inngest's event API down, a network error), the ingestion is stored but nothing
 * would ever process it. The client is answered as usual (the ingestion is durable and
 * `queued`), and a scheduled sweep sends the events of ingestions left queued.
 */
const ctx = withInngestApi({ user_id: "stranded" });
let app: InngestApiTest["app"], fake: InngestApiTest["fake"], api: InngestApiTest["api"], routes: InngestApiTest["routes"], t: InngestApiTest["t"];
beforeAll(() => void ({ app, fake, api, routes, t } = ctx));
const status = (id: string) => ctx.status(id);

const sentFor = (id: string) => fake.events.filter((e) => e.name === "pio/ingestion.created" && e.data.ingestionId === id);

describe("an ingestion whose event could not be sent", () => {
  let id: string;

  it("is still accepted: stored, queued, and the failure logged (not a 500 for data already stored)", async () => {
    fake.eventsDown = true;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await api.call(routes.ingest, "POST", "/ingest", {
        key: t.keys.sandbox,
        body: { user_id: "stranded", message_history: [{ role: "user", content: "I am allergic to peanuts.", timestamp: "2025-11-04T08:00:00Z" }] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      id = res.body.ingestion_id;
      expect(logged.mock.calls.flat().map(String).join("\n")).toMatch(/could not send.*ingestion/i);
    } finally {
      logged.mockRestore();
      fake.eventsDown = false;
    }
    expect(sentFor(id)).toHaveLength(0);
    expect((await status(id)).status).toBe("queued");
  });

  it("is not sent again while it is recent (its event may be on its way)", async () => {
    fake.tick();
    const runs = await fake.drain(app.deliver);
    expect(runs.find((r) => r.functionId === "pio-requeue-ingestions")?.status).toBe("completed");
    expect(sentFor(id)).toHaveLength(0);
  });

  it("is sent by the scheduled sweep once it has waited, and processed to done exactly once", async () => {
    await t.db.update(ingestions).set({ createdAt: sql`now() - interval '10 minutes'` }).where(eq(ingestions.id, id));
    fake.tick();
    const runs = await fake.drain(app.deliver);
    expect(runs.find((r) => r.functionId === "pio-requeue-ingestions")?.output).toMatchObject({ requeued: 1 });
    expect(sentFor(id)).toHaveLength(1);
    expect(runs.find((r) => r.functionId === "pio-process-ingestion" && r.event.data.ingestionId === id)?.status).toBe("completed");
    expect((await status(id)).status).toBe("done");
    const [row] = await t.db.select().from(ingestions).where(eq(ingestions.id, id));
    const mems = await t.db.select({ text: memories.text }).from(memories).where(eq(memories.endUserId, row!.endUserId));
    expect(mems.filter((m) => /peanut/i.test(m.text))).toHaveLength(1);

    // Done: the next sweeps leave it alone.
    fake.tick();
    await fake.drain(app.deliver);
    expect(sentFor(id)).toHaveLength(1);
  });

  it("an ingestion whose event did arrive (Inngest's backlog, not a lost send) runs once: the sweep's copy has its event id, and is dropped", async () => {
    const res = await api.call(routes.ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "stranded", message_history: [{ role: "user", content: "My daughter Mina starts school in September.", timestamp: "2025-11-05T08:00:00Z" }] },
    });
    const late = res.body.ingestion_id as string;
    expect(sentFor(late)).toHaveLength(1);
    expect(sentFor(late)[0]!.sentId).toBe(`ingestion-${late}`);
    await t.db.update(ingestions).set({ createdAt: sql`now() - interval '10 minutes'` }).where(eq(ingestions.id, late));
    // The sweep runs before Inngest got to the ingestion's own event.
    fake.tick();
    const sweep = await fake.drain(app.deliver, { only: (fn) => fn === "pio-requeue-ingestions" });
    expect(sweep.find((r) => r.functionId === "pio-requeue-ingestions")?.output).toMatchObject({ requeued: 1 });
    expect(sentFor(late)).toHaveLength(1);
    const runs = await fake.drain(app.deliver);
    expect(runs.filter((r) => r.functionId === "pio-process-ingestion" && r.event.data.ingestionId === late)).toHaveLength(1);
    expect((await status(late)).status).toBe("done");
  });
});

