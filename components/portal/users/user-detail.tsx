"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, FormError, Select, Textarea } from "@/components/ui/field";
import { TimeAgo } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingRows, Skeleton } from "@/components/ui/states";
import { errorMessage, useTRPC } from "@/components/trpc";
import type { EndUserDetail } from "@/server/explorer/service";
import { TOPICS, type TopicKey } from "@/server/memory/facts/taxonomy";
import { usePortal, useScope } from "../context";

const STATUS_TONE = { queued: "gray", processing: "blue", done: "green", failed: "red" } as const;

export function UserDetailPage({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const { workspace, environment } = usePortal();
  const scope = useScope();
  const detail = useQuery({
    ...trpc.explorer.get.queryOptions({ ...scope, userId }),
    // While an ingestion is being processed, memories keep arriving.
    refetchInterval: (q) => (q.state.data?.ingestions.some((i) => i.status === "queued" || i.status === "processing") ? 1500 : false),
  });
  const [deleting, setDeleting] = useState(false);
  const usersHref = `/w/${workspace.id}/users`;

  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500">
      <Link href={usersHref} className="hover:text-slate-900">
        Users
      </Link>{" "}
      / <span className="font-mono text-slate-700">{userId}</span>
    </nav>
  );

  if (detail.isPending) {
    return (
      <>
        {breadcrumb}
        <Skeleton className="mb-6 h-8 w-64" />
        <Card>
          <LoadingRows rows={8} label="Loading the user" />
        </Card>
      </>
    );
  }
  if (detail.isError) {
    const notFound = isTRPCClientError(detail.error) && detail.error.data?.code === "NOT_FOUND";
    return (
      <>
        {breadcrumb}
        <Card>
          {notFound ? (
            <EmptyState
              title={`No user ${userId} in ${environment}`}
              description="It may have been deleted, or it lives in the other environment (see the switch at the top)."
              action={<ButtonLink href={usersHref}>Back to users</ButtonLink>}
            />
          ) : (
            <ErrorState message={errorMessage(detail.error)} onRetry={() => detail.refetch()} />
          )}
        </Card>
      </>
    );
  }
  const d = detail.data;
  const traits = Object.entries(d.user.traits ?? {});

  return (
    <>
      {breadcrumb}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {d.user.name ?? d.user.userId} <EnvironmentBadge environment={environment} />
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
            <code className="font-mono">{d.user.userId}</code>
            <CopyButton text={d.user.userId} label="Copy id" ariaLabel="Copy user_id" variant="ghost" />
            {d.user.emailMasked && <span>{d.user.emailMasked}</span>}
            <span>
              Registered <TimeAgo date={d.user.createdAt} />
            </span>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ExportButton userId={userId} />
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Erase user
          </Button>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card aria-labelledby="summary-title">
            <CardHeader
              id="summary-title"
              title="Profile summary"
              description={d.summary ? <>Generated <TimeAgo date={d.summary.generatedAt} /> · what GET /summary returns</> : "What GET /summary returns"}
            />
            {d.summary ? (
              <p className="whitespace-pre-line px-4 py-4 text-sm leading-relaxed text-slate-800 sm:px-5">{d.summary.summary}</p>
            ) : (
              <EmptyState title="No summary yet" description="The summary is generated from the user's traits and memories after registration and ingestion." className="py-8" />
            )}
          </Card>
          <MemoriesCard detail={d} userId={userId} />
          <Card aria-labelledby="stage3-title">
            <CardHeader id="stage3-title" title="Stage 3 answers" description="Questions answered by agentic search, by topic" />
            {d.stage3.length === 0 ? (
              <EmptyState title="No Stage 3 answers yet" description="Stage 3 runs when a user reaches 5, 10, 20, 40… facts, and answers again when a topic's facts change." className="py-8" />
            ) : (
              <div className="divide-y divide-slate-100">
                {d.stage3.map((t) => (
                  <section key={t.topic} aria-label={`Topic: ${t.topic}`} className="px-4 py-4 sm:px-5">
                    <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t.topic}</h3>
                    <dl className="mt-2 space-y-3">
                      {t.entries.map((e) => (
                        <div key={e.id}>
                          <dt className="text-sm font-medium text-slate-900">Q: {e.question}</dt>
                          <dd className="mt-0.5 text-sm text-slate-700">A: {e.answer}</dd>
                        </div>
                      ))}
                    </dl>
                  </section>
                ))}
              </div>
            )}
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card aria-labelledby="traits-title">
            <CardHeader id="traits-title" title="Traits" description="As registered, after redaction" />
            {traits.length === 0 ? (
              <p className="px-4 py-4 text-sm text-slate-500 sm:px-5">No traits.</p>
            ) : (
              <dl className="divide-y divide-slate-100 text-sm">
                {traits.map(([k, v]) => (
                  <div key={k} className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 px-4 py-2 sm:px-5">
                    <dt className="truncate font-mono text-xs leading-5 text-slate-500">{k}</dt>
                    <dd className="text-slate-800 [overflow-wrap:anywhere]">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
          <PeopleCard detail={d} />
          <Card aria-labelledby="purpose-title">
            <CardHeader id="purpose-title" title="Purpose" />
            <p className="px-4 py-4 text-sm text-slate-700 sm:px-5">{d.user.purpose ?? <span className="text-slate-500">None given.</span>}</p>
          </Card>
        </div>
      </div>

      <Card className="mt-6" aria-labelledby="documents-title">
        <CardHeader id="documents-title" title="Documents" description={`${d.documents.length} document${d.documents.length === 1 ? "" : "s"} · ${d.messageTotal} message${d.messageTotal === 1 ? "" : "s"}`} />
        {d.documents.length === 0 ? (
          <EmptyState title="No documents" description="Documents sent to POST /ingest appear here, split into retrievable chunks." className="py-8" />
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[600px] text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium sm:px-5">Title</th>
                  <th scope="col" className="px-3 py-2 font-medium">doc_id</th>
                  <th scope="col" className="px-3 py-2 font-medium">Type</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Chunks</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Version</th>
                  <th scope="col" className="px-4 py-2 font-medium sm:px-5">Updated</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {d.documents.map((doc) => (
                  <tr key={doc.id}>
                    <td className="px-4 py-2.5 font-medium text-slate-900 sm:px-5">{doc.title ?? <span className="text-slate-400">Untitled</span>}</td>
                    <td className="px-3 py-2.5 font-mono text-xs">{doc.docId}</td>
                    <td className="px-3 py-2.5">{doc.documentType}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{doc.chunks}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{doc.version}</td>
                    <td className="px-4 py-2.5 sm:px-5"><TimeAgo date={doc.updatedAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card className="mt-6" aria-labelledby="ingestions-title">
        <CardHeader id="ingestions-title" title="Ingestions" description="Each POST /ingest and its background processing" />
        {d.ingestions.length === 0 ? (
          <EmptyState title="No ingestions" description="Send conversations or documents with POST /ingest." className="py-8" />
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[640px] text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium sm:px-5">Ingestion</th>
                  <th scope="col" className="px-3 py-2 font-medium">Source</th>
                  <th scope="col" className="px-3 py-2 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2 font-medium">Saved</th>
                  <th scope="col" className="px-3 py-2 font-medium">Memories</th>
                  <th scope="col" className="px-4 py-2 font-medium sm:px-5">Received</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {d.ingestions.map((i) => (
                  <tr key={i.id}>
                    <td className="px-4 py-2.5 font-mono text-xs sm:px-5">{i.id}</td>
                    <td className="px-3 py-2.5">{i.source ?? <span className="text-slate-400">—</span>}</td>
                    <td className="px-3 py-2.5">
                      <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge>
                      {i.error && <p className="mt-1 max-w-xs text-xs text-rose-700">{i.error}</p>}
                    </td>
                    <td className="px-3 py-2.5 text-slate-600">
                      {i.counts.messages} msg · {i.counts.documents} doc{i.counts.skipped ? ` · ${i.counts.skipped} skipped` : ""}
                    </td>
                    <td className="px-3 py-2.5 text-slate-600">
                      +{i.counts.memories_added} · ~{i.counts.memories_updated} · −{i.counts.memories_deleted}
                      {i.counts.memories_superseded ? ` · ${i.counts.memories_superseded} superseded` : ""}
                    </td>
                    <td className="px-4 py-2.5 sm:px-5"><TimeAgo date={i.createdAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {deleting && <DeleteUserDialog userId={userId} onClose={() => setDeleting(false)} />}
    </>
  );
}

type TreeFact = EndUserDetail["memories"][number];

const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** The user model as a tree: topics → current facts; superseded facts folded away as history. */
function MemoriesCard({ detail, userId }: { detail: EndUserDetail; userId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const [confirm, setConfirm] = useState<{ id: string; text: string } | null>(null);
  const [historyOf, setHistoryOf] = useState<{ id: string; text: string } | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string; topic: TopicKey } | null>(null);
  const del = useMutation(
    trpc.explorer.deleteMemory.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.explorer.get.queryKey({ ...scope, userId }) });
        setConfirm(null);
      },
    }),
  );
  const pending = detail.ingestions.some((i) => i.status === "queued" || i.status === "processing");
  const current = detail.tree.reduce((n, t) => n + t.current.length, 0);
  const history = detail.tree.reduce((n, t) => n + t.history.length, 0);
  const row = (m: TreeFact, superseded: boolean, topic?: TopicKey) => (
    <li key={m.id} className="flex items-start gap-3 py-2">
      <div className="min-w-0 flex-1">
        <p className={superseded ? "text-sm text-slate-500 line-through decoration-slate-300" : "text-sm text-slate-900"}>
          {m.salience === "safety" && (
            <Badge tone="red" className="mr-1.5 align-middle">
              Safety
            </Badge>
          )}
          {m.text}
        </p>
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
          <span className="font-mono">{m.id}</span>
          {m.sourceIds.length > 0 && (
            <span>
              from <span className="font-mono">{m.sourceIds.join(", ")}</span>
            </span>
          )}
          {m.validFrom && <span>holds from {dayFormat.format(m.validFrom)}</span>}
          {superseded && m.validTo && <span>until {dayFormat.format(m.validTo)}</span>}
          {!superseded && m.salience !== "safety" && m.salience !== "event" && <span>{m.salience}</span>}
        </p>
      </div>
      {!superseded && topic && (
        <Button size="sm" variant="ghost" aria-label={`Edit memory: ${m.text}`} onClick={() => setEditing({ id: m.id, text: m.text, topic })}>
          Edit
        </Button>
      )}
      <Button size="sm" variant="ghost" aria-label={`History of memory: ${m.text}`} onClick={() => setHistoryOf({ id: m.id, text: m.text })}>
        History
      </Button>
      <Button size="sm" variant="ghost" className="text-rose-700" aria-label={`Delete memory: ${m.text}`} onClick={() => setConfirm({ id: m.id, text: m.text })}>
        Delete
      </Button>
    </li>
  );
  return (
    <Card aria-labelledby="memories-title">
      <CardHeader
        id="memories-title"
        title="Memories"
        description={`${current} current fact${current === 1 ? "" : "s"} by topic${history ? ` · ${history} superseded, kept as history` : ""}${detail.memoryTotal > detail.memories.length ? ` · newest ${detail.memories.length} of ${detail.memoryTotal} shown` : ""} · what GET /profile returns`}
        actions={pending ? <Badge tone="blue">Processing…</Badge> : undefined}
      />
      {detail.memories.length === 0 ? (
        <EmptyState
          title={pending ? "Extracting memories…" : "No memories yet"}
          description={pending ? "The latest ingestion is being processed; memories appear here as soon as it finishes." : "Memories are extracted from what you send to POST /ingest."}
          className="py-8"
        />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Memories">
          {detail.tree.map((t) => (
            <li key={t.key} className="px-4 py-3 sm:px-5">
              <section aria-label={`Topic: ${t.label}`}>
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  {t.label} <span className="font-normal normal-case tracking-normal text-slate-400">· {t.current.length}</span>
                </h3>
                {t.current.length > 0 && <ul className="mt-1 divide-y divide-slate-50">{t.current.map((m) => row(m, false, t.key))}</ul>}
                {t.history.length > 0 && (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-800">
                      {t.history.length} earlier fact{t.history.length === 1 ? "" : "s"} (superseded)
                    </summary>
                    <ul className="mt-1">{t.history.map((m) => row(m, true))}</ul>
                  </details>
                )}
              </section>
            </li>
          ))}
          {detail.remarks.length > 0 && (
            <li className="px-4 py-3 sm:px-5">
              <details>
                <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-800">
                  {detail.remarks.length} remark{detail.remarks.length === 1 ? "" : "s"} not about the user (questions, remarks about others) — searchable, not part of the profile
                </summary>
                <ul className="mt-1">{detail.remarks.map((m) => row(m, false))}</ul>
              </details>
            </li>
          )}
        </ul>
      )}
      {historyOf && <MemoryHistoryDialog memoryId={historyOf.id} text={historyOf.text} onClose={() => setHistoryOf(null)} />}
      {editing && <EditMemoryDialog memory={editing} userId={userId} onClose={() => setEditing(null)} />}
      <Dialog open={Boolean(confirm)} onClose={() => setConfirm(null)} title="Delete this memory?">
        <blockquote className="rounded-md border-l-4 border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">{confirm?.text}</blockquote>
        <p className="mt-3 text-sm text-slate-600">/chunks and /query stop using it at once, and the summary and Stage 3 answers are rebuilt. It may come back if the same fact is ingested again.</p>
        <div className="mt-4">
          <FormError>{del.error ? errorMessage(del.error) : null}</FormError>
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          <Button variant="danger" loading={del.isPending} onClick={() => confirm && del.mutate({ ...scope, userId, memoryId: confirm.id })}>
            Delete memory
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}

/**
 * Corrects a memory's text or topic (PATCH /memories/{id}): the new text is redacted and
 * analysed again, the old one kept in the memory's history.
 */
function EditMemoryDialog({ memory, userId, onClose }: { memory: { id: string; text: string; topic: TopicKey }; userId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const [text, setText] = useState(memory.text);
  const [topic, setTopic] = useState<TopicKey>(memory.topic);
  const update = useMutation(
    trpc.explorer.updateMemory.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.explorer.get.queryKey({ ...scope, userId }) });
        await qc.invalidateQueries({ queryKey: trpc.explorer.memory.queryKey({ ...scope, memoryId: memory.id }) });
        onClose();
      },
    }),
  );
  const changed = text.trim() !== memory.text || topic !== memory.topic;
  return (
    <Dialog open onClose={onClose} title="Edit memory" description="/chunks, /query and the summary use the corrected fact at once; the old text stays in its history.">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!changed || !text.trim()) return;
          update.mutate({
            ...scope,
            memoryId: memory.id,
            ...(text.trim() !== memory.text ? { text: text.trim() } : {}),
            ...(topic !== memory.topic ? { topic } : {}),
          });
        }}
      >
        <Field label="Fact">
          {({ id, describedBy }) => (
            <Textarea id={id} aria-describedby={describedBy} rows={3} value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} autoFocus />
          )}
        </Field>
        <Field label="Topic" className="mt-3">
          {({ id, describedBy }) => (
            <Select id={id} aria-describedby={describedBy} value={topic} onChange={(e) => setTopic(e.target.value as TopicKey)}>
              {TOPICS.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="mt-4">
          <FormError>{update.error ? errorMessage(update.error) : !text.trim() ? "The fact cannot be empty." : null}</FormError>
        </div>
        <DialogActions>
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!changed || !text.trim()}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** The people, places and organizations the current facts name, and traits newer facts contradict. */
function PeopleCard({ detail }: { detail: EndUserDetail }) {
  const people = detail.entities.filter((e) => e.type === "person" || e.type === "pet");
  const others = detail.entities.filter((e) => e.type === "place" || e.type === "organization");
  return (
    <Card aria-labelledby="people-title">
      <CardHeader id="people-title" title="People & places" description="Named in the current facts" />
      {detail.flags.map((f) => (
        <p key={f.trait} role="status" className="mx-4 mt-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 sm:mx-5">
          <span className="font-medium">{f.trait} looks outdated:</span> {f.reason}
        </p>
      ))}
      {people.length + others.length === 0 ? (
        <p className="px-4 py-4 text-sm text-slate-500 sm:px-5">No people or places yet.</p>
      ) : (
        <ul aria-label="People and places" className="divide-y divide-slate-100 text-sm">
          {[...people, ...others].map((e, i) => (
            <li key={`${e.name ?? e.relation}-${i}`} className="flex items-baseline justify-between gap-2 px-4 py-2 sm:px-5">
              <span className="text-slate-900">{e.name ?? <span className="text-slate-500">(unnamed)</span>}</span>
              <span className="text-xs text-slate-500">{e.relation ?? e.type}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const EVENT_LABEL = { extraction: "Extracted", reconcile: "Reconciled", edit: "Edited", delete: "Deleted" } as const;

/** A memory's versions, oldest first, each with the event that made it and who (GET /memories/{id}). */
function MemoryHistoryDialog({ memoryId, text, onClose }: { memoryId: string; text: string; onClose: () => void }) {
  const trpc = useTRPC();
  const scope = useScope();
  const memory = useQuery(trpc.explorer.memory.queryOptions({ ...scope, memoryId }));
  return (
    <Dialog open onClose={onClose} title="Memory history" description={text}>
      {memory.isPending ? (
        <LoadingRows rows={3} label="Loading the history" />
      ) : memory.isError ? (
        <ErrorState message={errorMessage(memory.error)} onRetry={() => memory.refetch()} />
      ) : (
        <ol aria-label="Versions" className="max-h-80 space-y-3 overflow-y-auto">
          {memory.data.history.map((v) => (
            <li key={v.version} className="rounded-md border border-slate-200 px-3 py-2">
              <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <span className="font-medium text-slate-900">v{v.version}</span>
                <Badge tone={v.event === "edit" ? "blue" : v.event === "reconcile" ? "gray" : "green"}>{EVENT_LABEL[v.event]}</Badge>
                <TimeAgo date={v.at} />
                <span>by {v.actor.kind === "system" ? "Pio" : v.actor.kind === "account" ? "a portal account" : `API key ${v.actor.id}`}</span>
                {v.status === "superseded" && <span>· superseded</span>}
              </p>
              {v.text && <p className="mt-1 text-sm text-slate-800">{v.text}</p>}
            </li>
          ))}
        </ol>
      )}
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Downloads everything stored about the user as one JSON file (GET /users/{user_id}/export). */
function ExportButton({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useScope();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  async function download() {
    setState({ busy: true, error: null });
    try {
      const doc = await qc.fetchQuery({ ...trpc.explorer.exportUser.queryOptions({ ...scope, userId }), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `pio-export-${userId}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: errorMessage(e) });
    }
  }
  return (
    <span className="flex flex-col items-end">
      <Button variant="secondary" loading={state.busy} onClick={download}>
        Export data
      </Button>
      {state.error && <FormError>{state.error}</FormError>}
    </span>
  );
}

const RECEIPT_LABEL: Record<string, string> = {
  users: "User",
  messages: "Messages",
  documents: "Documents",
  document_chunks: "Document chunks",
  memories: "Memories",
  memory_versions: "Memory versions",
  search_entries: "Search entries (vectors)",
  search_terms: "Search terms",
  summaries: "Summaries",
  stage3_entries: "Stage 3 answers",
  stage3_runs: "Stage 3 runs",
  ingestions: "Ingestions",
  cached_answers: "Cached answers",
  profile_sources: "Enrichment results",
  webhook_deliveries: "Webhook deliveries",
};

/** The receipt's counts in the labels' order (what a person looks for first), others after. */
function receiptRows(counts: Record<string, number>): [string, number][] {
  const order = Object.keys(RECEIPT_LABEL);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function DeleteUserDialog({ userId, onClose }: { userId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { workspace, environment } = usePortal();
  const scope = useScope();
  const del = useMutation(trpc.explorer.deleteUser.mutationOptions());
  const done = async () => {
    await qc.invalidateQueries({ queryKey: trpc.explorer.pathKey() });
    await qc.invalidateQueries({ queryKey: trpc.overview.pathKey() });
    router.push(`/w/${workspace.id}/users`);
  };
  const receipt = del.data;
  if (receipt) {
    return (
      <Dialog open onClose={done} title="Erasure receipt" description={`${userId} was erased from ${environment}.`}>
        <dl aria-label="Erased" className="grid gap-x-6 rounded-md border border-slate-200 px-3 py-2 text-sm sm:grid-cols-2">
          {receiptRows(receipt.counts).map(([k, n]) => (
            <div key={k} className="flex justify-between border-b border-slate-100 py-1">
              <dt className="text-slate-600">{RECEIPT_LABEL[k] ?? k}</dt>
              <dd className="tabular-nums text-slate-900">{n}</dd>
            </div>
          ))}
          <div className="flex justify-between py-1 font-medium sm:col-span-2">
            <dt>Total rows</dt>
            <dd className="tabular-nums">{receipt.total_rows}</dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-slate-500">
          Erased <TimeAgo date={new Date(receipt.erased_at)} /> · receipt <code className="font-mono">{receipt.request_id}</code>
        </p>
        <DialogActions>
          <CopyButton text={JSON.stringify(receipt, null, 2)} label="Copy receipt" ariaLabel="Copy the erasure receipt" />
          <Button onClick={done}>Done</Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog open onClose={onClose} title={`Erase ${userId}?`} description={`From ${environment}. This cannot be undone.`}>
      <p className="text-sm text-slate-700">
        Erases the user with every message, document, memory and its history, chunk, vector, summary, Stage 3 answer and cached answer
        stored about them, in one transaction. /chunks, /summary, /query and /profile answer 404 for them at once; a new /register starts
        from nothing. You get a receipt with what was erased.
      </p>
      <div className="mt-4">
        <FormError>{del.error ? errorMessage(del.error) : null}</FormError>
      </div>
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" loading={del.isPending} onClick={() => del.mutate({ ...scope, userId })}>
          Erase user and all data
        </Button>
      </DialogActions>
    </Dialog>
  );
}
