import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { safeCallbackUrl } from "@/lib/callback-url";
import { verifyEmail } from "@/server/accounts/email-verification";
import { auth } from "@/server/auth";

export const metadata: Metadata = { title: "Verify your email", robots: { index: false } };
export const dynamic = "force-dynamic";

const PROBLEMS = {
  unknown: "This link is not valid. Open the latest link we sent, or ask for a new one from the portal.",
  expired: "This link has expired (links work for 24 hours). Ask for a new one from the portal.",
  used: "This link has already been used.",
  changed: "This link was sent to an address the account no longer uses.",
} as const;

/** The link in a verification mail lands here: it proves the address, then leads on. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const result = await verifyEmail(await getDb(), params.token ?? "");
  const next = safeCallbackUrl(params.next, "/dashboard");
  const signedIn = Boolean((await auth())?.user?.id);
  const target = signedIn ? next : `/signin?callbackUrl=${encodeURIComponent(next)}`;
  return result.ok ? (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <p className="text-sm font-medium text-emerald-700">Email verified</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{result.email} is yours</h1>
      <p className="mt-2 text-sm text-slate-600">You can now accept invitations sent to this address.</p>
      <Link href={target} className={buttonClass("primary", "md", "mt-5")}>
        {signedIn ? "Continue" : "Sign in to continue"}
      </Link>
    </div>
  ) : (
    <div role="alert" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">This link did not work</h1>
      <p className="mt-2 text-sm text-slate-600">{PROBLEMS[result.reason]}</p>
      <Link href={signedIn ? "/account" : "/signin"} className={buttonClass("secondary", "md", "mt-5")}>
        {signedIn ? "Go to your account" : "Sign in"}
      </Link>
    </div>
  );
}
