"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CodeBlock } from "@/components/ui/copy-button";
import { CheckIcon } from "@/components/ui/icons";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import { usePortal, useScope } from "../context";
import { firstCurl, useOrigin } from "../key-reveal";
import { SandboxTools } from "../sandbox-tools";

export function OverviewPage() {
  const trpc = useTRPC();
  const { workspace, environment } = usePortal();
  const scope = useScope();
  const stats = useQuery({ ...trpc.overview.get.queryOptions(scope), refetchInterval: 10_000 });
  const sandbox = useQuery(trpc.overview.get.queryOptions({ workspaceId: workspace.id, environment: "sandbox" }));
  const keys = useQuery(trpc.keys.list.queryOptions({ workspaceId: workspace.id }));
  const origin = useOrigin();
  const base = `/w/${workspace.id}`;

  const tested = (sandbox.data?.memories ?? 0) > 0;
  const checklist = [
    { done: true, title: "Create a workspace", body: `${workspace.name} has a sandbox and a live environment.`, href: `${base}/settings`, cta: "Settings" },
    {
      done: (keys.data?.length ?? 0) > 0,
      title: "Get an API key",
      body: "Your first sandbox key was shown when the workspace was created. Create more, roll or revoke them here.",
      href: `${base}/keys`,
      cta: "API keys",
    },
    {
      done: tested,
      title: "Run your first end-to-end test",
      body: "Register → ingest → summary → chunks → query, against your sandbox, in the browser.",
      href: `${base}/playground`,
      cta: "Open the playground",
    },
    {
      done: tested,
      title: "See what Pio learned",
      body: "Each user's traits, summary, memories, Stage 3 answers, documents and ingestions.",
      href: `${base}/users`,
      cta: "Users explorer",
    },
  ];
  const doneCount = checklist.filter((c) => c.done).length;
  // Until both answers are in, a count would be wrong ("1 of 4" then "4 of 4"): say it is checking.
  const checking = keys.isPending || sandbox.isPending;
  const checkFailed = !checking && (keys.isError || sandbox.isError);

  return (
    <>
      <PageHeader title="Getting started" description={`Welcome to ${workspace.name}. From here to a passing first test takes a minute.`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2" aria-labelledby="checklist-title">
          <CardHeader
            id="checklist-title"
            title="Your first test in sandbox mode"
            description={
              <span aria-live="polite" data-testid="checklist-progress">
                {checking ? "Checking your progress…" : checkFailed ? "Could not check your progress." : `${doneCount} of ${checklist.length} done`}
              </span>
            }
            actions={
              checkFailed ? (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => {
                    void keys.refetch();
                    void sandbox.refetch();
                  }}
                >
                  Try again
                </Button>
              ) : undefined
            }
          />
          <ol className="divide-y divide-slate-100" aria-busy={checking || undefined}>
            {checklist.map((c, i) => (
              <li key={c.title} className="flex flex-wrap items-start gap-x-3 gap-y-2 px-4 py-4 sm:flex-nowrap sm:px-5">
                {checking && i > 0 ? (
                  <Skeleton className="mt-0.5 h-6 w-6 shrink-0 rounded-full" />
                ) : (
                  <span
                    aria-hidden
                    className={cn(
                      "mt-0.5 grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs font-semibold",
                      c.done ? "bg-emerald-500 text-white" : "bg-slate-100 text-slate-500",
                    )}
                  >
                    {c.done ? <CheckIcon /> : i + 1}
                  </span>
                )}
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-900">
                    {c.title}
                    {!(checking && i > 0) && <span className="sr-only">{c.done ? " (done)" : " (to do)"}</span>}
                  </p>
                  <p className="mt-0.5 text-sm text-slate-600">{c.body}</p>
                </div>
                <div className="w-full pl-9 sm:w-auto sm:pl-0">
                  <ButtonLink
                    href={c.href}
                    size="sm"
                    variant={!checking && !c.done && checklist.slice(0, i).every((p) => p.done) ? "primary" : "secondary"}
                  >
                    {c.cta}
                  </ButtonLink>
                </div>
              </li>
            ))}
          </ol>
        </Card>
        <div className="space-y-6">
          {environment === "sandbox" ? (
            <Card aria-labelledby="sandbox-data-title">
              <CardHeader id="sandbox-data-title" title="Sandbox data" description="The Quick Start's user, Ash Lewis, with the sushi conversation and the Q4 goals." />
              <div className="p-4 sm:p-5">
                <SandboxTools />
              </div>
            </Card>
          ) : (
            <Card aria-labelledby="live-title">
              <CardHeader id="live-title" title="Live environment" description="Live keys (pio_sk_live_…) reach this data. Only owners can create, roll or revoke them." />
              <div className="p-4 sm:p-5">
                <ButtonLink href={`${base}/keys`} variant="secondary" size="sm">
                  Manage live keys
                </ButtonLink>
              </div>
            </Card>
          )}
        </div>
      </div>

      <h2 className="mb-3 mt-8 text-sm font-semibold text-slate-900">
        {environment === "sandbox" ? "Sandbox" : "Live"} at a glance
      </h2>
      {stats.isError ? (
        <Card>
          <ErrorState message={errorMessage(stats.error)} onRetry={() => stats.refetch()} />
        </Card>
      ) : (
        <dl className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
          {[
            { label: "End users", value: stats.data?.endUsers, href: `${base}/users` },
            { label: "Memories", value: stats.data?.memories, href: `${base}/users`, note: stats.data?.pendingIngestions ? `${stats.data.pendingIngestions} ingestion(s) processing` : undefined },
            {
              label: "Requests, last 24 h",
              value: stats.data?.requests24h,
              href: `${base}/logs`,
              note: stats.data && stats.data.errors24h + stats.data.clientErrors24h > 0 ? `${stats.data.clientErrors24h} 4xx · ${stats.data.errors24h} 5xx` : undefined,
            },
            { label: "Active keys", value: stats.data?.activeKeys, href: `${base}/keys` },
          ].map((s) => (
            <Link key={s.label} href={s.href} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs transition-colors hover:border-brand-200">
              <dt className="text-xs font-medium text-slate-500">{s.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">
                {stats.isPending ? <Skeleton className="h-8 w-16" /> : (s.value ?? 0).toLocaleString()}
              </dd>
              {s.note && <dd className="mt-0.5 text-xs text-slate-500">{s.note}</dd>}
            </Link>
          ))}
        </dl>
      )}

      <Card className="mt-8" aria-labelledby="curl-title">
        <CardHeader id="curl-title" title="Call the API from your terminal" description="With any key of this workspace; the Quick Start's first request:" />
        <div className="p-4 sm:p-5">
          <CodeBlock code={firstCurl(origin, environment === "sandbox" ? "pio_sk_test_…" : "pio_sk_live_…")} label="curl example" />
        </div>
      </Card>
    </>
  );
}
