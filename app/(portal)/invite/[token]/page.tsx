import type { Metadata } from "next";
import { BrandLink } from "@/components/ui/brand";
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
        <BrandLink href="/dashboard" className="mb-6" />
        <AcceptInvite token={token} email={user.email} />
      </main>
    </div>
  );
}
