import { describe, expect, it } from "vitest";
import { takeToken } from "@/server/http/rate-limit";

describe("per-key token bucket", () => {
  it("allows a burst of `rps`, then refuses with a retry-after, then refills", () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(takeToken("k1", 5, t0).ok).toBe(true);
    const refused = takeToken("k1", 5, t0);
    expect(refused).toEqual({ ok: false, retryAfterSec: 1 });
    expect(takeToken("k1", 5, t0 + 250).ok).toBe(true);
  });

  it("keeps keys apart and is off at 0", () => {
    const t0 = 2_000_000;
    expect(takeToken("a", 1, t0).ok).toBe(true);
    expect(takeToken("a", 1, t0).ok).toBe(false);
    expect(takeToken("b", 1, t0).ok).toBe(true);
    for (let i = 0; i < 1000; i++) expect(takeToken("c", 0, t0).ok).toBe(true);
  });
});
