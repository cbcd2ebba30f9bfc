import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { expect, test } from "@playwright/test";
import { launchServer, makeKey, stopServer, type ServerProcess } from "../bench/lib/server";

/**
 * SIGTERM on the production server (`npm start`, scripts/start.mjs), under load: new
 * connections are refused at once, keep-alive clients are not served new requests (after a
 * second's grace for requests already on their way), requests
 * in flight finish, one that never finishes is cut off at SHUTDOWN_TIMEOUT_MS, the process
 * exits within that bound plus the clean-up's, and ingestions it was processing are resumed
 * by the next start with no memory stored twice.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(300_000);

/**
 * SHUTDOWN_TIMEOUT_MS for this test (the default is 10 s): long enough for the request that
 * finishes 1.5 s after SIGTERM, short enough not to wait 10 s.
 */
const GRACE_MS = 5000;
const CLEANUP_BOUND_MS = 5000;

interface Sent {
  sentAt: number;
  status?: number;
  error?: string;
}

function request(server: ServerProcess, key: string, method: string, route: string, body?: unknown, agent?: http.Agent): Promise<{ status: number; body: any }> {
  const payload = body === undefined ? "" : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${route}`,
      { method, agent, headers: { "x-api-key": key, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * A POST whose body is sent in two halves: the request stays in flight until `finish()`.
 * `received` resolves once the server has read its headers (its 100 Continue).
 */
function slowRequest(server: ServerProcess, key: string, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  let req!: http.ClientRequest;
  let received!: () => void;
  const receivedP = new Promise<void>((r) => (received = r));
  const done = new Promise<{ status?: number; error?: string }>((resolve) => {
    req = http.request(
      `${server.url}/register`,
      {
        method: "POST",
        agent: false,
        headers: { "x-api-key": key, "content-type": "application/json", "content-length": payload.length, expect: "100-continue" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode }));
        res.on("error", (e) => resolve({ error: e.message }));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.on("continue", () => {
      req.write(payload.subarray(0, half));
      received();
    });
    req.flushHeaders();
  });
  return { done, received: receivedP, finish: () => req.end(payload.subarray(half)) };
}

function connectOnce(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/api/health", agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const messages = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    role: i % 2 ? "assistant" : "user",
    content:
      i % 2
        ? `Noted about item ${i}.`
        : `I went to the ${["market", "gym", "library", "park", "museum"][i % 5]} on day ${i} and bought ${i % 7} ${["apples", "books", "tickets", "shoes"][i % 4]} for my sister Mara.`,
    timestamp: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
  }));

async function openDb(dataDir: string): Promise<PGlite> {
  return PGlite.create({ dataDir: path.join(dataDir, "pglite"), extensions: { vector } });
}

test("SIGTERM under load: refused, drained, bounded, resumable", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-sigterm-"));
  const key = makeKey(dataDir);
  const env = { SHUTDOWN_TIMEOUT_MS: String(GRACE_MS) };
  let server = await launchServer({ dataDir, env });
  try {
    expect((await request(server, key, "POST", "/register", { user_id: "interrupted", traits: { name: "Ash" } })).status).toBe(201);
    expect((await request(server, key, "POST", "/register", { user_id: "reader", traits: { name: "Kim" } })).status).toBe(201);
    expect((await request(server, key, "GET", "/summary?user_id=reader")).status).toBe(200);
    // Background work that is still running at SIGTERM: three batches for one user (run one after another).
    const ingestionIds: string[] = [];
    for (let b = 0; b < 3; b++) {
      const res = await request(server, key, "POST", "/ingest", { user_id: "interrupted", message_history: messages(`b${b}`, 400) });
      expect(res.status).toBe(200);
      ingestionIds.push(res.body.ingestion_id);
    }

    // Load: 8 keep-alive clients, each sending its next request as soon as the last is answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const sent: Sent[] = [];
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) {
        const s: Sent = { sentAt: Date.now() };
        sent.push(s);
        try {
          s.status = (await request(server, key, "GET", "/summary?user_id=reader", undefined, agent)).status;
        } catch (e) {
          s.error = (e as NodeJS.ErrnoException).code ?? String(e);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    await expect.poll(() => sent.filter((x) => x.status === 200).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(40);
    const finishing = slowRequest(server, key, { user_id: "slow-but-finishing", traits: { note: "x".repeat(2000) } });
    const hanging = slowRequest(server, key, { user_id: "never-finishing", traits: { note: "y".repeat(2000) } });
    await Promise.all([finishing.received, hanging.received]);
    await new Promise((r) => setTimeout(r, 200));

    const t0 = Date.now();
    server.signal("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    // The process is still draining (two requests in flight), but accepts no new connection.
    const alive = await Promise.race([server.exited.then(() => false), Promise.resolve(true)]);
    expect(alive).toBe(true);
    expect(await connectOnce(server.port)).toBe("ECONNREFUSED");
    await new Promise((r) => setTimeout(r, 1000));
    finishing.finish();

    const exit = await server.exited;
    loading = false;
    await Promise.all(clients);
    agent.destroy();
    const tookMs = exit.at - t0;

    // In flight at SIGTERM and finished within the bound: answered.
    expect(await finishing.done, server.log()).toEqual({ status: 201 });
    // Never finished: cut off when the grace period ran out, and the exit came right after.
    expect((await hanging.done).status).toBeUndefined();
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(tookMs, server.log()).toBeLessThan(GRACE_MS + CLEANUP_BOUND_MS);
    expect(exit.code).toBe(0);
    expect(server.log()).toContain(`1 request(s) still running after ${GRACE_MS} ms: cut off (POST /register)`);

    // Keep-alive clients: everything sent before SIGTERM was answered (a connection idle at the
    // signal stays open a second for a request already on its way, answered with Connection:
    // close); once that second is over nothing is served, new connections are refused.
    const before = sent.filter((s) => s.sentAt < t0);
    const after = sent.filter((s) => s.sentAt > t0 + 1500);
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.filter((s) => s.status !== 200)).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((s) => s.status !== undefined)).toEqual([]);
    expect(after.filter((s) => s.error === "ECONNREFUSED").length).toBeGreaterThan(0);
    expect(after.filter((s) => s.error !== "ECONNREFUSED" && s.error !== "ECONNRESET")).toEqual([]);

    // Background work was left resumable: some ingestion not done yet, none failed.
    const db = await openDb(dataDir);
    const statuses = (await db.query<{ status: string }>(`select status from ingestions where id = any($1) order by created_at`, [ingestionIds])).rows.map((r) => r.status);
    await db.close();
    expect(statuses).not.toContain("failed");
    expect(statuses.filter((s) => s !== "done").length).toBeGreaterThan(0);

    // The next start resumes it; every ingestion reaches done.
    server = await launchServer({ dataDir, env });
    for (const id of ingestionIds) {
      await expect
        .poll(async () => (await request(server, key, "GET", `/ingestions/${id}`)).body.status, { timeout: 120_000, intervals: [250] })
        .toBe("done");
    }
    // The same messages processed without interruption, for a control user.
    await request(server, key, "POST", "/register", { user_id: "control", traits: { name: "Ash" } });
    const control: string[] = [];
    for (let b = 0; b < 3; b++) {
      control.push((await request(server, key, "POST", "/ingest", { user_id: "control", message_history: messages(`b${b}`, 400) })).body.ingestion_id);
    }
    for (const id of control) {
      await expect
        .poll(async () => (await request(server, key, "GET", `/ingestions/${id}`)).body.status, { timeout: 120_000, intervals: [250] })
        .toBe("done");
    }
    await stopServer(server);

    const check = await openDb(dataDir);
    const counts = await check.query<{ user_id: string; memories: number; distinct_texts: number; chunks: number }>(`
      select u.user_id, count(distinct m.id)::int as memories, count(distinct m.text_hash)::int as distinct_texts,
             (select count(*)::int from search_index s where s.end_user_id = u.id) as chunks
      from end_users u join memories m on m.end_user_id = u.id
      where u.user_id in ('interrupted', 'control') group by u.id, u.user_id order by u.user_id`);
    await check.close();
    const [ctl, intr] = counts.rows;
    expect(intr!.memories).toBe(intr!.distinct_texts);
    expect(intr!.memories).toBe(ctl!.memories);
    expect(intr!.chunks).toBe(ctl!.chunks);
  } finally {
    server.kill9();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
