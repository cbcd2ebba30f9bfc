"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { TimeAgo } from "@/components/ui/format";
import { SearchIcon, UsersIcon } from "@/components/ui/icons";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import { usePortal, useScope } from "../context";
import { SandboxTools } from "../sandbox-tools";

export function UsersPage() {
  const trpc = useTRPC();
  const { workspace, environment } = usePortal();
  const scope = useScope();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [draft, setDraft] = useState(search);
  useEffect(() => setDraft(search), [search]);

  const users = useQuery({
    ...trpc.explorer.list.queryOptions({ ...scope, search: search || undefined, page }),
    placeholderData: keepPreviousData,
  });

  const go = (q: string, p: number) => {
    const next = new URLSearchParams();
    if (q) next.set("q", q);
    if (p > 1) next.set("page", String(p));
    router.replace(`${pathname}${next.size ? `?${next}` : ""}`);
  };

  const data = users.data;
  const from = data ? (data.page - 1) * data.pageSize + 1 : 0;
  const to = data ? from + data.users.length - 1 : 0;

  return (
    <>
      <PageHeader
        title="Users"
        description={`The end users your agents registered in ${environment}, and everything Pio knows about each.`}
      />
      <Card>
        <form
          role="search"
          className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-3 sm:px-5"
          onSubmit={(e) => {
            e.preventDefault();
            go(draft.trim(), 1);
          }}
        >
          <label htmlFor="user-search" className="sr-only">
            Search users by user_id or email
          </label>
          <div className="relative min-w-0 flex-1 sm:max-w-md">
            <SearchIcon className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
            <Input
              id="user-search"
              type="search"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="user_id prefix or exact email"
              className="pl-9"
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
          {search && (
            <Button variant="ghost" onClick={() => go("", 1)}>
              Clear
            </Button>
          )}
          {data && (
            <span className="ml-auto text-sm text-slate-500" aria-live="polite">
              {data.total.toLocaleString()} user{data.total === 1 ? "" : "s"}
            </span>
          )}
        </form>
        {users.isPending ? (
          <LoadingRows rows={6} label="Loading users" />
        ) : users.isError ? (
          <ErrorState message={errorMessage(users.error)} onRetry={() => users.refetch()} />
        ) : data!.users.length === 0 ? (
          search ? (
            <EmptyState
              icon={<SearchIcon className="h-5 w-5" />}
              title="No users match"
              description={
                <>
                  Nothing in {environment} has a user_id starting with <code className="font-mono">{search}</code>
                  {search.includes("@") ? " or this exact email" : ""}. Emails are stored only as hashes, so search by the full address.
                </>
              }
              action={
                <Button variant="secondary" onClick={() => go("", 1)}>
                  Clear search
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<UsersIcon />}
              title={`No users in ${environment} yet`}
              description={
                environment === "sandbox"
                  ? "Register one with POST /register, run the first test in the playground, or load the Quick Start's sample user."
                  : "Users appear here when your production code calls POST /register with a live key."
              }
              action={
                environment === "sandbox" ? (
                  <div className="flex flex-col items-center gap-3">
                    <ButtonLink href={`/w/${workspace.id}/playground`}>Open the playground</ButtonLink>
                    <SandboxTools compact />
                  </div>
                ) : (
                  <ButtonLink href="/docs" variant="secondary">
                    Read the API reference
                  </ButtonLink>
                )
              }
            />
          )
        ) : (
          <>
            <div className="relative overflow-x-auto">
              <table className={`w-full min-w-[640px] text-left text-sm ${users.isPlaceholderData ? "opacity-60" : ""}`}>
                <caption className="sr-only">End users in {environment}</caption>
                <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-4 py-2.5 font-medium sm:px-5">User</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Email</th>
                    <th scope="col" className="px-3 py-2.5 text-right font-medium">Memories</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Purpose</th>
                    <th scope="col" className="px-4 py-2.5 font-medium sm:px-5">Registered</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {data!.users.map((u) => (
                    <tr key={u.userId} className="hover:bg-slate-50">
                      <td className="px-4 py-3 sm:px-5">
                        <Link href={`/w/${workspace.id}/users/${encodeURIComponent(u.userId)}`} className="group block">
                          <span className="block font-medium text-slate-900 group-hover:text-brand-700">{u.name ?? u.userId}</span>
                          <span className="block font-mono text-xs text-slate-500">{u.userId}</span>
                        </Link>
                      </td>
                      <td className="px-3 py-3 text-slate-600">{u.emailMasked ?? <span className="text-slate-400">—</span>}</td>
                      <td className="px-3 py-3 text-right tabular-nums">{u.memoryCount}</td>
                      <td className="max-w-xs truncate px-3 py-3 text-slate-600" title={u.purpose ?? undefined}>
                        {u.purpose ?? <span className="text-slate-400">—</span>}
                      </td>
                      <td className="px-4 py-3 text-slate-600 sm:px-5">
                        <TimeAgo date={u.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 px-4 py-3 text-sm sm:px-5">
              <span className="text-slate-500">
                Showing {from}–{to} of {data!.total.toLocaleString()}
              </span>
              <div className="flex items-center gap-2">
                <Button size="sm" variant="secondary" disabled={data!.page <= 1} onClick={() => go(search, data!.page - 1)}>
                  Previous
                </Button>
                <span className="text-slate-600">
                  Page {data!.page} of {data!.pageCount}
                </span>
                <Button size="sm" variant="secondary" disabled={data!.page >= data!.pageCount} onClick={() => go(search, data!.page + 1)}>
                  Next
                </Button>
              </div>
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
