import { env } from "@/server/env";

/** The waits before each retry: about a day in all, as receivers may be down for hours. */
const DEFAULT_SCHEDULE_MS = [30_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000];

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** WEBHOOK_RETRY_SCHEDULE ("30s,5m,…"; plain numbers are ms), or the default. */
export function retrySchedule(): number[] {
  const raw = env().WEBHOOK_RETRY_SCHEDULE;
  if (!raw) return DEFAULT_SCHEDULE_MS;
  return raw.split(",").map((part) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(part)!;
    return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? "ms"]!);
  });
}

export function deliveryTimeoutMs(): number {
  return env().WEBHOOK_TIMEOUT_MS;
}

/** TEST-ONLY: private hosts deliveries may reach (WEBHOOK_TEST_ALLOW_HOSTS). */
export function allowedTestHosts(): string[] {
  return (env().WEBHOOK_TEST_ALLOW_HOSTS ?? "").split(",").map((h) => h.trim()).filter(Boolean);
}
