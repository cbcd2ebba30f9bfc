"use client";

import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";

export interface CodeSample {
  lang: string;
  label: string;
  code: string;
}

/** Examples of one call in several languages: a tab per language, each copyable. */
export function CodeTabs({ samples, title }: { samples: CodeSample[]; title: string }) {
  const [active, setActive] = useState(samples[0]!.lang);
  const id = useId();
  const current = samples.find((s) => s.lang === active) ?? samples[0]!;
  return (
    <div className="min-w-0 overflow-hidden rounded-md border border-slate-800 bg-slate-950" data-testid="code-tabs">
      <div className="flex items-center gap-1 border-b border-slate-800 px-2 pt-2">
        <div role="tablist" aria-label={`${title}: examples`} className="flex min-w-0 flex-1 gap-1 overflow-x-auto">
          {samples.map((s) => (
            <button
              key={s.lang}
              type="button"
              role="tab"
              id={`${id}-${s.lang}`}
              aria-selected={s.lang === active}
              aria-controls={`${id}-panel`}
              onClick={() => setActive(s.lang)}
              className={cn(
                "shrink-0 rounded-t-md px-3 py-1.5 text-xs font-medium",
                s.lang === active ? "bg-slate-800 text-white" : "text-slate-400 hover:text-slate-200",
              )}
            >
              {s.label}
            </button>
          ))}
        </div>
        <div className="mb-1 shrink-0">
          <CopyButton text={current.code} ariaLabel={`Copy the ${current.label} example of ${title}`} size="sm" variant="secondary" />
        </div>
      </div>
      <pre
        id={`${id}-panel`}
        role="tabpanel"
        aria-labelledby={`${id}-${current.lang}`}
        tabIndex={0}
        data-lang={current.lang}
        className="max-h-[28rem] overflow-auto p-4 font-mono text-xs leading-relaxed text-slate-100"
      >
        <code>{current.code}</code>
      </pre>
    </div>
  );
}
