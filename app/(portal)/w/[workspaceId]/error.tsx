"use client";

import { ErrorState } from "@/components/ui/states";

/** A page of the workspace failed to render: say so, keep the navigation, offer a retry. */
export default function WorkspaceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <ErrorState
        message={`This page hit an error${error.digest ? ` (reference ${error.digest})` : ""}. Your data is safe; try again.`}
        onRetry={reset}
      />
    </div>
  );
}
