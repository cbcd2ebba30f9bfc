import type { Metadata } from "next";
import Link from "next/link";
import { BrandLink } from "@/components/ui/brand";
import { AccountPage } from "@/components/portal/account/account-page";
import { requireSession } from "@/server/auth";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ passwordChanged?: string }> }) {
  await requireSession("/account");
  const { passwordChanged } = await searchParams;
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 py-3 sm:px-6">
        <BrandLink href="/dashboard" />
        <Link href="/dashboard" className="text-sm font-medium text-brand-700 hover:underline">
          Back to your workspace
        </Link>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl px-4 py-6 sm:px-6 sm:py-8">
        <AccountPage key={passwordChanged ?? ""} passwordChanged={passwordChanged === "1"} />
      </main>
    </div>
  );
}
