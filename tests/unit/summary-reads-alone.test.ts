import { describe, expect, it } from "vitest";
import type { ModelFact } from "@/server/profile/model";
import { bankQuestions, evidenceFor } from "@/server/profile/stage3";
import { assembleSummary, buildParts, composeSummary, pointsOutside, summarySentence, type SummaryInputs } from "@/server/profile/summary";

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

  it("puts what can kill first among the safety facts, so a short summary keeps it", () => {
    // Newest first, as the model lists them: someone else's diet, a medication, then the allergy.
    const facts = [
      fact("s1", "Sam's partner Jonas is vegetarian.", { topic: "health", salience: "safety", saidAt: "2025-11-03T10:00:00.000Z" }),
      fact("s2", "Sam takes levothyroxine every morning for their thyroid.", { topic: "health", salience: "safety", saidAt: "2025-11-02T10:00:00.000Z" }),
      fact("s3", "Sam is severely allergic to shellfish, Sam carries an EpiPen.", { topic: "health", salience: "safety", saidAt: "2025-11-01T10:00:00.000Z" }),
    ];
    const text = composeSummary(inputs(facts));
    expect(text.indexOf("allergic to shellfish")).toBeGreaterThan(-1);
    expect(text.indexOf("allergic to shellfish")).toBeLessThan(text.indexOf("levothyroxine"));
    expect(text.indexOf("levothyroxine")).toBeLessThan(text.indexOf("Jonas is vegetarian"));
    // More safety facts than fit in 200 characters: the allergy is among those kept.
    const many = [
      fact("d1", "Sam's mother Birgit is vegan and keeps to it strictly at every family meal.", { topic: "health", salience: "safety", saidAt: "2025-11-06T10:00:00.000Z" }),
      fact("d2", "Sam's brother Nils is pescatarian and eats fish only on weekends with the family.", { topic: "health", salience: "safety", saidAt: "2025-11-05T10:00:00.000Z" }),
      fact("d3", "Sam's daughter Elsa is vegetarian since she visited a farm with her school class.", { topic: "health", salience: "safety", saidAt: "2025-11-04T10:00:00.000Z" }),
      ...facts,
    ];
    const short = assembleSummary(buildParts(inputs(many)), 200);
    expect(short.length).toBeLessThanOrEqual(200);
    expect(short).toMatch(/allergic to shellfish/);
  });
});

describe("the family line", () => {
  it("names the spouse before a relative's visit, and the baby born among who the user is (Nadia, 2026-12-03)", () => {
    const family = (id: string, text: string, saidAt: string, extra: Partial<ModelFact> = {}) => fact(id, text, { topic: "family", salience: "event", saidAt, ...extra });
    // Newest first, as the model lists them.
    const text = composeSummary(
      inputs([
        family("b", "Mila was born January 8, 7 pounds 2 ounces", "2026-01-15T10:00:00.000Z", { salience: "identity", entities: [{ name: "Mila", type: "person", relation: "baby" }] }),
        family("m", "Sam's mom is flying in from Sofia to help for a month after the birth", "2025-11-20T10:00:00.000Z", { entities: [{ name: null, type: "person", relation: "mom" }] }),
        family("h", "Sam's husband Alexei is a paramedic, he works 24 hour shifts", "2025-09-02T10:00:00.000Z", { entities: [{ name: "Alexei", type: "person", relation: "husband" }] }),
      ]),
    );
    expect(text).toMatch(/Mila was born January 8/);
    expect(text).toMatch(/husband Alexei is a paramedic/);
    expect(text).not.toMatch(/flying in from Sofia/);
  });
});

describe("a fact's sentence in the summary", () => {
  it("keeps the next sentence when the first ends pointing at something ('would have loved to see it')", () => {
    const f = fact("m1", "Ruth's late husband Harold would have loved to see it. He passed in 2021.", { topic: "family", salience: "identity" });
    expect(summarySentence(f, "Ruth")).toBe("Ruth's late husband Harold would have loved to see it. He passed in 2021.");
  });

  it("keeps the question a fragment answers ('Mostly Ruth's garden and Ruth's grandchildren.')", () => {
    const f = fact("m1", 'Asked "What keeps you busy these days?", Ruth said: Mostly Ruth\'s garden and Ruth\'s grandchildren.', { topic: "interests" });
    expect(summarySentence(f, "Ruth")).toBe('Asked "What keeps you busy these days?", Ruth said: Mostly Ruth\'s garden and Ruth\'s grandchildren.');
    // A reply that reads alone is shown alone.
    const g = fact("m2", 'Asked "Any plans?", Ruth said: Ruth is visiting Sophie in Denver next month.', { topic: "travel" });
    expect(summarySentence(g, "Ruth")).toBe("Ruth is visiting Sophie in Denver next month.");
  });
});

describe("Stage 3's food question", () => {
  it("reads the safety facts about eating, not a medication", () => {
    const food = bankQuestions(null).find((q) => q.question === "What are the user's food preferences?")!;
    const facts = [
      fact("f1", "Sam loves ramen.", { topic: "food" }),
      fact("f2", "Sam is severely allergic to shellfish.", { topic: "health", salience: "safety" }),
      fact("f3", "Sam's partner Jonas is vegetarian.", { topic: "health", salience: "safety" }),
      fact("f4", "Sam takes levothyroxine every morning for their thyroid.", { topic: "health", salience: "safety" }),
      fact("f5", "Sam uses a wheelchair.", { topic: "health", salience: "safety" }),
    ];
    expect(evidenceFor(food, facts).map((f) => f.id)).toEqual(["f1", "f2", "f3"]);
  });
});
