"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { Badge, StatusCodeBadge } from "@/components/ui/badge";
import { Button, Spinner } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatMs } from "@/components/ui/format";
import { CheckIcon, CrossIcon } from "@/components/ui/icons";
import { FIRST_TEST_QUESTION, SPEC_REGISTER, SPEC_SUMMARY_MAX_CHARS, specChunks, specIngest } from "@/lib/spec-examples";
import type { ApiRequest, ApiResponse } from "./api-client";

type StepId = "register" | "ingest" | "summary" | "chunks" | "query";
type StepStatus = "idle" | "running" | "passed" | "failed";

interface StepState {
  status: StepStatus;
  detail?: string;
  call?: { method: string; path: string; status: number; latencyMs: number };
  response?: string;
  progress?: { status: string; elapsedMs: number; polls: number };
  /** The last GET /ingestions/{id} while waiting for processing. */
  poll?: string;
}

const STEPS: { id: StepId; title: string; expect: string }[] = [
  { id: "register", title: "Register the spec's user", expect: "POST /register answers 200/201 with a user_id" },
  { id: "ingest", title: "Ingest the sushi conversation and the Q4 goals", expect: "POST /ingest is accepted and processing finishes (status done)" },
  { id: "summary", title: "Get the profile summary", expect: `GET /summary?max_chars=${SPEC_SUMMARY_MAX_CHARS} answers 200 with a summary` },
  { id: "chunks", title: "Retrieve relevant chunks", expect: "POST /chunks returns a chunk that mentions sushi" },
  { id: "query", title: "Ask a question about the user", expect: `POST /query answers "${FIRST_TEST_QUESTION}"` },
];

const PROGRESS: Record<string, number> = { queued: 25, processing: 60, done: 100, failed: 100 };
const POLL_MS = 500;
const PROCESSING_TIMEOUT_MS = 120_000;

class StepFailure extends Error {}

function describeFailure(res: ApiResponse, expected: string): string {
  const env = res.json as { error?: { code?: string; message?: string } } | undefined;
  if (env?.error?.message) return `Expected ${expected}, got ${res.status} ${env.error.code}: ${env.error.message}`;
  if (res.status === 404) return `Expected ${expected}, got 404: this endpoint is not available on this server yet.`;
  return `Expected ${expected}, got ${res.status}.`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const excerpt = (s: string, n = 160) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

/**
 * The Quick Start as a test: register → ingest (and wait for processing) → summary →
 * chunks → query, through the real public API with the playground's sandbox key. Each step
 * turns green only when its response is right.
 */
export function FirstTest({
  send,
  workspaceId,
  onUserId,
}: {
  send: (req: ApiRequest, signal?: AbortSignal) => Promise<ApiResponse>;
  workspaceId: string;
  onUserId: (userId: string, ingestionId?: string) => void;
}) {
  const [steps, setSteps] = useState<Record<StepId, StepState>>(() => initial());
  const [running, setRunning] = useState(false);
  const [userId, setUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  function initial(): Record<StepId, StepState> {
    return { register: { status: "idle" }, ingest: { status: "idle" }, summary: { status: "idle" }, chunks: { status: "idle" }, query: { status: "idle" } };
  }
  const update = (id: StepId, s: Partial<StepState>) => setSteps((prev) => ({ ...prev, [id]: { ...prev[id], ...s } }));

  async function call(id: StepId, req: ApiRequest, signal: AbortSignal): Promise<ApiResponse> {
    const res = await send(req, signal);
    const html = res.headers.some(([k, v]) => k === "content-type" && v.includes("text/html"));
    update(id, {
      call: { method: req.method, path: req.path, status: res.status, latencyMs: res.latencyMs },
      response:
        res.json !== undefined
          ? JSON.stringify(res.json, null, 2)
          : html
            ? `(An HTML page of ${res.text.length} bytes, not a JSON answer: ${req.path.split("?")[0]} is not an API route on this server.)`
            : res.text.slice(0, 4000),
    });
    return res;
  }

  async function run() {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const signal = controller.signal;
    setSteps(initial());
    setRunning(true);
    setUserId(null);
    setError(null);
    let current: StepId = "register";
    try {
      current = "register";
      update("register", { status: "running" });
      const reg = await call("register", { method: "POST", path: "/register", body: JSON.stringify(SPEC_REGISTER, null, 2) }, signal);
      const uid = (reg.json as { user_id?: unknown } | undefined)?.user_id;
      if (![200, 201].includes(reg.status) || typeof uid !== "string") throw new StepFailure(describeFailure(reg, "200 or 201 with a user_id"));
      setUserId(uid);
      onUserId(uid);
      update("register", { status: "passed", detail: `user_id ${uid} (${reg.status === 201 ? "created" : "already registered, traits merged"})` });

      current = "ingest";
      update("ingest", { status: "running" });
      const ing = await call("ingest", { method: "POST", path: "/ingest", body: JSON.stringify(specIngest(uid), null, 2) }, signal);
      const ingBody = ing.json as { ingestion_id?: unknown; saved?: { documents?: number; messages?: number; message_history?: number } } | undefined;
      if (![200, 202].includes(ing.status) || typeof ingBody?.ingestion_id !== "string") {
        throw new StepFailure(describeFailure(ing, "200 with an ingestion_id"));
      }
      const ingestionId = ingBody.ingestion_id;
      onUserId(uid, ingestionId);
      const started = Date.now();
      let polls = 0;
      for (;;) {
        const st = await send({ method: "GET", path: `/ingestions/${encodeURIComponent(ingestionId)}` }, signal);
        polls++;
        const body = st.json as { status?: string; error?: string; counts?: { memories_added?: number; memories_updated?: number; document_chunks?: number } } | undefined;
        if (st.status !== 200 || !body?.status) throw new StepFailure(describeFailure(st, "200 from GET /ingestions/{id}"));
        update("ingest", { progress: { status: body.status, elapsedMs: Date.now() - started, polls }, poll: JSON.stringify(body, null, 2) });
        if (body.status === "done") {
          const c = body.counts ?? {};
          update("ingest", {
            status: "passed",
            detail: `${ingestionId}: processed in ${formatMs(Date.now() - started)}; ${plural(c.memories_added ?? 0, "memory", "memories")} added, ${c.memories_updated ?? 0} updated, ${plural(c.document_chunks ?? 0, "document chunk", "document chunks")}`,
          });
          break;
        }
        if (body.status === "failed") throw new StepFailure(`Processing failed: ${body.error ?? "no reason given"}`);
        if (Date.now() - started > PROCESSING_TIMEOUT_MS) throw new StepFailure(`Still ${body.status} after ${formatMs(PROCESSING_TIMEOUT_MS)}.`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }

      current = "summary";
      update("summary", { status: "running" });
      const sum = await call(
        "summary",
        { method: "GET", path: `/summary?user_id=${encodeURIComponent(uid)}&max_chars=${SPEC_SUMMARY_MAX_CHARS}` },
        signal,
      );
      const summary = (sum.json as { summary?: unknown } | undefined)?.summary;
      if (sum.status !== 200 || typeof summary !== "string" || !summary.trim()) {
        throw new StepFailure(sum.status === 200 ? "The response has no summary text." : describeFailure(sum, "200 with a summary"));
      }
      update("summary", { status: "passed", detail: excerpt(summary) });

      current = "chunks";
      update("chunks", { status: "running" });
      const ch = await call("chunks", { method: "POST", path: "/chunks", body: JSON.stringify(specChunks(uid), null, 2) }, signal);
      const chunks = (ch.json as { chunks?: { text?: string; score?: number }[] } | undefined)?.chunks;
      if (ch.status !== 200 || !Array.isArray(chunks)) throw new StepFailure(describeFailure(ch, "200 with chunks"));
      const sushi = chunks.find((c) => typeof c.text === "string" && /sushi/i.test(c.text));
      if (!sushi) throw new StepFailure(`None of the ${chunks.length} chunks mentions sushi.`);
      update("chunks", { status: "passed", detail: `“${excerpt(sushi.text ?? "", 120)}”${typeof sushi.score === "number" ? ` (score ${sushi.score.toFixed(2)})` : ""}` });

      current = "query";
      update("query", { status: "running" });
      const q = await call(
        "query",
        { method: "POST", path: "/query", body: JSON.stringify({ user_id: uid, question: FIRST_TEST_QUESTION, use_cache: true }, null, 2) },
        signal,
      );
      const answer = (q.json as { answer?: unknown } | undefined)?.answer;
      if (q.status !== 200 || typeof answer !== "string" || !answer.trim()) {
        throw new StepFailure(q.status === 200 ? "The response has no answer." : describeFailure(q, "200 with an answer"));
      }
      update("query", { status: "passed", detail: excerpt(answer) });
    } catch (e) {
      if (signal.aborted) return;
      const message =
        e instanceof StepFailure ? e.message : e instanceof Error && e.message === "Failed to fetch" ? "Could not reach the server." : String((e as Error)?.message ?? e);
      update(current, { status: "failed", detail: message });
      setError(message);
    } finally {
      if (!signal.aborted) setRunning(false);
    }
  }

  const passed = STEPS.filter((s) => steps[s.id].status === "passed").length;
  const allPassed = passed === STEPS.length;

  return (
    <Card aria-labelledby="first-test-title" data-testid="first-test">
      <CardHeader
        id="first-test-title"
        title="First end-to-end test"
        description="Runs the Quick Start against your sandbox: register → ingest → summary → chunks → query."
        actions={
          <>
            <span className="text-sm text-slate-500" aria-live="polite">
              {passed}/{STEPS.length} passed
            </span>
            <Button onClick={run} loading={running}>
              {running ? "Running…" : passed || error ? "Run again" : "Run the first test"}
            </Button>
          </>
        }
      />
      <ol className="divide-y divide-slate-100">
        {STEPS.map((s, i) => (
          <Step key={s.id} index={i + 1} id={s.id} title={s.title} expect={s.expect} state={steps[s.id]} />
        ))}
      </ol>
      {allPassed && userId && (
        <div role="status" className="flex flex-wrap items-center gap-3 border-t border-emerald-100 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 sm:px-5">
          <CheckIcon className="h-5 w-5 text-emerald-600" />
          <span className="font-medium">All steps passed. Your sandbox is working end to end.</span>
          <span className="flex flex-wrap gap-3 sm:ml-auto">
            <Link href={`/w/${workspaceId}/users/${encodeURIComponent(userId)}`} className="font-medium underline underline-offset-2">
              See the user and their memories
            </Link>
            <Link href={`/w/${workspaceId}/logs`} className="font-medium underline underline-offset-2">
              See the requests
            </Link>
          </span>
        </div>
      )}
    </Card>
  );
}

function Step({ index, id, title, expect, state }: { index: number; id: StepId; title: string; expect: string; state: StepState }) {
  const label = { idle: "not run", running: "running", passed: "passed", failed: "failed" }[state.status];
  return (
    <li data-testid={`first-test-step-${id}`} data-status={state.status} aria-label={`Step ${index}: ${title} — ${label}`} className="px-4 py-3.5 sm:px-5">
      <div className="flex items-start gap-3">
        <span
          aria-hidden
          className={cn(
            "mt-0.5 grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs font-semibold",
            state.status === "passed" && "bg-emerald-500 text-white",
            state.status === "failed" && "bg-rose-500 text-white",
            state.status === "running" && "bg-brand-50 text-brand-600",
            state.status === "idle" && "bg-slate-100 text-slate-500",
          )}
        >
          {state.status === "passed" ? <CheckIcon /> : state.status === "failed" ? <CrossIcon /> : state.status === "running" ? <Spinner /> : index}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <p className="font-medium text-slate-900">{title}</p>
            {state.call && (
              <span className="flex items-center gap-2 text-xs text-slate-500">
                <StatusCodeBadge status={state.call.status} />
                <span>{formatMs(state.call.latencyMs)}</span>
              </span>
            )}
            {state.status === "passed" && <Badge tone="green">Passed</Badge>}
            {state.status === "failed" && <Badge tone="red">Failed</Badge>}
          </div>
          <p className="mt-0.5 text-xs text-slate-500">{expect}</p>
          {id === "ingest" && state.progress && state.status !== "idle" && (
            <div className="mt-2 max-w-md">
              <div className="flex justify-between text-xs text-slate-600">
                <span>
                  Background processing: <strong className="font-medium">{state.progress.status}</strong>
                </span>
                <span>{formatMs(state.progress.elapsedMs)}</span>
              </div>
              <div
                role="progressbar"
                aria-label="Background processing"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={PROGRESS[state.progress.status] ?? 10}
                aria-valuetext={state.progress.status}
                className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100"
              >
                <div
                  className={cn("h-full rounded-full transition-all duration-500", state.status === "failed" ? "bg-rose-500" : state.progress.status === "done" ? "bg-emerald-500" : "bg-brand-500")}
                  style={{ width: `${PROGRESS[state.progress.status] ?? 10}%` }}
                />
              </div>
            </div>
          )}
          {state.detail && (
            <p className={cn("mt-1.5 break-words text-sm", state.status === "failed" ? "text-rose-700" : "text-slate-700")}>{state.detail}</p>
          )}
          {state.response && (
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer select-none text-xs font-medium text-slate-500 hover:text-slate-800">
                Response{state.call ? ` of ${state.call.method} ${state.call.path.split("?")[0]}` : ""}
              </summary>
              <pre className="mt-1.5 max-h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100">{state.response}</pre>
            </details>
          )}
          {state.poll && (
            <details className="mt-1 text-sm">
              <summary className="cursor-pointer select-none text-xs font-medium text-slate-500 hover:text-slate-800">
                Last response of GET /ingestions/{"{id}"} ({state.progress?.polls ?? 0} poll{state.progress?.polls === 1 ? "" : "s"})
              </summary>
              <pre className="mt-1.5 max-h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100">{state.poll}</pre>
            </details>
          )}
        </div>
      </div>
    </li>
  );
}
