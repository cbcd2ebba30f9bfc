"use client";

import { useState } from "react";
import { Button } from "./button";

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API unavailable (insecure origin, denied permission): the old way.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function CopyButton({
  text,
  label = "Copy",
  copiedLabel = "Copied",
  ariaLabel,
  variant = "secondary",
  size = "sm",
  onCopied,
  className,
  disabled,
}: {
  text: string;
  label?: string;
  copiedLabel?: string;
  ariaLabel?: string;
  variant?: "primary" | "secondary" | "ghost";
  size?: "sm" | "md";
  onCopied?: () => void;
  className?: string;
  disabled?: boolean;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <Button
      variant={variant}
      size={size}
      className={className}
      aria-label={ariaLabel}
      disabled={disabled}
      onClick={async () => {
        const ok = await copyText(text);
        setState(ok ? "copied" : "failed");
        if (ok) onCopied?.();
        setTimeout(() => setState("idle"), 1800);
      }}
    >
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? "Copy failed" : label}</span>
    </Button>
  );
}

/**
 * Code to read and copy. The copy button sits in a bar above the code, never over it, and long
 * lines wrap (a key or a URL breaks anywhere) so nothing is cut off at any width.
 */
export function CodeBlock({ code, label, className }: { code: string; label: string; className?: string }) {
  return (
    <div className={"overflow-hidden rounded-md bg-slate-950 " + (className ?? "")}>
      <div className="flex items-center justify-between gap-2 border-b border-white/10 py-1.5 pl-4 pr-1.5">
        <span className="truncate text-xs text-slate-400">{label}</span>
        <CopyButton text={code} ariaLabel={`Copy ${label}`} variant="secondary" className="h-7" />
      </div>
      <pre aria-label={label} tabIndex={0} className="whitespace-pre-wrap p-4 font-mono text-xs leading-relaxed text-slate-100 wrap-anywhere">
        <code>{code}</code>
      </pre>
    </div>
  );
}
