import { cn } from "./cn";

type Tone = "gray" | "green" | "amber" | "red" | "blue" | "violet";
const tones: Record<Tone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-200",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-rose-50 text-rose-700 ring-rose-200",
  blue: "bg-brand-50 text-brand-700 ring-brand-100",
  violet: "bg-violet-50 text-violet-700 ring-violet-200",
};

export function Badge({ tone = "gray", children, className }: { tone?: Tone; children: React.ReactNode; className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[tone], className)}>
      {children}
    </span>
  );
}

export function EnvironmentBadge({ environment }: { environment: "sandbox" | "live" }) {
  return environment === "sandbox" ? <Badge tone="amber">Sandbox</Badge> : <Badge tone="violet">Live</Badge>;
}

export function StatusCodeBadge({ status }: { status: number }) {
  const tone: Tone = status >= 500 ? "red" : status >= 400 ? "amber" : status >= 200 && status < 300 ? "green" : "gray";
  return (
    <Badge tone={tone} className="font-mono">
      {status}
    </Badge>
  );
}
