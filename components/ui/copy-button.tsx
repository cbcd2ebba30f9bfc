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

export function CodeBlock({ code, label, className }: { code: string; label: string; className?: string }) {
  return (
    <div className={"relative " + (className ?? "")}>
      <pre
        aria-label={label}
        tabIndex={0}
        className="overflow-x-auto rounded-md bg-slate-950 p-4 pr-20 font-mono text-xs leading-relaxed text-slate-100"
      >
        <code>{code}</code>
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton text={code} ariaLabel={`Copy ${label}`} variant="secondary" />
      </div>
    </div>
  );
}
