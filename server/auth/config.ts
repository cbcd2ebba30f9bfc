import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { signInWithOAuth } from "@/server/accounts/service";
import { env } from "@/server/env";
import { SESSION_MAX_AGE_SEC } from "@/server/accounts/sessions";
import { authorizeCredentials } from "./credentials";
import { authSecret } from "./secret";
import { endTokenSession, refreshSessionToken } from "./session-token";

declare module "next-auth" {
  interface Session {
    // `verifiedEmail`, not `emailVerified`: next-auth's adapter user already has that name (a Date).
    user: { id: string; email: string; name?: string | null; verifiedEmail: boolean };
  }
}

/** Wrong email or password (deliberately the same answer for both). */
export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

/** Too many failed attempts for this email from this address; `code` carries the wait. */
export class SignInRateLimited extends CredentialsSignin {
  constructor(readonly retryAfterSec: number) {
    super();
    this.code = `rate_limited:${retryAfterSec}`;
  }
}

export type OAuthProviderId = "github" | "google";

/** OAuth providers switch on when both their variables are set. */
export function enabledOAuthProviders(): OAuthProviderId[] {
  const e = env();
  const out: OAuthProviderId[] = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) out.push("github");
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) out.push("google");
  return out;
}

function providers(): NextAuthConfig["providers"] {
  const e = env();
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authorizeCredentials(
          await getDb(),
          { email: String(credentials.email ?? ""), password: String(credentials.password ?? "") },
          request.headers,
        );
        if (result.ok) return { id: result.account.id, email: result.account.email, name: result.account.name };
        if (result.reason === "rate_limited") throw new SignInRateLimited(result.retryAfterSec);
        throw new InvalidCredentials();
      },
    }),
  ];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) list.push(GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET }));
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) list.push(Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET }));
  return list;
}

/**
 * Sessions are JWTs (the Credentials provider requires it) whose subject is the portal
 * account id and whose `sid` names a row of account_sessions. Every request reads that row
 * with the account: a session that was ended (sign-out, sign-out everywhere, a password
 * change) or an account that is gone makes the token worthless at once, wherever it was
 * copied to. Name, email and verification come from the database, not from the token, and
 * membership is checked per request as well.
 */
export function authConfig(): NextAuthConfig {
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        console.error("[auth]", error);
      },
    },
    providers: providers(),
    callbacks: {
      async signIn({ account, user, profile }) {
        if (!account || account.type === "credentials") return true;
        const result = await signInWithOAuth(await getDb(), {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email ?? (profile?.email as string | undefined),
          name: user.name,
          // Google says whether it verified the address; without that word it is not trusted.
          emailVerified: profile?.email_verified === true,
        });
        if (!result.ok) return `/signin?error=${result.reason === "not_linked" ? "OAuthAccountNotLinked" : "OAuthNoEmail"}`;
        // The JWT callback below reads the portal account id from here.
        user.id = result.account.id;
        user.email = result.account.email;
        return true;
      },
      // The client's `update()` payload (`session`) is deliberately not passed on.
      jwt: ({ token, user }) => refreshSessionToken(token, user),
      session({ session, token }) {
        if (token.sub) {
          session.user = {
            ...session.user,
            id: token.sub,
            email: token.email ?? "",
            name: token.name,
            verifiedEmail: token.verifiedEmail === true,
          };
        }
        return session;
      },
    },
    events: {
      // Signing out ends the session itself, not only this browser's cookie.
      signOut: (message) => endTokenSession("token" in message ? message.token : null),
    },
  };
}
