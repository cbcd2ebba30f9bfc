import { beforeAll, describe, expect, it } from "vitest";
import { withInngestApi, type InngestApiTest } from "../helpers/inngest-app";

/**
 * `options.wait` with Inngest configured: the work runs elsewhere (here, the local stand-in for
 * Inngest calling /api/inngest), and the waiting request follows the ingestion's row.
 */
const ctx = withInngestApi({ user_id: "w", traits: { name: "Wen Li" } });
let app: InngestApiTest["app"], api: InngestApiTest["api"], routes: InngestApiTest["routes"], t: InngestApiTest["t"];
beforeAll(() => void ({ app, api, routes, t } = ctx));

const ingestWaiting = (content: string, options: Record<string, unknown>) =>
  api.call(routes.ingest, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: { user_id: "w", message_history: [{ role: "user", content, timestamp: "2026-11-04T08:00:00Z" }], options },
  });

describe("options.wait with Inngest configured", () => {
  it("past the bound, answers as without wait plus the status so far and where to follow it; the items are pending", async () => {
    const started = Date.now();
    const res = await ingestWaiting("I am learning to sail on Lake Geneva.", { wait: true, wait_timeout: 1 });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(res.body).toMatchObject({ status: "queued", status_url: `/ingestions/${res.body.ingestion_id}` });
    expect(res.body.waited_ms).toBeGreaterThanOrEqual(1000);
    expect(res.body.ingestion).toBeUndefined();
    const id = res.body.ingestion_id as string;
    const status = await api.call(routes.ingestion, "GET", `/ingestions/${id}`, { key: t.keys.sandbox, params: { id } });
    expect(status.body).toMatchObject({ status: "queued", items: [{ type: "message", index: 0, outcome: "pending", pii_redacted: [] }] });
    // Inngest runs it later: the outcome follows.
    await app.fake.drain(app.deliver);
    const done = await api.call(routes.ingestion, "GET", `/ingestions/${id}`, { key: t.keys.sandbox, params: { id } });
    expect(done.body).toMatchObject({ status: "done", items: [{ outcome: "learned" }] });
  });

  it("answers once Inngest has processed it, reading the row (no lock held against the worker)", async () => {
    const pending = ingestWaiting("My brother Tao is a nurse in Vancouver.", { wait: true, wait_timeout: 20 });
    // Inngest runs the work while the request waits.
    let res: Awaited<typeof pending> | undefined;
    void pending.then((r) => (res = r));
    while (!res) {
      await app.fake.drain(app.deliver);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "done", ingestion: { status: "done", items: [{ outcome: "learned" }] } });
    expect(res.body.ingestion.counts.memories_added).toBeGreaterThanOrEqual(1);
  });
});
