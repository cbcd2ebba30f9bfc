import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as register } from "@/app/(api)/register/route";
import { documents, endUsers, profileSources } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { resetEnvCache } from "@/server/env";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/** Stage 1: traits normalized at registration; the website fetched safely when enabled. */
let t: TestWorkspace;
let server: Server;
let hits = 0;
let base = "";

beforeAll(async () => {
  t = await testWorkspace();
  server = createServer((req, res) => {
    hits++;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<html><head><title>Ash Lewis — Founder</title><meta name="description" content="Building tools for AI agents."></head>
      <body><nav>Home · Blog</nav><main><h1>About</h1><p>I build developer tools and I run marathons in the Bay Area.</p></main><footer>© Ash</footer></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  // A hostname: literal IP addresses in traits are redacted as PII before storage.
  base = `http://localhost:${(server.address() as AddressInfo).port}/`;
});
afterEach(() => {
  delete process.env.ENRICH_WEBSITES;
  delete process.env.ENRICH_TEST_ALLOW_HOSTS;
  resetEnvCache();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function userRow(userId: string) {
  const [u] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, userId)));
  return u!;
}

describe("Stage 1 at registration", () => {
  it("normalizes the spec's traits into the profile", async () => {
    await call(register, "POST", "/register", {
      key: t.keys.sandbox,
      body: {
        user_id: "stage1-ash",
        traits: {
          name: "Ash Lewis",
          locale: "en_us",
          timezone: "America/Los_Angeles",
          linkedin_url: "https://www.linkedin.com/in/ashlewis",
          twitter_url: "https://twitter.com/ashlewis",
          notes: "Founder/engineer; prefers concise communications",
        },
      },
    });
    const u = await userRow("stage1-ash");
    expect(u.profile).toMatchObject({
      name: "Ash Lewis",
      first_name: "Ash",
      locale: "en-US",
      timezone: "America/Los_Angeles",
      links: { linkedin: "https://www.linkedin.com/in/ashlewis", twitter: "https://twitter.com/ashlewis" },
      notes: "Founder/engineer; prefers concise communications",
    });
  });

  it("with ENRICH_WEBSITES and the test-only allowance, keeps the page as a profile document that /chunks finds", async () => {
    process.env.ENRICH_WEBSITES = "1";
    process.env.ENRICH_TEST_ALLOW_HOSTS = "localhost";
    resetEnvCache();
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "site-ok", traits: { name: "Ash Lewis", website: base } } });
    await waitForIdle();
    const u = await userRow("site-ok");
    const [src] = await t.db.select().from(profileSources).where(eq(profileSources.endUserId, u.id));
    expect(src).toMatchObject({ kind: "website", status: "ok", data: expect.objectContaining({ title: "Ash Lewis — Founder" }) });
    const docs = await t.db.select().from(documents).where(eq(documents.endUserId, u.id));
    expect(docs.find((d) => d.docId === "profile:website")).toMatchObject({ documentType: "profile" });
    expect(docs.find((d) => d.docId === "profile:website")!.content).not.toMatch(/Home · Blog|©/);
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "site-ok", history: [{ role: "user", content: "Does Ash do any running?" }] },
    });
    expect(res.body.chunks[0]).toMatchObject({ source: "document", source_ids: ["profile:website"] });
    expect(res.body.chunks[0].text).toMatch(/marathons/);
  });

  it("without the allowance a private address is refused before any request, and recorded", async () => {
    process.env.ENRICH_WEBSITES = "1";
    resetEnvCache();
    const before = hits;
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "site-private", traits: { website: base } } });
    await waitForIdle();
    expect(hits).toBe(before);
    const u = await userRow("site-private");
    const [src] = await t.db.select().from(profileSources).where(eq(profileSources.endUserId, u.id));
    expect(src).toMatchObject({ status: "refused", error: expect.stringMatching(/localhost|private|loopback|not public/i) });
    expect(await t.db.select().from(documents).where(eq(documents.endUserId, u.id))).toHaveLength(0);
  });

  it("is off by default: no fetch at all", async () => {
    const before = hits;
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "site-off", traits: { website: base } } });
    await waitForIdle();
    expect(hits).toBe(before);
    const u = await userRow("site-off");
    expect(await t.db.select().from(profileSources).where(eq(profileSources.endUserId, u.id))).toHaveLength(0);
  });
});
