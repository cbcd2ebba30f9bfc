import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP stand-in for Inngest, speaking the wire protocol of the inngest v4 SDK
 * (read from node_modules/inngest: InngestCommHandler, helpers/net, api/api):
 *
 * - the event API: `POST /e/<event key>` with a JSON array of events → `{ ids, status: 200 }`;
 *   an unknown event key is refused with 401, as Inngest does;
 * - the sync: `PUT /api/inngest` makes the SDK `POST /fn/register` here with the function
 *   configs (trigger, step URL, concurrency…), authorized by `Bearer <hashed signing key>`;
 * - the executor: for each event, every function it triggers is run by calling the app's
 *   step URL (`/api/inngest?fnId=…&stepId=step`) with a signed request body
 *   `{ event, events, steps, ctx: { run_id, attempt, stack }, version }`. The SDK answers
 *   206 with the step it ran (`StepRun`) or planned (`StepPlanned`), 200 with the result, or
 *   an error; the step's output is memoized and sent back on the next call, until the run ends.
 *   Each response's `X-Inngest-Signature` is verified as Inngest does.
 * - `checkpoint` mode: the request's ctx carries `fn_id` and `qi_id` as Inngest Cloud sends them;
 *   the SDK then runs several steps in one request and checkpoints each to
 *   `POST /v1/checkpoint/<run id>/async` here.
 *
 * Signatures: `t=<unix seconds>&s=<hex HMAC-SHA256(key, canonical JSON body + t)>`, the key
 * being the signing key without its `signkey-<env>-` prefix.
 */

export interface FakeEvent {
  id: string;
  /** The id the sender gave the event (deduplication). */
  sentId?: string;
  name: string;
  data: Record<string, any>;
  ts: number;
}

interface FunctionConfig {
  id: string;
  name?: string;
  triggers: { event?: string; expression?: string; cron?: string }[];
  steps: Record<string, { runtime: { url: string }; retries?: { attempts: number } }>;
  concurrency?: unknown;
}

export interface RunRecord {
  runId: string;
  functionId: string;
  event: FakeEvent;
  status: "completed" | "failed";
  output: unknown;
  /** Requests made to the app for this run. */
  calls: number;
  /** Step names in the order they completed. */
  steps: string[];
}

export type Deliver = (req: Request) => Promise<Response>;

export interface DrainOptions {
  /** `classic`: one step per request. `checkpoint`: ctx carries fn_id/qi_id; the SDK checkpoints steps. */
  mode?: "classic" | "checkpoint";
  /**
   * Simulates a response lost on the way back (a timeout): the step the app just ran is
   * requested again with the same memo, as Inngest retries a request it got no answer for.
   */
  loseResponseOf?: (stepName: string) => boolean;
  /** Only run functions whose id matches (events of other functions are left for a later drain). */
  only?: (functionId: string) => boolean;
}

export interface FakeInngest {
  url: string;
  eventKey: string;
  signingKey: string;
  events: FakeEvent[];
  functions: FunctionConfig[];
  /** Requests refused for a wrong event key or signing key. */
  refused: { path: string; reason: string }[];
  /** While true, the event API answers 503 (an outage of Inngest's event API); nothing is stored. */
  eventsDown: boolean;
  /** Signs a body as Inngest does (exposed so tests can build requests by hand). */
  sign(body: string, key?: string, at?: number): string;
  /** A signed execution request for `functionId` and `event`, as the executor sends its first call. */
  executionRequest(functionId: string, event: FakeEvent, opts?: { signature?: string | null; body?: unknown }): Request;
  /**
   * The scheduler's tick: one `inngest/scheduled.timer` event per function with a cron trigger,
   * as Inngest sends when the schedule fires (run by the next `drain`).
   */
  tick(): void;
  /** Runs every function triggered by events not yet handled (and by events those runs send), until none are left. */
  drain(deliver: Deliver, opts?: DrainOptions): Promise<RunRecord[]>;
  close(): Promise<void>;
}

/** RFC 8785 (JCS) for JSON values: keys sorted, no whitespace (what the SDK canonicalizes to). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : canonicalJson(x))).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
}

const withoutPrefix = (key: string) => key.replace(/^signkey-\w+-/, "");
/** What the SDK sends as `Authorization: Bearer …` to Inngest's API. */
const hashedSigningKey = (key: string) => `${key.match(/^signkey-\w+-/)?.[0] ?? ""}${createHash("sha256").update(Buffer.from(withoutPrefix(key), "hex")).digest("hex")}`;

function signWith(body: string, key: string, at = Math.round(Date.now() / 1000)): string {
  const s = createHmac("sha256", withoutPrefix(key)).update(body + String(at)).digest("hex");
  return `t=${at}&s=${s}`;
}

function verifySignature(header: string | null, body: string, key: string): boolean {
  if (!header) return false;
  const p = new URLSearchParams(header);
  const t = p.get("t");
  const s = p.get("s");
  if (!t || !s) return false;
  const expected = createHmac("sha256", withoutPrefix(key)).update(body + t).digest("hex");
  return s.length === expected.length && timingSafeEqual(Buffer.from(s), Buffer.from(expected));
}

async function readJson(req: IncomingMessage): Promise<any> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const text = Buffer.concat(parts).toString("utf8");
  return text ? JSON.parse(text) : null;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startFakeInngest(): Promise<FakeInngest> {
  const eventKey = `evt_${randomBytes(12).toString("hex")}`;
  const signingKey = `signkey-test-${randomBytes(32).toString("hex")}`;
  const events: FakeEvent[] = [];
  const functions: FunctionConfig[] = [];
  const refused: FakeInngest["refused"] = [];
  /** Steps checkpointed by the SDK, per run id. */
  const checkpoints = new Map<string, { id: string; op: string; name?: string; displayName?: string; data?: unknown; error?: unknown }[]>();
  let seq = 0;
  const outage = { eventsDown: false };

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const auth = req.headers.authorization;
      if (req.method === "POST" && path.startsWith("/e/")) {
        if (outage.eventsDown) return send(res, 503, { error: "Service unavailable", status: 503 });
        if (decodeURIComponent(path.slice(3)) !== eventKey) {
          refused.push({ path, reason: "unknown event key" });
          return send(res, 401, { error: "Event key not found", status: 401 });
        }
        const body = await readJson(req);
        const ids: string[] = [];
        for (const e of Array.isArray(body) ? body : [body]) {
          // An event whose id was received before is dropped, as Inngest does within 24 h.
          if (e.id && events.some((x) => x.sentId === e.id)) continue;
          const id = `01FAKE${String(++seq).padStart(20, "0")}`;
          events.push({ id, name: e.name, data: e.data ?? {}, ts: e.ts ?? Date.now(), ...(e.id ? { sentId: e.id } : {}) });
          ids.push(id);
        }
        return send(res, 200, { ids, status: 200 });
      }
      if (auth !== `Bearer ${hashedSigningKey(signingKey)}`) {
        refused.push({ path, reason: "bad signing key" });
        return send(res, 401, { error: "unauthorized" });
      }
      if (req.method === "POST" && path === "/fn/register") {
        const body = await readJson(req);
        functions.splice(0, functions.length, ...(body.functions as FunctionConfig[]));
        return send(res, 200, { ok: true, modified: true });
      }
      const checkpoint = path.match(/^\/v1\/checkpoint\/([^/]+)\/async$/);
      if (req.method === "POST" && checkpoint) {
        const body = await readJson(req);
        const runId = decodeURIComponent(checkpoint[1]!);
        checkpoints.set(runId, [...(checkpoints.get(runId) ?? []), ...body.steps]);
        return send(res, 200, {});
      }
      return send(res, 404, { error: `no fake route for ${req.method} ${path}` });
    })().catch((e: unknown) => send(res, 500, { error: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const handled = new Set<string>();

  function stepUrl(fn: FunctionConfig, stepId = "step"): string {
    const u = new URL(fn.steps.step!.runtime.url);
    u.searchParams.set("stepId", stepId);
    return u.toString();
  }

  function fnFor(functionId: string): FunctionConfig {
    const fn = functions.find((f) => f.id === functionId);
    if (!fn) throw new Error(`function ${functionId} was not synced (${functions.map((f) => f.id).join(", ")})`);
    return fn;
  }

  function request(fn: FunctionConfig, stepId: string, body: unknown, signature?: string | null): Request {
    const text = canonicalJson(body);
    const headers: Record<string, string> = { "content-type": "application/json", "x-inngest-framework": "fake" };
    const sig = signature === undefined ? signWith(text, signingKey) : signature;
    if (sig) headers["x-inngest-signature"] = sig;
    return new Request(stepUrl(fn, stepId), { method: "POST", headers, body: text });
  }

  function firstBody(event: FakeEvent, runId: string, fn: FunctionConfig, mode: DrainOptions["mode"]) {
    return {
      event,
      events: [event],
      steps: {},
      ctx: {
        run_id: runId,
        attempt: 0,
        max_attempts: (fn.steps.step!.retries?.attempts ?? 3) + 1,
        disable_immediate_execution: false,
        use_api: false,
        stack: { stack: [], current: 0 },
        ...(mode === "checkpoint" ? { fn_id: `fn-${fn.id}`, qi_id: `qi-${runId}` } : {}),
      },
      version: -1,
    };
  }

  async function run(fn: FunctionConfig, event: FakeEvent, deliver: Deliver, opts: DrainOptions): Promise<RunRecord> {
    const runId = `run_${randomBytes(8).toString("hex")}`;
    const retries = fn.steps.step!.retries?.attempts ?? 3;
    const body = firstBody(event, runId, fn, opts.mode);
    const steps = body.steps as Record<string, { type: "data"; data: unknown } | { type: "error"; error: unknown }>;
    const stack = body.ctx.stack.stack as string[];
    const record: RunRecord = { runId, functionId: fn.id, event, status: "failed", output: null, calls: 0, steps: [] };
    const lost = new Set<string>();
    let stepId = "step";
    const complete = (op: { id: string; data?: unknown; error?: unknown; name?: string; displayName?: string }, error = false) => {
      if (steps[op.id]) return;
      steps[op.id] = error ? { type: "error", error: op.error } : { type: "data", data: op.data ?? null };
      stack.push(op.id);
      record.steps.push(op.displayName ?? op.name ?? op.id);
    };
    while (record.calls < 500) {
      record.calls++;
      body.ctx.stack.current = stack.length;
      const res = await deliver(request(fn, stepId, body));
      const text = await res.text();
      if (!verifySignature(res.headers.get("x-inngest-signature"), text, signingKey)) {
        throw new Error(`the app's response to ${fn.id} is not signed with the signing key (status ${res.status}): ${text.slice(0, 300)}`);
      }
      const v = Number(res.headers.get("x-inngest-req-version"));
      if (Number.isFinite(v) && res.headers.has("x-inngest-req-version")) body.version = v;
      for (const op of checkpoints.get(runId) ?? []) if (op.op === "StepRun") complete(op);
      checkpoints.delete(runId);
      if (res.status === 200) {
        record.status = "completed";
        record.output = text ? JSON.parse(text) : null;
        return record;
      }
      if (res.status === 206) {
        const ops = JSON.parse(text) as { id: string; op: string; name?: string; displayName?: string; data?: unknown; error?: unknown }[];
        stepId = "step";
        for (const op of ops) {
          const name = op.displayName ?? op.name ?? op.id;
          if (op.op === "RunComplete") {
            // Checkpointing: the SDK ran the function to its end within this request.
            record.status = "completed";
            record.output = op.data ?? null;
            return record;
          }
          if (op.op === "StepRun") {
            if (opts.loseResponseOf?.(name) && !lost.has(op.id)) {
              lost.add(op.id); // as if this answer never arrived: the same request goes again
              continue;
            }
            complete(op);
          } else if (op.op === "StepPlanned") stepId = op.id;
          else if (op.op === "StepError") {
            if (body.ctx.attempt >= retries) complete(op, true);
            else body.ctx.attempt++;
          } else if (op.op === "StepFailed") complete(op, true);
          // A step.sleep: Inngest would call back once it has passed; the stand-in ends it at once.
          else if (op.op === "Sleep") complete(op);
          else throw new Error(`the stand-in does not implement op ${op.op}`);
        }
        if (ops.every((op) => op.op !== "StepError")) body.ctx.attempt = 0;
        continue;
      }
      if (res.status >= 500 && res.headers.get("x-inngest-no-retry") !== "true" && body.ctx.attempt < retries) {
        body.ctx.attempt++;
        continue;
      }
      record.output = text;
      return record;
    }
    throw new Error(`${fn.id} did not finish in ${record.calls} calls`);
  }

  const triggered = (e: FakeEvent) =>
    functions.filter((f) =>
      e.name === "inngest/scheduled.timer"
        ? e.data.function_id === f.id
        : f.triggers.some((t) => t.event === e.name && (!t.expression || t.expression.includes(`'${String(e.data.function_id)}'`))),
    );

  return {
    url,
    eventKey,
    signingKey,
    events,
    functions,
    refused,
    get eventsDown() {
      return outage.eventsDown;
    },
    set eventsDown(down: boolean) {
      outage.eventsDown = down;
    },
    sign: (body, key = signingKey, at) => signWith(body, key, at),
    executionRequest: (functionId, event, o = {}) => {
      const fn = fnFor(functionId);
      return request(fn, "step", o.body ?? firstBody(event, `run_${randomBytes(8).toString("hex")}`, fn, "classic"), o.signature);
    },
    tick() {
      for (const f of functions) {
        const cron = f.triggers.find((t) => t.cron)?.cron;
        if (cron) events.push({ id: `01CRON${String(++seq).padStart(20, "0")}`, name: "inngest/scheduled.timer", ts: Date.now(), data: { cron, function_id: f.id } });
      }
    },
    async drain(deliver, opts = {}) {
      const runs: RunRecord[] = [];
      // With `only`, events for other functions wait for a later drain.
      const wanted = (e: FakeEvent) => !opts.only || triggered(e).some((fn) => opts.only!(fn.id));
      for (;;) {
        const next = events.find((e) => !handled.has(e.id) && wanted(e));
        if (!next) return runs;
        handled.add(next.id);
        for (const fn of triggered(next)) {
          if (opts.only && !opts.only(fn.id)) continue;
          const r = await run(fn, next, deliver, opts);
          runs.push(r);
          if (r.status === "failed") {
            // As Inngest does once retries are spent: the function's failure handler is triggered.
            const failed = { id: `01FAIL${String(++seq).padStart(20, "0")}`, name: "inngest/function.failed", ts: Date.now(), data: { function_id: fn.id, run_id: r.runId, error: { message: String(r.output) }, event: next } };
            events.push(failed);
          }
        }
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
