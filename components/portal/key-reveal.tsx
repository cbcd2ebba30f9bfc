"use client";

import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock, CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/field";
import { SPEC_CURL_BODY } from "@/lib/snippets";

/** The spec's first request, ready to paste, with the new key in it. */
export function firstCurl(origin: string, key: string): string {
  return `curl -X POST ${origin}/register \\
  -H "x-api-key: ${key}" \\
  -H "Content-Type: application/json" \\
  -d '${SPEC_CURL_BODY}'`;
}

export function useOrigin(): string {
  const [origin, setOrigin] = useState("http://localhost:3000");
  useEffect(() => setOrigin(window.location.origin), []);
  return origin;
}

/**
 * A new key, shown this once: copy it, try it with curl, and confirm it is stored before
 * the panel can be closed.
 */
export function KeyReveal({ apiKey, onDone, doneLabel = "Done" }: { apiKey: string; onDone: () => void; doneLabel?: string }) {
  const origin = useOrigin();
  const [confirmed, setConfirmed] = useState(false);
  const inputId = useId();
  const checkId = useId();
  return (
    <div className="space-y-4">
      <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <strong className="font-semibold">Copy this key now. You won&apos;t see it again.</strong> Pio keeps only a hash of it; if you lose it,
        roll it for a new one.
      </div>
      <div>
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
          Your API key
        </label>
        <div className="mt-1.5 flex flex-col gap-2 sm:flex-row sm:items-start">
          {/* A textarea, not an input: the whole key stays visible, wrapping on a phone. */}
          <textarea
            id={inputId}
            readOnly
            rows={1}
            value={apiKey}
            data-testid="new-api-key"
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
            className={inputClass + " resize-none font-mono text-xs field-sizing-content wrap-anywhere sm:text-sm"}
          />
          <CopyButton text={apiKey} label="Copy key" ariaLabel="Copy API key" variant="primary" size="md" />
        </div>
      </div>
      <div>
        <p className="text-sm font-medium text-slate-800">Try it: register the spec&apos;s first user</p>
        <CodeBlock className="mt-1.5" code={firstCurl(origin, apiKey)} label="curl command using this key" />
      </div>
      <div className="flex items-start gap-2">
        <input
          id={checkId}
          type="checkbox"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
        />
        <label htmlFor={checkId} className="text-sm text-slate-700">
          I have copied this key and stored it somewhere safe.
        </label>
      </div>
      <div className="flex justify-end">
        <Button onClick={onDone} disabled={!confirmed}>
          {doneLabel}
        </Button>
      </div>
    </div>
  );
}
