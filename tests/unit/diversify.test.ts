import { describe, expect, it } from "vitest";
import { selectDistinct, type DiversifyCandidate } from "@/server/retrieval/diversify";
import { idfWeights } from "@/server/retrieval/query";

const memory = (id: string, score: number, content: string, sources = [id]): DiversifyCandidate => ({
  id,
  score,
  content,
  evidence: sources,
  sourceIds: sources,
  primacy: 3,
});
const stage3 = (id: string, score: number, answer: string, sources: string[]): DiversifyCandidate => ({
  id,
  score,
  content: answer,
  evidence: sources,
  sourceIds: sources,
  primacy: 1,
});
/** A conversation window whose relevance comes from the lines it is scored with. */
const window = (id: string, lines: [string, string, number][]): DiversifyCandidate => ({
  id,
  score: Math.max(...lines.map((l) => l[2])),
  content: lines.map((l) => l[1]).join("\n"),
  evidence: lines.map((l) => l[0]),
  sourceIds: lines.map((l) => l[0]),
  primacy: 0,
  lines: lines.map((l) => l[1]),
  rescore: (keep, discount) => Math.max(0, ...keep.map((j) => lines[j]![2])) * (1 - discount),
});
const ids = (xs: { item: { id: string } }[]) => xs.map((x) => x.item.id);

describe("selectDistinct", () => {
  it("collapses a copy into the chunk that holds its words, which then cites its sources", () => {
    const out = selectDistinct(
      [
        memory("m1", 0.9, "Ash loves Thai green curry with tofu", ["u1"]),
        memory("m2", 0.8, "Ash loves Thai green curry with tofu!", ["u7"]),
        memory("m3", 0.5, "Ash is training for a half marathon", ["u3"]),
      ],
      3,
    );
    expect(ids(out)).toEqual(["m1", "m3"]);
    expect(out[0]!.sourceIds).toEqual(["u1", "u7"]);
  });

  it("a Stage 3 answer that repeats a memory is shown as the memory, in the answer's place", () => {
    const out = selectDistinct(
      [stage3("s1", 0.9, "Ash loves Thai green curry with tofu.", ["u1", "u2"]), memory("m1", 0.7, "Ash loves Thai green curry with tofu", ["u1"])],
      2,
    );
    expect(ids(out)).toEqual(["m1"]);
    expect(out[0]!.score).toBe(0.9);
    expect(out[0]!.sourceIds.sort()).toEqual(["u1", "u2"]);
  });

  it("a Stage 3 answer that brings several memories together stays, and the memories it holds collapse into it", () => {
    const out = selectDistinct(
      [
        stage3("s1", 0.9, "Ash loves Thai green curry with tofu. Ash is vegetarian and allergic to peanuts.", ["u1", "u2"]),
        memory("m1", 0.7, "Ash loves Thai green curry with tofu", ["u1"]),
        memory("m2", 0.6, "Ash is vegetarian and allergic to peanuts", ["u2"]),
        memory("m3", 0.4, "Ash plays jazz piano on weekends", ["u5"]),
      ],
      3,
    );
    expect(ids(out)).toEqual(["s1", "m3"]);
  });

  it("a window counts only for its lines that are not shown yet", () => {
    const out = selectDistinct(
      [
        memory("m1", 0.9, "Ash loves Thai green curry with tofu", ["u1"]),
        window("w1", [
          ["u1", "Ash: I love Thai green curry with tofu", 0.85],
          ["a1", "Assistant: Got it, noted for restaurant picks", 0.1],
          ["u2", "Ash: I'm training for a half marathon in May", 0.05],
        ]),
        memory("m2", 0.3, "Ash has a sister called Lena in Berlin", ["u3"]),
      ],
      3,
    );
    // The window ranked for the line the memory already says: the memory, then the other fact.
    expect(ids(out).slice(0, 2)).toEqual(["m1", "m2"]);
    expect(out.find((x) => x.item.id === "w1")?.score ?? 0).toBeLessThan(0.2);
  });

  it("a memory replaces the window that ranked only for the memory's line, citing only its own message", () => {
    const out = selectDistinct(
      [
        window("w1", [
          ["u1", "Ash: My daughter Mia starts kindergarten in September", 0.9],
          ["u2", "Ash: I prefer meetings after 1pm", 0.05],
          ["u3", "Ash: I play jazz piano on weekends", 0.05],
        ]),
        memory("m1", 0.7, "Ash's daughter Mia starts kindergarten in September", ["u1"]),
      ],
      2,
    );
    expect(ids(out)[0]).toBe("m1");
    expect(out[0]!.score).toBe(0.9);
    expect(out[0]!.sourceIds).toEqual(["u1"]);
  });

  it("short texts that share their words but not their evidence are two facts", () => {
    const out = selectDistinct([memory("m1", 0.9, "Ash is vegetarian", ["u1"]), memory("m2", 0.8, "Lena is vegetarian", ["u2"])], 2, {
      ignoreTerms: new Set(["ash", "lena"]),
    });
    expect(ids(out)).toEqual(["m1", "m2"]);
  });

  const halfRepeated = [
    memory("m1", 0.9, "Ash trains for the Berlin marathon every morning", ["u1"]),
    memory("m2", 0.85, "Ash trains every morning before work at the hospital", ["u2"]),
    memory("m3", 0.7, "Ash's sister Lena lives in Lisbon", ["u3"]),
  ];

  it("with a diversity discount, ranks by marginal relevance: scores decrease, a half-repeated chunk drops behind a new one", () => {
    const out = selectDistinct(halfRepeated, 3, { diversity: 0.5 });
    expect(ids(out)).toEqual(["m1", "m3", "m2"]);
    expect(out[2]!.score).toBeLessThan(0.7);
    const scores = out.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("by default a chunk that is not a copy keeps its relevance (DIVERSITY is 0: measured, see diversify.ts)", () => {
    const out = selectDistinct(halfRepeated, 3);
    expect(ids(out)).toEqual(["m1", "m2", "m3"]);
    expect(out.map((x) => x.score)).toEqual([0.9, 0.85, 0.7]);
  });

  it("stops at k and at the threshold on what a chunk adds", () => {
    const cands = [memory("m1", 0.9, "one fact about climbing"), memory("m2", 0.6, "another fact about sailing"), memory("m3", 0.3, "a third about chess")];
    expect(selectDistinct(cands, 2)).toHaveLength(2);
    expect(ids(selectDistinct(cands, 5, { threshold: 0.5 }))).toEqual(["m1", "m2"]);
  });
});

describe("idfWeights", () => {
  const query = {
    weights: new Map([
      ["thai", 1],
      ["restaur", 1],
      ["tonight", 1],
      ["food", 0.5],
      ["ash", 1],
    ]),
    keywordStems: new Map([
      ["thai", { stem: "thai", concept: false }],
      ["restaurant", { stem: "restaur", concept: false }],
      ["tonight", { stem: "tonight", concept: false }],
      ["food", { stem: "food", concept: true }],
    ]),
  };

  it("weighs a word rare among the user's rows above a common one; unseen words keep their weight", () => {
    const w = idfWeights(query, { "": 40, thai: 1, restaurant: 20, tonight: 0, food: 3 }, new Set(["ash"]));
    expect(w.get("thai")!).toBeGreaterThan(1);
    expect(w.get("restaur")!).toBeLessThan(1);
    expect(w.get("tonight")).toBe(1);
    // A concept weighs as little as the most common word; the user's own name almost nothing.
    expect(w.get("food")!).toBeCloseTo(0.5 * (w.get("restaur")! / 1), 6);
    expect(w.get("ash")!).toBeLessThan(0.1);
  });

  it("leaves the weights alone when the user has no rows to count", () => {
    expect(idfWeights(query, { "": 0 })).toBe(query.weights);
  });
});
