import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb, getDb, type Database } from "@/db/client";
import { apiKeys, endUsers, ingestions, memories, messages, searchIndex, stage3Runs } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { createApiKey } from "@/server/keys/service";
import { createWorkspace } from "@/server/workspaces/service";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { emptyDatabase, startInstance, type Instance } from "../helpers/instances";

/**
 * Two app instances (separate processes, each with its own pool, caches, rate limiter and
 * in-process job runner) on one PostgreSQL database, as in a scaled deployment.
 */
const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

let target: { url: string; drop(): Promise<void> };
let a: Instance;
let b: Instance;
let db: Database;
let workspaceId: string;
let key: string;
let keyId: string;

beforeAll(async () => {
  target = await emptyDatabase(inject("pgAdminUrl"), `${inject("pgRunPrefix")}_two_${randomBytes(3).toString("hex")}`);
  // Both start at once on an empty database: both try to migrate it.
  [a, b] = await Promise.all([startInstance(target.url), startInstance(target.url)]);
  await closeDb();
  process.env.DATABASE_URL = target.url;
  resetEnvCache();
  db = await getDb();
  const ws = await createWorkspace(db, { name: "Two instances" });
  workspaceId = ws.id;
  const created = await createApiKey(db, { workspaceId, environment: "sandbox", name: "shared" });
  key = created.key;
  keyId = created.apiKey.id;
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await closeDb();
  await target?.drop();
});

const idle = () => Promise.all([a.control("idle"), b.control("idle")]);

describe("two instances on one database", () => {
  it("apply the migrations once, though both started on an empty database at the same time", async () => {
    const rows = await db.execute<{ hash: string; n: number }>(sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`);
    expect(rows.rows).toHaveLength(journal.entries.length);
    expect(rows.rows.every((r) => r.n === 1)).toBe(true);
    expect(a.stderr() + b.stderr()).not.toMatch(/error/i);
    expect((await a.control("info")).driver).toBe("pg");
  });

  it("refuse a key revoked on the other instance at once", async () => {
    const summary = (i: Instance) => i.fetch("/summary?user_id=nobody", { key });
    expect((await summary(a)).status).toBe(404); // the key works on both (user unknown)
    expect((await summary(b)).status).toBe(404);
    expect(await a.control("revoke-key", { workspaceId, keyId })).toEqual({ revoked: true });
    const onB = await summary(b);
    expect(onB.status).toBe(401);
    expect(onB.body.error.code).toBe("revoked_api_key");
    expect((await summary(a)).status).toBe(401);
    // Fresh key for the rest of the file.
    key = (await createApiKey(db, { workspaceId, environment: "sandbox", name: "next" })).key;
  });

  it("register one email once under concurrent /register calls on both", async () => {
    const email = "Ada.Concurrent@example.com";
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? a : b).fetch("/register", { key, body: { email: i % 3 ? email : email.toLowerCase(), traits: { [`t${i}`]: i } } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(15);
    expect(new Set(results.map((r) => r.body.user_id)).size).toBe(1);
    const rows = await db.select().from(endUsers).where(eq(endUsers.workspaceId, workspaceId));
    expect(rows).toHaveLength(1);
    // Every call's traits were merged in; none was lost to a race.
    expect(Object.keys(rows[0]!.traits).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `t${i}`).sort());
  });
});

describe("concurrent ingests for one user, through both instances", () => {
  const N = 8;
  let endUserId: string;

  beforeAll(async () => {
    const res = await a.fetch("/register", { key, body: { user_id: "busy", traits: { name: "Mara Quinn" } } });
    expect(res.status).toBe(201);
    endUserId = (await db.select().from(endUsers).where(eq(endUsers.userId, "busy")))[0]!.id;
    const sent = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        (i % 2 ? a : b).fetch("/ingest", {
          key,
          body: {
            user_id: "busy",
            message_history: [
              { role: "user", content: "I am allergic to peanuts.", timestamp: `2025-11-0${1 + (i % 8)}T10:00:00Z` },
              { role: "user", content: `My locker number at the gym is ${100 + i}.`, timestamp: `2025-11-0${1 + (i % 8)}T10:01:00Z` },
            ],
          },
        }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(Array(N).fill(200));
    await idle();
  }, 180_000);

  it("lose nothing and duplicate nothing", async () => {
    const done = await db.select().from(ingestions).where(eq(ingestions.endUserId, endUserId));
    expect(done.map((r) => r.status)).toEqual(Array(N).fill("done"));
    const stored = await db.select().from(messages).where(eq(messages.endUserId, endUserId));
    expect(stored).toHaveLength(2 * N);
    const mems = await db.select({ text: memories.text }).from(memories).where(eq(memories.endUserId, endUserId));
    const texts = mems.map((m) => m.text);
    // Each locker number once; the fact all eight repeat, once.
    for (let i = 0; i < N; i++) expect(texts.filter((t) => t.includes(`${100 + i}`)), texts.join(" | ")).toHaveLength(1);
    expect(texts.filter((t) => /peanut/i.test(t)), texts.join(" | ")).toHaveLength(1);
    const rows = await db.select({ id: searchIndex.id }).from(searchIndex).where(and(eq(searchIndex.endUserId, endUserId), eq(searchIndex.source, "memory")));
    expect(rows).toHaveLength(mems.length);
  });

  it("never reconcile one user's memories in two runs at once", async () => {
    const runs = await db
      .select({ startedAt: ingestions.startedAt, finishedAt: ingestions.finishedAt })
      .from(ingestions)
      .where(eq(ingestions.endUserId, endUserId))
      .orderBy(ingestions.startedAt);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.startedAt!.getTime(), `run ${i} started before run ${i - 1} finished`).toBeGreaterThanOrEqual(
        runs[i - 1]!.finishedAt!.getTime(),
      );
    }
  });
});

describe("a job is not run twice", () => {
  it("the same Stage 3 request sent to both instances runs once", async () => {
    const res = await a.fetch("/register", { key, body: { user_id: "stage3-once", traits: { name: "Ola Berg" } } });
    const user = (await db.select().from(endUsers).where(eq(endUsers.userId, res.body.user_id)))[0]!;
    const data = { endUserId: user.id, threshold: 1 };
    await Promise.all([a.control("dispatch", { job: "stage3-agentic-search", data }), b.control("dispatch", { job: "stage3-agentic-search", data })]);
    await idle();
    const runs = await db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, user.id));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe("done");
  });

  it("the same ingestion delivered to both instances is processed once", async () => {
    await a.fetch("/register", { key, body: { user_id: "twice", traits: { name: "Ines Duarte" } } });
    const { ingest } = await import("@/server/ingest/ingest");
    // Stored but not dispatched: then both instances are handed the same job (a redelivery).
    const { job } = await ingest(db, { workspaceId, environment: "sandbox" }, {
      user_id: "twice",
      message_history: [{ role: "user", content: "I run a small bakery in Porto.", timestamp: "2025-11-03T09:00:00Z" }],
    });
    await Promise.all([a.control("dispatch", { job: "process-ingestion", data: job }), b.control("dispatch", { job: "process-ingestion", data: job })]);
    await idle();
    const [row] = await db.select().from(ingestions).where(eq(ingestions.id, job!.ingestionId));
    expect(row!.status).toBe("done");
    expect(row!.attempts).toBe(1);
    const mems = await db.select({ text: memories.text }).from(memories).where(eq(memories.endUserId, job!.endUserId));
    expect(mems.filter((m) => /bakery/i.test(m.text))).toHaveLength(1);
  });

  describe("the re-embedding backfill, started by every instance that boots after a provider switch", () => {
    let fake: FakeOpenAI;
    let c: Instance;
    let d: Instance;
    afterAll(async () => {
      await Promise.all([c?.stop(), d?.stop()]);
      await fake?.close();
    });

    it("embeds each stored text once", async () => {
      const count = async (table: string) => (await db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`))).rows[0]!.n;
      const stale = (await count("search_index")) + (await count("stage3_entries"));
      expect(stale).toBeGreaterThan(0);
      fake = await startFakeOpenAI({});
      const env = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url };
      [c, d] = await Promise.all([startInstance(target.url, env), startInstance(target.url, env)]);
      await Promise.all([c.control("idle"), d.control("idle")]);
      const left = await db.execute<{ n: number }>(sql`select count(*)::int as n from search_index where embedding_model not like 'openai:%'`);
      expect(left.rows[0]!.n).toBe(0);
      const embedded = fake.requests.filter((r) => r.path.endsWith("/embeddings")).flatMap((r) => (r.body as { input: string[] }).input);
      expect(embedded.length).toBe(stale);
    });
  });
});

describe("the rate limit is per instance (docs/architecture.md)", () => {
  let e: Instance;
  let f: Instance;
  afterAll(async () => {
    await Promise.all([e?.stop(), f?.stop()]);
  });

  it("each instance allows RATE_LIMIT_RPS per key; the deployment allows at most instances × RATE_LIMIT_RPS", async () => {
    const rps = 2;
    [e, f] = await Promise.all([startInstance(target.url, { RATE_LIMIT_RPS: String(rps) }), startInstance(target.url, { RATE_LIMIT_RPS: String(rps) })]);
    const burst = async (i: Instance) => {
      const started = performance.now();
      const res = await Promise.all(Array.from({ length: 12 }, () => i.fetch("/summary?user_id=nobody", { key })));
      return { statuses: res.map((r) => r.status), seconds: (performance.now() - started) / 1000 };
    };
    const [onE, onF] = await Promise.all([burst(e), burst(f)]);
    for (const { statuses, seconds } of [onE, onF]) {
      const allowed = statuses.filter((s) => s === 404).length;
      // The bucket holds `rps` tokens and earns `rps` a second back: a burst that takes a while
      // on a busy machine may earn some back, never more than its duration allows.
      expect(allowed).toBeGreaterThanOrEqual(rps);
      expect(allowed).toBeLessThanOrEqual(rps + Math.ceil(rps * seconds));
      expect(allowed, `a 12-request burst took ${seconds.toFixed(1)} s`).toBeLessThan(12);
      expect(statuses.filter((s) => s === 429).length).toBe(12 - allowed);
    }
  });
});
