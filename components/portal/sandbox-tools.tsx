"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/components/trpc";
import { usePortal } from "./context";
import { PLAYGROUND_CONTEXT_KEY } from "./playground/endpoints";

/** "Load sample data" and "Reset sandbox data", with their results shown inline. */
export function SandboxTools({ compact }: { compact?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { workspace } = usePortal();
  const [confirmReset, setConfirmReset] = useState(false);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.explorer.pathKey() }),
      qc.invalidateQueries({ queryKey: trpc.overview.pathKey() }),
      qc.invalidateQueries({ queryKey: trpc.logs.pathKey() }),
    ]);
  const load = useMutation(
    trpc.sandbox.loadSampleData.mutationOptions({
      onSuccess: async (r) => {
        // The playground's examples then use the sample user.
        sessionStorage.setItem(PLAYGROUND_CONTEXT_KEY(workspace.id), JSON.stringify({ userId: r.userId, ingestionId: r.ingestionId }));
        await refresh();
      },
    }),
  );
  const reset = useMutation(
    trpc.sandbox.reset.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setConfirmReset(false);
      },
    }),
  );
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        <Button
          variant={compact ? "secondary" : "primary"}
          loading={load.isPending}
          onClick={() => {
            reset.reset();
            load.mutate({ workspaceId: workspace.id });
          }}
        >
          Load sample data
        </Button>
        <Button
          variant="secondary"
          className="text-rose-700"
          onClick={() => {
            load.reset();
            setConfirmReset(true);
          }}
        >
          Reset sandbox data
        </Button>
      </div>
      <div aria-live="polite" className="mt-3 text-sm">
        {load.data && (
          <p className="text-emerald-700">
            Loaded Ash Lewis as{" "}
            <Link className="font-mono font-medium underline" href={`/w/${workspace.id}/users/${encodeURIComponent(load.data.userId)}`}>
              {load.data.userId}
            </Link>
            ; the conversation and the Q4 goals are being processed.
          </p>
        )}
        {reset.data && (
          <p className="text-slate-700">
            Sandbox reset: {reset.data.endUsers} user{reset.data.endUsers === 1 ? "" : "s"} and {reset.data.requestLogs} request log
            {reset.data.requestLogs === 1 ? "" : "s"} deleted.
          </p>
        )}
        {load.error && <FormError>{errorMessage(load.error)}</FormError>}
      </div>
      <Dialog open={confirmReset} onClose={() => setConfirmReset(false)} title="Reset sandbox data?">
        <p className="text-sm text-slate-700">
          Deletes every <strong>sandbox</strong> user of {workspace.name} with all their messages, documents, memories, summaries and Stage 3
          answers, and the sandbox request logs. Live data and API keys are not touched.
        </p>
        <div className="mt-4">
          <FormError>{reset.error ? errorMessage(reset.error) : null}</FormError>
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={() => setConfirmReset(false)}>
            Cancel
          </Button>
          <Button variant="danger" loading={reset.isPending} onClick={() => reset.mutate({ workspaceId: workspace.id })}>
            Reset sandbox data
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
