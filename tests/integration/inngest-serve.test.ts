import { describe, expect, it } from "vitest";

describe("/api/inngest", () => {
  it("serves every background function to Inngest (dev mode)", async () => {
    process.env.INNGEST_DEV = "1";
    const { GET } = await import("@/app/api/inngest/route");
    const res = await GET(new Request("http://localhost:3000/api/inngest") as never, undefined as never);
    expect(res.status).toBe(200);
    // Ten functions, three of them with an onFailure handler (served as functions of their own).
    expect(await res.json()).toMatchObject({ mode: "dev", function_count: 13 });
    const { jobs } = await import("@/inngest/functions");
    expect(jobs.map((j) => j.spec.id)).toEqual([
      "process-ingestion",
      "refresh-summary",
      "stage3-agentic-search",
      "stage3-refresh",
      "enrich-profile",
      "reembed-search-index",
      "analyze-stored-facts",
      "user-search-indexes",
      "deliver-webhook",
      "requeue-ingestions",
    ]);
    delete process.env.INNGEST_DEV;
  });
});
