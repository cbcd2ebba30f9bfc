/**
 * In-process token bucket per API key: `rps` tokens a second, bursts up to `rps`. A
 * multi-instance deployment gets a per-instance limit; see docs/architecture.md.
 */
interface Bucket {
  tokens: number;
  at: number;
}

const buckets = new Map<string, Bucket>();

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSec: number };

export function takeToken(keyId: string, rps: number, now = performance.now()): RateDecision {
  if (rps <= 0) return { ok: true, remaining: Infinity };
  const bucket = buckets.get(keyId) ?? { tokens: rps, at: now };
  bucket.tokens = Math.min(rps, bucket.tokens + ((now - bucket.at) / 1000) * rps);
  bucket.at = now;
  buckets.set(keyId, bucket);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { ok: true, remaining: Math.floor(bucket.tokens) };
  }
  return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / rps)) };
}

export function resetRateLimits(): void {
  buckets.clear();
}
