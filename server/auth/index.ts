import NextAuth from "next-auth";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/server/api/trpc";
import { authConfig } from "./config";

/** next-auth, configured lazily so the secret and providers are read at run time, not at build. */
const { auth, handlers, signIn, signOut } = NextAuth(() => authConfig());

export { auth, handlers, signIn, signOut };

/** The signed-in account, or a redirect to sign in that comes back to `returnTo`. */
export async function requireSession(returnTo: string): Promise<SessionUser> {
  const session = await auth();
  if (!session?.user?.id) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return { id: session.user.id, email: session.user.email ?? "", name: session.user.name, emailVerified: session.user.verifiedEmail };
}
