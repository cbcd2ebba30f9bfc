import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvite } from "@/components/portal/accept-invite";
import { requireSession } from "@/server/auth";

export const metadata: Metadata = { title: "Join a workspace" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireSession(`/invite/${encodeURIComponent(token)}`);
  return (
    <div className="flex min-h-screen items-start justify-center bg-slate-50 px-4 pt-16">
      <main className="w-full max-w-md">
        <Link href="/dashboard" className="mb-6 inline-flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
            P
          </span>
          Pio
        </Link>
        <AcceptInvite token={token} email={user.email} />
      </main>
    </div>
  );
}
