"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { sendApiRequest, isStaleKey, type ApiRequest, type ApiResponse } from "./api-client";

interface StoredKey {
  key: string;
  masked: string;
  expiresAt: string | null;
}

const storageKey = (workspaceId: string) => `pio:playground-key:${workspaceId}`;

function readStored(workspaceId: string): StoredKey | null {
  try {
    const raw = sessionStorage.getItem(storageKey(workspaceId));
    if (!raw) return null;
    const k = JSON.parse(raw) as StoredKey;
    if (k.expiresAt && new Date(k.expiresAt).getTime() < Date.now() + 60_000) return null;
    return k;
  } catch {
    return null;
  }
}

/**
 * The sandbox key of this browser tab's playground. Issued on first use (a real key named
 * "Playground"), kept in sessionStorage for the tab, replaced when the API says it is no
 * longer valid.
 */
export function usePlaygroundKey(workspaceId: string) {
  const trpc = useTRPC();
  const issue = useMutation(trpc.playground.issueKey.mutationOptions());
  const [current, setCurrent] = useState<StoredKey | null>(null);
  const pending = useRef<Promise<StoredKey> | null>(null);

  useEffect(() => setCurrent(readStored(workspaceId)), [workspaceId]);

  const renew = useCallback(async (): Promise<StoredKey> => {
    pending.current ??= issue
      .mutateAsync({ workspaceId })
      .then((r) => {
        const k = { key: r.key, masked: r.masked, expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null };
        sessionStorage.setItem(storageKey(workspaceId), JSON.stringify(k));
        setCurrent(k);
        return k;
      })
      .finally(() => {
        pending.current = null;
      });
    return pending.current;
  }, [issue, workspaceId]);

  const ensure = useCallback(async (): Promise<StoredKey> => readStored(workspaceId) ?? renew(), [renew, workspaceId]);

  /** Sends a request with the playground key, renewing the key once if it went stale. */
  const send = useCallback(
    async (req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse> => {
      let k = await ensure();
      let res = await sendApiRequest(req, k.key, signal);
      if (isStaleKey(res)) {
        sessionStorage.removeItem(storageKey(workspaceId));
        k = await renew();
        res = await sendApiRequest(req, k.key, signal);
      }
      return res;
    },
    [ensure, renew, workspaceId],
  );

  return { current, send, ensure, renew, issuing: issue.isPending, issueError: issue.error };
}
