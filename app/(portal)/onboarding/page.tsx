import type { Metadata } from "next";
import { BrandLink } from "@/components/ui/brand";
import { redirect } from "next/navigation";
import { OnboardingFlow } from "@/components/portal/onboarding";
import { getDb } from "@/db/client";
import { requireSession } from "@/server/auth";
import { listWorkspacesForAccount } from "@/server/workspaces/service";

export const metadata: Metadata = { title: "Create a workspace" };
export const dynamic = "force-dynamic";

export default async function OnboardingPage({ searchParams }: { searchParams: Promise<{ new?: string }> }) {
  const user = await requireSession("/onboarding");
  const memberships = await listWorkspacesForAccount(await getDb(), user.id);
  // A person who already has a workspace comes here only on purpose (the switcher's "New workspace").
  if (memberships.length && !(await searchParams).new) redirect("/dashboard");
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="flex items-center justify-between px-6 py-5">
        <BrandLink href="/dashboard" />
        <span className="truncate pl-4 text-sm text-slate-500">{user.email}</span>
      </header>
      <main className="mx-auto max-w-xl px-4 pb-16 pt-4 sm:pt-8">
        <OnboardingFlow first={memberships.length === 0} />
      </main>
    </div>
  );
}
