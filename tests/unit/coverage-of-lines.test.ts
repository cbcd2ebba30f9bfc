import { describe, expect, it } from "vitest";
import { coverageOfLines } from "@/server/retrieval/chunks";
import { coverage } from "@/server/retrieval/query";

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("coverageOfLines", () => {
  for (const termCount of [0, 1, 5, 16, 31, 32, 45]) {
    it(`equals coverage of the lines' merged terms (${termCount} query terms)`, () => {
      const random = rng(termCount + 1);
      const vocabulary = Array.from({ length: 60 }, (_, i) => `w${i}`);
      const weights = new Map(vocabulary.slice(0, termCount).map((w) => [w, 0.1 + random()] as [string, number]));
      const lines = Array.from({ length: 6 }, () => new Set(vocabulary.filter(() => random() < 0.2)));
      const of = coverageOfLines(weights);
      const masks = lines.map((l) => of.mask(l));
      for (let subset = 0; subset < 1 << lines.length; subset++) {
        const keep = lines.flatMap((_, j) => (subset & (1 << j) ? [j] : []));
        const merged = new Set(keep.flatMap((j) => [...lines[j]!]));
        // Exactly equal: the same sums in the same order.
        expect(of.of(keep.map((j) => masks[j]!))).toBe(coverage(merged, weights));
      }
    });
  }
});
