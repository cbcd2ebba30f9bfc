import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

const features = [
  {
    title: "Memories from any data",
    body: "Send conversations, emails, notes and documents to /ingest. Pio extracts concise facts about the user in the background, deduplicated and reconciled.",
  },
  {
    title: "Context at every turn",
    body: "POST /chunks with the recent conversation and get the most relevant memories, documents and insights back in milliseconds, with no LLM call on the path.",
  },
  {
    title: "A profile for the system prompt",
    body: "GET /summary returns a deterministic natural-language profile, focused by what your agent is for: scheduling, sales, content, support.",
  },
  {
    title: "Answers to hard questions",
    body: "POST /query as a tool call: cache-first answers from what Pio already knows, an agent that searches the user's data when it must.",
  },
  {
    title: "Private by default",
    body: "Emails, phone numbers, card numbers, national IDs, secrets and addresses are redacted before anything is stored. Keys are kept only as hashes.",
  },
  {
    title: "Sandbox and live",
    body: "Every workspace has a sandbox and a live environment whose data never mix. pio_sk_test_ keys for building, pio_sk_live_ keys for production.",
  },
];

const example = `curl -X POST $PIO_URL/register \\
  -H "x-api-key: pio_sk_test_…" \\
  -H "Content-Type: application/json" \\
  -d '{"email": "me@pioneer.ai", "traits": {"name": "John Doe"}}'`;

export default function LandingPage() {
  return (
    <>
      <SiteHeader />
      <main>
        <section className="mx-auto max-w-6xl px-6 pb-16 pt-20">
          <p className="text-sm font-medium uppercase tracking-wider text-brand-600">Personalization API for AI agents</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">
            Give your agent a memory of every user it serves.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-slate-600">
            Pio turns what your users say and write into private memories, a profile summary for the system prompt, relevant
            context at every turn, and answers to hard questions about the user.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/signup" className="rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700">
              Create a workspace
            </Link>
            <Link href="/docs" className="rounded-md border border-slate-300 px-4 py-2.5 font-medium hover:bg-slate-50">
              Read the API reference
            </Link>
          </div>
          <pre className="mt-12 overflow-x-auto rounded-lg bg-slate-950 p-5 text-sm leading-relaxed text-slate-100">
            <code>{example}</code>
          </pre>
        </section>
        <section aria-labelledby="features" className="border-t border-slate-200 bg-slate-50">
          <div className="mx-auto max-w-6xl px-6 py-16">
            <h2 id="features" className="text-2xl font-semibold tracking-tight">
              Five endpoints, one understanding of the user
            </h2>
            <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
              {features.map((f) => (
                <li key={f.title} className="rounded-lg border border-slate-200 bg-white p-5">
                  <h3 className="font-medium">{f.title}</h3>
                  <p className="mt-2 text-sm text-slate-600">{f.body}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>
      <footer className="mx-auto max-w-6xl px-6 py-8 text-sm text-slate-500">Pio · runs anywhere, with no services and no keys.</footer>
    </>
  );
}
