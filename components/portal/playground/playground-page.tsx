"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { StatusCodeBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass, Textarea } from "@/components/ui/field";
import { formatMs } from "@/components/ui/format";
import { FlaskIcon } from "@/components/ui/icons";
import { EmptyState } from "@/components/ui/states";
import { errorMessage } from "@/components/trpc";
import { curlSnippet, pythonSnippet, typescriptSnippet } from "@/lib/snippets";
import { usePortal } from "../context";
import { useOrigin } from "../key-reveal";
import { requestHeaders, type ApiResponse } from "./api-client";
import { PLAYGROUND_CONTEXT_KEY, PLAYGROUND_ENDPOINTS, type PlaygroundEndpoint } from "./endpoints";
import { FirstTest } from "./first-test";
import { usePlaygroundKey, type PlaygroundKeyState } from "./use-playground-key";


interface Draft {
  path: string;
  body?: string;
  /** Edited by hand: do not overwrite it when a new user_id comes in. */
  dirty: boolean;
}

export function PlaygroundPage() {
  const { workspace, environment, setEnvironment } = usePortal();
  const playKey = usePlaygroundKey(workspace.id);
  const [ctx, setCtx] = useState<{ userId?: string; ingestionId?: string }>({});
  useEffect(() => {
    try {
      setCtx(JSON.parse(sessionStorage.getItem(PLAYGROUND_CONTEXT_KEY(workspace.id)) ?? "{}"));
    } catch {
      /* nothing remembered */
    }
  }, [workspace.id]);
  const remember = useCallback(
    (userId?: string, ingestionId?: string) =>
      setCtx((prev) => {
        const next = { userId: userId ?? prev.userId, ingestionId: ingestionId ?? prev.ingestionId };
        sessionStorage.setItem(PLAYGROUND_CONTEXT_KEY(workspace.id), JSON.stringify(next));
        return next;
      }),
    [workspace.id],
  );

  return (
    <>
      <PageHeader
        title="Playground"
        description="Call the real public API of this server with a sandbox key of this workspace. Requests and their data land in your sandbox."
      />
      {environment === "live" && (
        <div className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-violet-200 bg-violet-50 px-4 py-2.5 text-sm text-violet-900">
          <span>The playground always uses your sandbox, whatever the environment switch shows.</span>
          <Button size="sm" variant="secondary" onClick={() => setEnvironment("sandbox")}>
            Switch to sandbox
          </Button>
        </div>
      )}
      <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-slate-600" aria-live="polite">
        <span className="min-w-0">
          Requests use your playground key{" "}
          {playKey.current ? (
            <code className="break-all font-mono text-slate-900" data-testid="playground-key">
              {playKey.current.masked}
            </code>
          ) : playKey.loading ? (
            <span className="text-slate-500">(loading…)</span>
          ) : null}
          <span className="text-slate-500">: a sandbox key of yours in this workspace, the same in every tab.</span>
        </span>
        {playKey.current && (
          <Button size="sm" variant="ghost" loading={playKey.renewing} onClick={() => void playKey.renew().catch(() => {})}>
            Use a new key
          </Button>
        )}
        {playKey.error && (
          <span role="alert" className="text-rose-700">
            {errorMessage(playKey.error)}{" "}
            <button type="button" className="font-medium underline underline-offset-2" onClick={() => void playKey.retry().catch(() => {})}>
              Try again
            </button>
          </span>
        )}
      </div>
      <div className="space-y-6">
        <FirstTest send={playKey.send} workspaceId={workspace.id} onUserId={remember} />
        <Console send={playKey.send} ctx={ctx} remember={remember} playgroundKey={playKey.current} keyLoading={playKey.loading} />
      </div>
    </>
  );
}

function Console({
  send,
  ctx,
  remember,
  playgroundKey,
  keyLoading,
}: {
  send: ReturnType<typeof usePlaygroundKey>["send"];
  ctx: { userId?: string; ingestionId?: string };
  remember: (userId?: string, ingestionId?: string) => void;
  playgroundKey: PlaygroundKeyState | null;
  keyLoading: boolean;
}) {
  const [selected, setSelected] = useState<PlaygroundEndpoint["id"]>("register");
  const endpoint = PLAYGROUND_ENDPOINTS.find((e) => e.id === selected)!;
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [responses, setResponses] = useState<Record<string, ApiResponse | { error: string }>>({});
  const [sending, setSending] = useState(false);
  const origin = useOrigin();

  // Examples follow the last user_id / ingestion_id, unless edited by hand.
  const draft: Draft = useMemo(() => {
    const d = drafts[selected];
    return d?.dirty ? d : { ...endpoint.example(ctx), dirty: false };
  }, [drafts, selected, endpoint, ctx]);
  const edit = (patch: Partial<Draft>) => setDrafts((prev) => ({ ...prev, [selected]: { ...draft, ...patch, dirty: true } }));
  const reset = () => setDrafts((prev) => ({ ...prev, [selected]: { ...endpoint.example(ctx), dirty: false } }));

  const bodyError = useMemo(() => {
    if (endpoint.method === "GET" || draft.body === undefined) return null;
    try {
      JSON.parse(draft.body);
      return null;
    } catch (e) {
      return `Not valid JSON: ${(e as Error).message}`;
    }
  }, [draft.body, endpoint.method]);

  async function sendNow() {
    setSending(true);
    try {
      const res = await send({ method: endpoint.method, path: draft.path.startsWith("/") ? draft.path : `/${draft.path}`, body: endpoint.method === "POST" ? draft.body : undefined });
      setResponses((prev) => ({ ...prev, [selected]: res }));
      const json = res.json as { user_id?: unknown; ingestion_id?: unknown } | undefined;
      if (res.status < 300 && (typeof json?.user_id === "string" || typeof json?.ingestion_id === "string")) {
        remember(
          selected === "register" && typeof json?.user_id === "string" ? json.user_id : undefined,
          typeof json?.ingestion_id === "string" ? json.ingestion_id : undefined,
        );
      }
    } catch (e) {
      setResponses((prev) => ({ ...prev, [selected]: { error: errorMessage(e) } }));
    } finally {
      setSending(false);
    }
  }

  const snippetReq = {
    method: endpoint.method,
    url: origin + draft.path,
    // The key the playground itself sends, so a copied command does exactly what "Send" does.
    headers: requestHeaders(playgroundKey?.key ?? "<your_sandbox_key>", endpoint.method === "POST"),
    body: endpoint.method === "POST" ? draft.body : undefined,
  };
  const response = responses[selected];

  return (
    <Card aria-labelledby="console-title">
      <CardHeader id="console-title" title="Endpoints" description="Edit a request and send it. Examples come from the API's Quick Start." />
      <div className="grid lg:grid-cols-[13rem_1fr]">
        <div
          role="tablist"
          aria-label="Endpoints"
          onKeyDown={(e) => {
            const step = e.key === "ArrowDown" || e.key === "ArrowRight" ? 1 : e.key === "ArrowUp" || e.key === "ArrowLeft" ? -1 : 0;
            if (!step) return;
            e.preventDefault();
            const i = PLAYGROUND_ENDPOINTS.findIndex((x) => x.id === selected);
            const next = PLAYGROUND_ENDPOINTS[(i + step + PLAYGROUND_ENDPOINTS.length) % PLAYGROUND_ENDPOINTS.length]!;
            setSelected(next.id);
            document.getElementById(`tab-${next.id}`)?.focus();
          }}
          className="flex flex-wrap gap-1 border-b border-slate-100 p-2 lg:flex-col lg:flex-nowrap lg:border-b-0 lg:border-r">
          {PLAYGROUND_ENDPOINTS.map((e) => (
            <button
              key={e.id}
              role="tab"
              type="button"
              id={`tab-${e.id}`}
              aria-selected={selected === e.id}
              aria-controls="endpoint-panel"
              tabIndex={selected === e.id ? 0 : -1}
              onClick={() => setSelected(e.id)}
              className={cn(
                "flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-left text-sm",
                selected === e.id ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              <span className={cn("w-9 font-mono text-[10px] font-semibold", e.method === "GET" ? "text-emerald-600" : "text-brand-600")}>{e.method}</span>
              <span className="font-mono text-xs">{e.label}</span>
            </button>
          ))}
        </div>
        <div id="endpoint-panel" role="tabpanel" aria-labelledby={`tab-${endpoint.id}`} className="min-w-0 space-y-4 p-4 sm:p-5">
          <p className="text-sm text-slate-600">{endpoint.description}</p>
          <div>
            <label htmlFor="request-path" className="text-sm font-medium text-slate-800">
              Request
            </label>
            <div className="mt-1.5 flex gap-2">
              <span className="inline-flex items-center rounded-md bg-slate-100 px-2.5 font-mono text-xs font-semibold text-slate-700">{endpoint.method}</span>
              <input id="request-path" value={draft.path} onChange={(e) => edit({ path: e.target.value })} className={inputClass + " font-mono text-xs"} spellCheck={false} />
            </div>
          </div>
          {endpoint.method === "POST" && (
            <div>
              <div className="flex items-center justify-between">
                <label htmlFor="request-body" className="text-sm font-medium text-slate-800">
                  JSON body
                </label>
                {draft.dirty && (
                  <button type="button" onClick={reset} className="text-xs font-medium text-brand-600 hover:underline">
                    Reset to example
                  </button>
                )}
              </div>
              <Textarea
                id="request-body"
                value={draft.body ?? ""}
                onChange={(e) => edit({ body: e.target.value })}
                rows={Math.min(22, Math.max(8, (draft.body ?? "").split("\n").length + 1))}
                spellCheck={false}
                aria-invalid={Boolean(bodyError)}
                aria-describedby={bodyError ? "request-body-error" : undefined}
                className="mt-1.5 font-mono text-xs leading-relaxed"
              />
              {bodyError && (
                <p id="request-body-error" className="mt-1 text-xs text-rose-600">
                  {bodyError}
                </p>
              )}
            </div>
          )}
          {ctx.userId && <p className="text-xs text-slate-500">Examples use user_id <code className="font-mono">{ctx.userId}</code>, the last user registered from this tab.</p>}
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={sendNow} loading={sending} disabled={Boolean(bodyError)}>
              Send request
            </Button>
            <span className="mx-1 hidden h-5 w-px bg-slate-200 sm:block" />
            <CopyButton text={curlSnippet(snippetReq)} label="Copy as curl" disabled={keyLoading} />
            <CopyButton text={pythonSnippet(snippetReq)} label="Copy as Python" disabled={keyLoading} />
            <CopyButton text={typescriptSnippet(snippetReq)} label="Copy as TypeScript" disabled={keyLoading} />
          </div>
          <p className="-mt-2 text-xs text-slate-500" data-testid="snippet-key-note">
            {playgroundKey ? (
              <>
                Copied code uses your playground key <code className="break-all font-mono text-slate-700">{playgroundKey.masked}</code>, as
                Send does.
              </>
            ) : keyLoading ? (
              "Loading your playground key for the copied code…"
            ) : (
              <>
                Copied code holds the placeholder <code className="font-mono">&lt;your_sandbox_key&gt;</code>: your playground key could not be
                loaded.
              </>
            )}
          </p>
          <ResponsePanel response={response} sending={sending} />
        </div>
      </div>
    </Card>
  );
}

function ResponsePanel({ response, sending }: { response?: ApiResponse | { error: string }; sending: boolean }) {
  if (!response) {
    return (
      <div className="rounded-md border border-dashed border-slate-200">
        <EmptyState
          icon={<FlaskIcon />}
          title={sending ? "Sending…" : "No response yet"}
          description="Send the request to see the status, latency, headers and body."
          className="py-8"
        />
      </div>
    );
  }
  if ("error" in response) {
    return (
      <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-700">
        {response.error}
      </div>
    );
  }
  const body = response.json !== undefined ? JSON.stringify(response.json, null, 2) : response.text;
  const requestId = response.headers.find(([k]) => k === "x-request-id")?.[1];
  return (
    <section aria-label="Response" className="rounded-md border border-slate-200" data-testid="playground-response">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-3 py-2 text-sm">
        <span className="font-medium text-slate-800">Response</span>
        <StatusCodeBadge status={response.status} />
        <span className="text-slate-500">{formatMs(response.latencyMs)}</span>
        {requestId && <code className="hidden font-mono text-xs text-slate-500 sm:inline">{requestId}</code>}
        <span className="ml-auto">
          <CopyButton text={body} label="Copy body" />
        </span>
      </div>
      <pre className="max-h-96 overflow-auto bg-slate-950 p-3 font-mono text-xs text-slate-100">{body || "(empty body)"}</pre>
      <details open className="border-t border-slate-100 px-3 py-2 text-sm">
        <summary className="cursor-pointer select-none text-xs font-medium text-slate-600">Headers ({response.headers.length})</summary>
        <dl className="mt-2 grid grid-cols-[minmax(0,12rem)_1fr] gap-x-4 gap-y-1 font-mono text-xs">
          {response.headers.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="truncate text-slate-500">{k}</dt>
              <dd className="break-all text-slate-800">{v}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
