import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { devOutboxEnabled, outbox } from "@/server/mail";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false } };
export const dynamic = "force-dynamic";

/** Splits a mail's text so that its links can be opened from here. */
function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(/(https?:\/\/\S+)/g).map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part} className="break-all font-medium text-brand-700 underline underline-offset-2">
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

/**
 * Mail this server would have sent, kept in memory while no SMTP_URL is set, in development
 * (or with DEV_OUTBOX=1 for tests). Anywhere else it does not exist.
 */
export default function OutboxPage() {
  if (!devOutboxEnabled()) notFound();
  const mails = outbox();
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Development outbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        No <code className="font-mono">SMTP_URL</code> is set, so mail is not sent: it is written to the server log and kept here (newest
        first, in this process&apos;s memory). This page exists only in development.
      </p>
      {mails.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">No mail yet.</p>
      ) : (
        <ol className="mt-6 space-y-4" aria-label="Mail">
          {mails.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid="outbox-mail">
              <p className="text-sm font-semibold text-slate-900">{m.subject}</p>
              <p className="mt-0.5 text-xs text-slate-500">
                To <span data-testid="outbox-to">{m.to}</span> · {m.sentAt.toISOString()}
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-slate-700">
                <Linkified text={m.text} />
              </pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
