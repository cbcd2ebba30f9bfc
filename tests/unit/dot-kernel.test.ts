import { describe, expect, it, vi } from "vitest";
import { dotKernel, WASM_MIN_ROWS } from "@/server/retrieval/dot-kernel";

/** A seeded generator: the same numbers on every run. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe("the vector branch's SIMD kernel", () => {
  it("sums the chosen columns as a sequential single-precision loop does, for any row and dimension count, in WebAssembly and in JavaScript", () => {
    const rand = random(7);
    for (const [dim, rows, picked] of [
      [384, 1, 1],
      [384, 5, 7],
      [384, 301, 31],
      [16, 1003, 16],
      [384, 2048, 8],
      [384, 1031, 29],
      [3, 9, 3],
    ] as const) {
      const k = dotKernel(dim, rows);
      // Small users in JavaScript (one WebAssembly memory per user would run out of address space).
      expect(k.kind).toBe(rows >= WASM_MIN_ROWS ? "wasm" : "js");
      expect(k.stride % 4).toBe(0);
      expect(k.stride).toBeGreaterThanOrEqual(rows);
      const vectors = Array.from({ length: rows }, () => Array.from({ length: dim }, () => (rand() < 0.6 ? Math.fround(rand() * 2 - 1) : 0)));
      vectors.forEach((v, r) => v.forEach((x, d) => (k.columns[d * k.stride + r] = x)));
      const dims = [...new Set(Array.from({ length: picked * 3 }, () => Math.floor(rand() * dim)))].slice(0, picked).sort((a, b) => a - b);
      const xs = dims.map(() => Math.fround(rand() * 2 - 1));
      k.score(dims, xs);
      for (let r = 0; r < rows; r++) {
        // pgvector's order: dimension by dimension, rounded to float4 at each step.
        let expected = 0;
        dims.forEach((d, j) => (expected = Math.fround(expected + Math.fround(xs[j]! * vectors[r]![d]!))));
        expect(k.dots[r], `dim ${dim}, rows ${rows}, row ${r}`).toBe(expected);
      }
      // A second search starts from zero.
      k.score([], []);
      expect([...k.dots.subarray(0, rows)].every((x) => x === 0)).toBe(true);
    }
  });

  it("falls back to JavaScript when the process has no address space left for another WebAssembly memory", () => {
    const spy = vi.spyOn(WebAssembly, "Memory").mockImplementation(function () {
      throw new RangeError("WebAssembly.Memory(): could not allocate memory");
    });
    try {
      const k = dotKernel(8, 4096);
      expect(k.kind).toBe("js");
      k.columns[3 * k.stride + 7] = 0.5;
      k.score([3], [2]);
      expect(k.dots[7]).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(dotKernel(8, 4096).kind).toBe("wasm");
  });
});
