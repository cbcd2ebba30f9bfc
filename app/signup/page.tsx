import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = { title: "Sign up" };

export default function SignUpPage() {
  return (
    <>
      <SiteHeader />
      <main className="mx-auto max-w-xl px-6 py-20">
        <h1 className="text-3xl font-semibold tracking-tight">The developer portal is on its way</h1>
        <p className="mt-4 text-slate-600">
          Sign-up, workspaces and key management in the browser arrive with the portal. Until then, create a workspace and a
          key from the command line:
        </p>
        <pre className="mt-6 overflow-x-auto rounded-lg bg-slate-950 p-4 text-sm text-slate-100">
          <code>npm run key:create -- --name &quot;Development&quot; --workspace &quot;Acme&quot; --env sandbox</code>
        </pre>
        <p className="mt-6 text-slate-600">
          The key is printed once, on the last line. Then follow the{" "}
          <Link href="/docs" className="font-medium text-brand-600 underline">
            API reference
          </Link>
          .
        </p>
      </main>
    </>
  );
}
