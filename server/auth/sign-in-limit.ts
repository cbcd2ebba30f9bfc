/**
 * Failed sign-in attempts per email + IP, in process memory: after `MAX_FAILURES` failures
 * within `WINDOW_MS` further attempts are refused until the oldest failure leaves the
 * window. A success clears the record. One address trying many emails is capped too
 * (`MAX_FAILURES_PER_IP`). Several server instances each keep their own count (see
 * docs/portal.md).
 */
export const MAX_FAILURES = 5;
export const MAX_FAILURES_PER_IP = 50;
export const WINDOW_MS = 5 * 60_000;

const failures = new Map<string, number[]>();

function keyOf(email: string, ip: string): string {
  return `${email.trim().toLowerCase()}|${ip}`;
}
const ipKey = (ip: string) => `*|${ip}`;

function recent(key: string, now: number): number[] {
  const kept = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (kept.length) failures.set(key, kept);
  else failures.delete(key);
  return kept;
}

export type SignInGate = { ok: true } | { ok: false; retryAfterSec: number };

/** Whether another attempt is allowed now. */
export function checkSignIn(email: string, ip: string, now = Date.now()): SignInGate {
  for (const [key, max] of [
    [keyOf(email, ip), MAX_FAILURES],
    [ipKey(ip), MAX_FAILURES_PER_IP],
  ] as const) {
    const list = recent(key, now);
    if (list.length >= max) {
      const oldest = list[list.length - max]!;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
  }
  return { ok: true };
}

export function recordSignInFailure(email: string, ip: string, now = Date.now()): void {
  for (const key of [keyOf(email, ip), ipKey(ip)]) {
    const list = recent(key, now);
    list.push(now);
    failures.set(key, list);
  }
  // Bound memory: forget the oldest records if an attacker sprays many emails.
  if (failures.size > 50_000) {
    const first = failures.keys().next().value;
    if (first !== undefined) failures.delete(first);
  }
}

export function clearSignInFailures(email: string, ip: string): void {
  failures.delete(keyOf(email, ip));
}

export function resetSignInLimits(): void {
  failures.clear();
}

/** "2 minutes" / "45 seconds" for error messages. */
export function describeWait(seconds: number): string {
  if (seconds >= 90) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
