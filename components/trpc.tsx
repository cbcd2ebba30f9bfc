"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, isTRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** A session that ended (signed out elsewhere, expired) sends the person to sign in again. */
function onUnauthorized(error: unknown) {
  if (isTRPCClientError(error) && error.data?.code === "UNAUTHORIZED" && typeof window !== "undefined") {
    const back = window.location.pathname + window.location.search;
    window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthorized }),
    mutationCache: new MutationCache({ onError: onUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // Access errors do not get better by retrying.
        retry: (count, error) =>
          !(isTRPCClientError(error) && ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"].includes(error.data?.code ?? "")) &&
          count < 2,
      },
    },
  });
}

export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The message of a failed call, fit to show to the person. */
export function errorMessage(error: unknown): string {
  if (isTRPCClientError(error)) {
    const fieldErrors = (error.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError
      ?.fieldErrors;
    const first = fieldErrors && Object.values(fieldErrors).find((v) => v?.length)?.[0];
    if (first) return first;
    if (error.data?.code === "INTERNAL_SERVER_ERROR") return "Something went wrong on our side. Try again.";
    return error.message;
  }
  if (error instanceof Error) return error.message === "Failed to fetch" ? "Could not reach the server. Check your connection." : error.message;
  return "Something went wrong.";
}
