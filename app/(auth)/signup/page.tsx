import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { auth } from "@/server/auth";
import { enabledOAuthProviders } from "@/server/auth/config";
import { safeCallbackUrl } from "@/lib/callback-url";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if ((await auth())?.user?.id) redirect("/dashboard");
  const callbackUrl = safeCallbackUrl(params.callbackUrl, "/onboarding");
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Create your Pio account</h1>
      <p className="mt-1 text-sm text-slate-600">
        Then create a workspace and run your first end-to-end test in sandbox mode. Already have an account?{" "}
        <Link href="/signin" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
      <AuthForm mode="signup" callbackUrl={callbackUrl} providers={enabledOAuthProviders()} />
    </>
  );
}
