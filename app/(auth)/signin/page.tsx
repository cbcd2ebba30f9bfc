import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { auth } from "@/server/auth";
import { enabledOAuthProviders } from "@/server/auth/config";
import { safeCallbackUrl } from "@/lib/callback-url";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthAccountNotLinked: "An account with this email already exists. Sign in with your password; you can then use this provider.",
  OAuthNoEmail: "The provider did not share an email address, which Pio needs for your account.",
  AccessDenied: "Sign-in was cancelled or refused.",
  CredentialsSignin: "Wrong email or password.",
  Configuration: "Sign-in is misconfigured on this server. Check the server logs.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, "/dashboard");
  if ((await auth())?.user?.id) redirect(callbackUrl);
  const error = params.error ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Pio</h1>
      <p className="mt-1 text-sm text-slate-600">
        New here?{" "}
        <Link href={`/signup${params.callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`} className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
      {params.signedOut && (
        <p role="status" className="mt-4 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600">
          {params.signedOut === "everywhere" ? "You have signed out of every session, on every device." : "You have signed out."}
        </p>
      )}
      <AuthForm mode="signin" callbackUrl={callbackUrl} providers={enabledOAuthProviders()} initialError={error} />
    </>
  );
}
