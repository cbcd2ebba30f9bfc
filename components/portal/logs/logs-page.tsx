"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { EnvironmentBadge, StatusCodeBadge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { absoluteTime, clockTime, formatMs } from "@/components/ui/format";
import { ChevronRightIcon, LogsIcon } from "@/components/ui/icons";
import { CodeBlock, CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, LoadingRows, Skeleton } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import type { LogFilters, LogWindow, StatusClass } from "@/server/logs/service";
import { usePortal, useScope } from "../context";
import { VolumeLatencyChart } from "./chart";

const WINDOW_LABEL: Record<LogWindow, string> = { "1h": "last hour", "24h": "last 24 hours", "7d": "last 7 days" };

export function LogsPage() {
  const trpc = useTRPC();
  const { workspace, environment } = usePortal();
  const scope = useScope();
  const [filters, setFilters] = useState<LogFilters>({});
  const [window, setWindow] = useState<LogWindow | "auto">("auto");
  const facets = useQuery(trpc.logs.facets.queryOptions(scope));
  const stats = useQuery({
    ...trpc.logs.stats.queryOptions({ ...scope, filters, window }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
  const logs = useInfiniteQuery({
    ...trpc.logs.list.infiniteQueryOptions({ ...scope, filters }, { getNextPageParam: (last) => last.nextBefore ?? undefined }),
    refetchInterval: 10_000,
  });
  const rows = logs.data?.pages.flatMap((p) => p.rows) ?? [];
  // The open request lives in the URL (?request=req_…), so a detail view can be linked to.
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const openRequest = params.get("request");
  const open = (requestId: string | null) => {
    const next = new URLSearchParams(params);
    if (requestId) next.set("request", requestId);
    else next.delete("request");
    router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
  };
  const filtered = Boolean(filters.status || filters.route || filters.apiKeyId);
  const set = (patch: Partial<LogFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <>
      <PageHeader
        title="Request logs"
        description={`Every call to the public API with a ${environment} key of this workspace. Bodies and keys are never logged.`}
        actions={
          <Button
            variant="secondary"
            loading={logs.isRefetching && !logs.isFetchingNextPage}
            onClick={() => {
              void logs.refetch();
              void stats.refetch();
              void facets.refetch();
            }}
          >
            Refresh
          </Button>
        }
      />
      <div className="mb-4 grid grid-cols-2 gap-3 sm:flex sm:flex-wrap sm:items-end">
        <FilterSelect label="Status" value={filters.status ?? ""} onChange={(v) => set({ status: (v || undefined) as StatusClass | undefined })}>
          <option value="">All statuses</option>
          <option value="2xx">2xx success</option>
          <option value="4xx">4xx client errors</option>
          <option value="5xx">5xx server errors</option>
        </FilterSelect>
        <FilterSelect label="Route" value={filters.route ?? ""} onChange={(v) => set({ route: v || undefined })}>
          <option value="">All routes</option>
          {facets.data?.routes.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="API key" value={filters.apiKeyId ?? ""} onChange={(v) => set({ apiKeyId: v || undefined })}>
          <option value="">All keys</option>
          {facets.data?.keys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name} ({k.start}…{k.last4})
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Chart window" value={window} onChange={(v) => setWindow(v as LogWindow | "auto")}>
          <option value="auto">Automatic</option>
          <option value="1h">Last hour</option>
          <option value="24h">Last 24 hours</option>
          <option value="7d">Last 7 days</option>
        </FilterSelect>
        {filtered && (
          <Button variant="ghost" onClick={() => setFilters({})} className="col-span-2 sm:col-span-1">
            Clear filters
          </Button>
        )}
      </div>

      <Card className="mb-6" aria-labelledby="chart-title">
        <CardHeader
          id="chart-title"
          title="Volume and p95 latency"
          description={
            stats.data
              ? `${stats.data.total.toLocaleString()} request${stats.data.total === 1 ? "" : "s"} in the ${WINDOW_LABEL[stats.data.window]} · p95 ${formatMs(stats.data.p95Ms)}`
              : "Loading…"
          }
        />
        <div className="p-4 sm:p-5">
          {stats.isPending ? (
            <Skeleton className="h-40 w-full" />
          ) : stats.isError ? (
            <ErrorState message={errorMessage(stats.error)} onRetry={() => stats.refetch()} />
          ) : (
            <VolumeLatencyChart
              buckets={stats.data.buckets}
              bucketMs={stats.data.bucketMs}
              label={`${stats.data.total} requests in the ${WINDOW_LABEL[stats.data.window]}, p95 latency ${formatMs(stats.data.p95Ms)}`}
            />
          )}
        </div>
      </Card>

      <Card aria-labelledby="requests-title">
        <CardHeader id="requests-title" title="Recent requests" description="Newest first; refreshes every 10 seconds" />
        {logs.isPending ? (
          <LoadingRows rows={6} label="Loading requests" />
        ) : logs.isError ? (
          <ErrorState message={errorMessage(logs.error)} onRetry={() => logs.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={<LogsIcon />}
            title={filtered ? "No requests match these filters" : `No ${environment} requests yet`}
            description={filtered ? "Try another status, route or key." : `Requests made with ${environment === "sandbox" ? "pio_sk_test_" : "pio_sk_live_"} keys appear here within a second.`}
            action={
              filtered ? (
                <Button variant="secondary" onClick={() => setFilters({})}>
                  Clear filters
                </Button>
              ) : environment === "sandbox" ? (
                <ButtonLink href={`/w/${workspace.id}/playground`}>Send one from the playground</ButtonLink>
              ) : undefined
            }
          />
        ) : (
          <>
            {/* Phones: one line per request, the whole line opens it. */}
            <ul className="divide-y divide-slate-100 md:hidden" aria-label={`Recent API requests in ${environment}`}>
              {rows.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    onClick={() => open(r.requestId)}
                    aria-label={`Open request ${r.requestId}: ${r.method} ${r.route}, ${r.status}`}
                    className="flex w-full items-center gap-3 px-4 py-3 text-left hover:bg-slate-50"
                  >
                    <StatusCodeBadge status={r.status} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-mono text-xs text-slate-900">
                        {r.method} {r.route}
                      </span>
                      <span className="block truncate text-xs text-slate-500">
                        {clockTime(r.createdAt)} · {formatMs(r.latencyMs)}
                        {r.errorCode ? ` · ${r.errorCode}` : ""}
                      </span>
                    </span>
                    <ChevronRightIcon className="h-4 w-4 shrink-0 text-slate-400" />
                  </button>
                </li>
              ))}
            </ul>
            <div className="hidden md:block">
              <table className="w-full table-fixed text-left text-sm">
                <caption className="sr-only">Recent API requests in {environment}; open one for its details</caption>
                <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="w-28 px-4 py-2.5 font-medium sm:px-5">Time</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Request</th>
                    <th scope="col" className="w-48 px-3 py-2.5 font-medium">Status</th>
                    <th scope="col" className="w-24 px-3 py-2.5 text-right font-medium">Latency</th>
                    <th scope="col" className="w-44 px-3 py-2.5 font-medium">Key</th>
                    <th scope="col" className="hidden w-48 px-4 py-2.5 font-medium sm:px-5 xl:table-cell">Request id</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map((r) => (
                    <tr key={r.id} onClick={() => open(r.requestId)} className="cursor-pointer hover:bg-slate-50" data-testid={`log-row-${r.requestId}`}>
                      <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-slate-600 sm:px-5">
                        <time dateTime={r.createdAt.toISOString()} title={absoluteTime(r.createdAt)}>
                          {clockTime(r.createdAt)}
                        </time>
                      </td>
                      <td className="truncate px-3 py-2.5 font-mono text-xs">
                        <button
                          type="button"
                          onClick={(e) => {
                            e.stopPropagation();
                            open(r.requestId);
                          }}
                          aria-label={`Open request ${r.requestId}: ${r.method} ${r.route}, ${r.status}`}
                          className="max-w-full truncate text-left text-slate-900 hover:text-brand-700 hover:underline"
                        >
                          <span className="font-semibold">{r.method}</span> {r.route}
                        </button>
                      </td>
                      <td className="px-3 py-2.5">
                        <span className="flex min-w-0 items-center gap-2">
                          <StatusCodeBadge status={r.status} />
                          {r.errorCode && <span className="truncate font-mono text-xs text-slate-500">{r.errorCode}</span>}
                        </span>
                      </td>
                      <td className="px-3 py-2.5 text-right tabular-nums">{formatMs(r.latencyMs)}</td>
                      <td className="truncate px-3 py-2.5 text-slate-600">
                        {r.keyName ? (
                          <span title={`${r.keyStart}…${r.keyLast4}`}>
                            {r.keyName} <span className="font-mono text-xs text-slate-400">…{r.keyLast4}</span>
                          </span>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </td>
                      <td className="hidden truncate px-4 py-2.5 font-mono text-xs text-slate-500 sm:px-5 xl:table-cell">{r.requestId}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {logs.hasNextPage && (
              <div className="border-t border-slate-100 px-4 py-3 text-center sm:px-5">
                <Button variant="secondary" size="sm" loading={logs.isFetchingNextPage} onClick={() => logs.fetchNextPage()}>
                  Load older requests
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
      {openRequest && <RequestDetail key={openRequest} requestId={openRequest} onClose={() => open(null)} />}
    </>
  );
}

/** A request's details: what was called, how it went, with which key, and the error body it got. */
function RequestDetail({ requestId, onClose }: { requestId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const scope = useScope();
  const detail = useQuery(trpc.logs.get.queryOptions({ ...scope, requestId }));
  const d = detail.data;
  return (
    <Dialog open onClose={onClose} size="lg" title={d ? `${d.method} ${d.route}` : "Request"} description={<code className="break-all font-mono text-xs">{requestId}</code>}>
      {detail.isPending ? (
        <LoadingRows rows={5} label="Loading the request" />
      ) : detail.isError ? (
        <ErrorState message={errorMessage(detail.error)} onRetry={() => detail.refetch()} />
      ) : (
        <div className="space-y-5" data-testid="request-detail">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <DetailItem label="Request id">
              <span className="flex min-w-0 items-center gap-2">
                <code className="truncate font-mono text-xs">{d!.requestId}</code>
                <CopyButton text={d!.requestId} ariaLabel="Copy request id" variant="ghost" />
              </span>
            </DetailItem>
            <DetailItem label="Time">{absoluteTime(d!.createdAt)}</DetailItem>
            <DetailItem label="Method and route">
              <code className="font-mono text-xs">
                {d!.method} {d!.route}
              </code>
            </DetailItem>
            <DetailItem label="Status">
              <span className="flex items-center gap-2">
                <StatusCodeBadge status={d!.status} />
                {d!.errorBody && <code className="font-mono text-xs text-slate-600">{d!.errorBody.error.code}</code>}
              </span>
            </DetailItem>
            <DetailItem label="Latency">{formatMs(d!.latencyMs)}</DetailItem>
            <DetailItem label="API key">
              {d!.key ? (
                <span className="flex flex-wrap items-center gap-2">
                  <span>{d!.key.name}</span>
                  <code className="font-mono text-xs text-slate-500">{d!.key.masked}</code>
                  <EnvironmentBadge environment={d!.environment} />
                </span>
              ) : (
                <span className="text-slate-500">No key of this workspace</span>
              )}
            </DetailItem>
          </dl>
          {d!.errorBody ? (
            <div>
              <p className="text-sm font-medium text-slate-800">Error body sent to the client</p>
              <CodeBlock className="mt-1.5" code={JSON.stringify(d!.errorBody, null, 2)} label="Error body" />
            </div>
          ) : (
            <p className="text-sm text-slate-600">The request succeeded. Request and response bodies are never logged, so there is nothing more to show.</p>
          )}
          <p className="text-xs text-slate-500">Pio logs no request bodies and never the key itself: only its name and first and last characters.</p>
        </div>
      )}
    </Dialog>
  );
}

function DetailItem({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}

function FilterSelect({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  const id = `filter-${label.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <div className="min-w-0 sm:w-48">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="mt-1">
        {children}
      </Select>
    </div>
  );
}
