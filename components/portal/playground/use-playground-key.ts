"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { sendApiRequest, isStaleKey, type ApiRequest, type ApiResponse } from "./api-client";

export interface PlaygroundKeyState {
  key: string;
  masked: string;
  keyId: string;
}

/**
 * The playground's sandbox key: the signed-in person's one playground key for this workspace
 * (server/playground/service.ts), the same in every tab. Fetched when the page opens, so the
 * copy-as-code snippets hold the real key from the start; fetched again if the API says it is
 * no longer valid (revoked from the keys page, say).
 */
export function usePlaygroundKey(workspaceId: string) {
  const trpc = useTRPC();
  const issue = useMutation(trpc.playground.issueKey.mutationOptions());
  const renewal = useMutation(trpc.playground.renewKey.mutationOptions());
  const [current, setCurrent] = useState<PlaygroundKeyState | null>(null);
  const pending = useRef<Promise<PlaygroundKeyState> | null>(null);
  const { mutateAsync: issueAsync } = issue;
  const { mutateAsync: renewAsync } = renewal;

  const load = useCallback(
    (fresh: boolean): Promise<PlaygroundKeyState> => {
      pending.current ??= (fresh ? renewAsync({ workspaceId }) : issueAsync({ workspaceId }))
        .then((r) => {
          const k = { key: r.key, masked: r.masked, keyId: r.keyId };
          setCurrent(k);
          return k;
        })
        .finally(() => {
          pending.current = null;
        });
      return pending.current;
    },
    [issueAsync, renewAsync, workspaceId],
  );

  useEffect(() => {
    setCurrent(null);
    load(false).catch(() => {
      /* shown through issue.error */
    });
  }, [load]);

  const currentRef = useRef(current);
  currentRef.current = current;

  /** Sends a request with the playground key, fetching the key again once if it went stale. */
  const send = useCallback(
    async (req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse> => {
      const k = currentRef.current ?? (await load(false));
      const res = await sendApiRequest(req, k.key, signal);
      if (!isStaleKey(res)) return res;
      return sendApiRequest(req, (await load(false)).key, signal);
    },
    [load],
  );

  return {
    current,
    send,
    /** Revokes the current key and uses a new one. */
    renew: () => load(true),
    loading: issue.isPending && !current,
    renewing: renewal.isPending,
    error: issue.error ?? renewal.error,
    retry: () => load(false),
  };
}
