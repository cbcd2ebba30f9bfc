/**
 * Failed sign-in attempts, in process memory. After `MAX_FAILURES` failures for one email from
 * one source within `WINDOW_MS`, further attempts are refused until the oldest failure leaves
 * the window; a success clears that record. The source is the client's address when it can be
 * trusted (TRUST_PROXY, see client-ip.ts); when it cannot, it is the email alone, so rotating
 * a forwarded header gains nothing. With a known address, one address trying many emails is
 * capped too (`MAX_FAILURES_PER_IP`), and one email tried from many addresses
 * (`MAX_FAILURES_PER_EMAIL`). Several server instances each keep their own count
 * (docs/portal.md).
 */
export const MAX_FAILURES = 5;
export const MAX_FAILURES_PER_IP = 50;
export const MAX_FAILURES_PER_EMAIL = 20;
export const WINDOW_MS = 5 * 60_000;

const failures = new Map<string, number[]>();

/** The counters an attempt for `email` from `ip` (null: unknown) counts against, with their caps. */
function countersOf(email: string, ip: string | null): [string, number][] {
  const e = email.trim().toLowerCase();
  if (ip === null) return [[`${e}|?`, MAX_FAILURES]];
  return [
    [`${e}|${ip}`, MAX_FAILURES],
    [`*|${ip}`, MAX_FAILURES_PER_IP],
    [`${e}|*`, MAX_FAILURES_PER_EMAIL],
  ];
}

function recent(key: string, now: number): number[] {
  const kept = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (kept.length) failures.set(key, kept);
  else failures.delete(key);
  return kept;
}

export type SignInGate = { ok: true } | { ok: false; retryAfterSec: number };

/** Whether another attempt is allowed now. */
export function checkSignIn(email: string, ip: string | null, now = Date.now()): SignInGate {
  for (const [key, max] of countersOf(email, ip)) {
    const list = recent(key, now);
    if (list.length >= max) {
      const oldest = list[list.length - max]!;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
  }
  return { ok: true };
}

export function recordSignInFailure(email: string, ip: string | null, now = Date.now()): void {
  for (const [key] of countersOf(email, ip)) {
    const list = recent(key, now);
    list.push(now);
    failures.set(key, list);
  }
  // Bound memory: forget the oldest records if an attacker sprays many emails.
  while (failures.size > 50_000) {
    const first = failures.keys().next().value;
    if (first === undefined) break;
    failures.delete(first);
  }
}

/** A success clears the email's count from this source (not the per-address or per-email caps). */
export function clearSignInFailures(email: string, ip: string | null): void {
  failures.delete(countersOf(email, ip)[0]![0]);
}

export function resetSignInLimits(): void {
  failures.clear();
}

/** "2 minutes" / "45 seconds" for error messages. */
export function describeWait(seconds: number): string {
  if (seconds >= 90) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
