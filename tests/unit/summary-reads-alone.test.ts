import { describe, expect, it } from "vitest";
import type { ModelFact } from "@/server/profile/model";
import { composeSummary, pointsOutside, type SummaryInputs } from "@/server/profile/summary";

/**
 * A summary goes into a system prompt, where a sentence has no neighbours: one that points at
 * what it does not name ("It was made for a local church.") tells the agent nothing.
 */
describe("sentences that point outside themselves", () => {
  it.each([
    "It was made for a local church and shows Sam's journey.",
    "This pic's from 31 December 2022.",
    "These are Sam's favourite.",
    "That was the best day for Sam.",
    "Here's one of the adoption agencies Sam is looking into.",
    "It reminds Sam that love is everywhere.",
  ])("%s → left out", (text) => expect(pointsOutside(text)).toBe(true));

  it.each([
    "It is important to Sam to eat healthy.",
    "It's hard for Sam to sleep before a race.",
    "It was great to see Sam's sister again.",
    "Sam made this stained glass window for the church.",
    "Thai food is Sam's favourite.",
    "There is a cat at Sam's home.",
    "Items Sam collects: vinyl records.",
  ])("%s → kept", (text) => expect(pointsOutside(text)).toBe(false));
});

const fact = (id: string, text: string, extra: Partial<ModelFact> = {}): ModelFact => ({
  id,
  text,
  topic: "interests",
  salience: "preference",
  status: "current",
  entities: [],
  sourceIds: [id],
  validFrom: null,
  validTo: null,
  saidAt: "2025-11-01T10:00:00.000Z",
  supersededBy: null,
  updatedAt: "2025-11-01T10:00:00.000Z",
  ...extra,
});

const inputs = (facts: ModelFact[]): SummaryInputs => ({
  name: "Sam",
  subject: "Sam",
  profile: { links: { other: [] }, facts: [] },
  purpose: null,
  focus: { kind: "general", concepts: [], topics: [], phrase: "" } as unknown as SummaryInputs["focus"],
  facts,
  flags: [],
  documents: [],
});

describe("the offline summary", () => {
  it("leaves out a fact that points outside itself, keeps the rest, and never drops a safety fact", () => {
    const text = composeSummary(
      inputs([
        fact("m1", "It was made for a local church and shows time changing Sam's life."),
        fact("m2", "Sam paints landscapes on weekends."),
        fact("m3", "It makes Sam's throat swell up when Sam eats peanuts.", { topic: "health", salience: "safety" }),
        fact("m4", "It is important to Sam to eat healthy.", { topic: "health" }),
      ]),
    );
    expect(text).not.toMatch(/local church/);
    expect(text).toMatch(/Sam paints landscapes on weekends\./);
    expect(text).toMatch(/peanuts/);
    expect(text).toMatch(/important to Sam to eat healthy/);
  });
});
