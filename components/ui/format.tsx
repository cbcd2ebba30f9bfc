const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "3 minutes ago", "in 7 days". */
export function relativeTime(date: Date | string, now = Date.now()): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const diff = (d.getTime() - now) / 1000;
  if (Math.abs(diff) < 10) return "just now";
  for (const [unit, sec] of UNITS) {
    if (Math.abs(diff) >= sec || unit === "second") return rtf.format(Math.round(diff / sec), unit);
  }
  return d.toISOString();
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

export function absoluteTime(date: Date | string): string {
  return dateTime.format(typeof date === "string" ? new Date(date) : date);
}

export function clockTime(date: Date | string): string {
  return timeOnly.format(typeof date === "string" ? new Date(date) : date);
}

/** A time shown relative, with the exact time on hover and for screen readers. */
export function TimeAgo({ date, fallback = "—" }: { date: Date | string | null | undefined; fallback?: string }) {
  if (!date) return <span className="text-slate-400">{fallback}</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} title={absoluteTime(d)}>
      {relativeTime(d)}
    </time>
  );
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
