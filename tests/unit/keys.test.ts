import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { environmentOfKey, generateApiKey, hashApiKey, maskKey } from "@/server/keys/generate";
import { BASE58_ALPHABET, base58 } from "@/server/lib/base58";

describe("base58", () => {
  it("encodes known vectors", () => {
    expect(base58(new TextEncoder().encode("Hello World!"))).toBe("2NEpo7TZRRrLZSi2U");
    expect(base58(new Uint8Array([0, 0, 1]))).toBe("112");
  });
});

describe("generateApiKey", () => {
  it("makes sandbox and live keys with their prefixes and at least 128 random bits", () => {
    const test = generateApiKey("sandbox");
    const live = generateApiKey("live");
    expect(test.key).toMatch(new RegExp(`^pio_sk_test_[${BASE58_ALPHABET}]+$`));
    expect(live.key).toMatch(new RegExp(`^pio_sk_live_[${BASE58_ALPHABET}]+$`));
    const secret = test.key.slice("pio_sk_test_".length);
    // 58^n >= 2^128 needs n >= 22 characters; 24 bytes give 32 or 33.
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });

  it("never repeats", () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateApiKey("sandbox").key));
    expect(keys.size).toBe(2000);
  });

  it("keeps only a SHA-256 hash and a short display start and last four", () => {
    const k = generateApiKey("live");
    expect(k.hash).toBe(createHash("sha256").update(k.key).digest("hex"));
    expect(hashApiKey(k.key)).toBe(k.hash);
    expect(k.start).toBe(k.key.slice(0, 16));
    expect(k.last4).toBe(k.key.slice(-4));
    expect(maskKey(k)).toBe(`${k.start}…${k.last4}`);
    expect(k.start.length + k.last4.length).toBeLessThan(k.key.length - 12);
  });

  it("reads the environment from the prefix", () => {
    expect(environmentOfKey("pio_sk_test_abc")).toBe("sandbox");
    expect(environmentOfKey("pio_sk_live_abc")).toBe("live");
    expect(environmentOfKey("sk_live_abc")).toBeNull();
  });
});
