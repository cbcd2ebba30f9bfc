import { describe, expect, it } from "vitest";
import {
  conceptsOf,
  cosine,
  createOfflineEmbeddings,
  embedOffline,
  OFFLINE_EMBEDDING_MODEL,
  stem,
  terms,
  tokenize,
} from "@/server/ai/embeddings";
import { EMBEDDING_DIMENSIONS } from "@/server/ai/types";

const sim = (a: string, b: string) => cosine(embedOffline(a), embedOffline(b));
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe("tokenize / stem", () => {
  it("lowercases, splits on non-alphanumerics, keeps digits and drops stopwords", () => {
    expect(tokenize("I'm hungry, what should I eat tonight?")).toEqual(["hungry", "eat", "tonight"]);
    expect(tokenize("Dinner at 9pm for Q4 (3 people), Jon's treat")).toEqual(["dinner", "9pm", "q4", "3", "people", "jon", "treat"]);
    expect(tokenize("don’t I’ve")).toEqual([]);
    expect(tokenize("")).toEqual([]);
  });

  it("reduces inflections to one stem", () => {
    for (const w of ["dance", "dances", "danced", "dancing", "dancer"]) expect(stem(w)).toBe("danc");
    for (const w of ["study", "studies", "studied", "studying"]) expect(stem(w)).toBe("studi");
    expect(stem("running")).toBe("run");
    expect(stem("hiking")).toBe(stem("hike"));
    expect(stem("happiness")).toBe(stem("happy"));
    expect(stem("classes")).toBe("class");
    expect(stem("need")).toBe("need");
    expect(stem("9pm")).toBe("9pm");
    expect(stem("business")).not.toBe(stem("busy"));
    expect(terms("Dancing dances")).toEqual(["danc", "danc"]);
  });
});

describe("conceptsOf", () => {
  it("names the lexicon concepts a text mentions", () => {
    expect(conceptsOf("I'm hungry, what should I eat tonight?")).toContain("food");
    expect(conceptsOf("Jon started a dance studio")).toContain("dance");
    expect(conceptsOf("hiring 3 engineers for the Q4 launch")).toEqual(expect.arrayContaining(["work", "business"]));
    expect(conceptsOf("went hiking in Yosemite")).toContain("nature");
    expect(conceptsOf("How should you format replies to me?")).toContain("communication");
    expect(conceptsOf("bullet points work best for me")).toContain("communication");
    expect(conceptsOf("We have twin boys, they're 4.")).toContain("family");
    expect(conceptsOf("the and of")).toEqual([]);
    // Reaching someone is communication; a drug, a prescription and a condition are health.
    expect(conceptsOf("How should I contact Ruth?")).toContain("communication");
    expect(conceptsOf("Please text instead of calling, phone calls are hard for me")).toContain("communication");
    expect(conceptsOf("What medications does Ruth take?")).toContain("health");
    expect(conceptsOf("My doctor switched me from metformin to insulin injections")).toContain("health");
    expect(conceptsOf("I have type 2 diabetes")).toContain("health");
    expect(conceptsOf("a fellow called Daniel")).not.toContain("communication");
    // A retainer is a client's.
    expect(conceptsOf("Sam signed a new retainer with Halcyon Health")).toContain("business");
    // A major is what someone studies.
    expect(conceptsOf("What is the user studying?")).toContain("learning");
    expect(conceptsOf("a sophomore double majoring in econ and stats")).toContain("learning");
    // Where someone lives is where they moved.
    expect(conceptsOf("Where does Ash live?")).toContain("home");
    expect(conceptsOf("Ash moved from San Francisco to Austin")).toContain("home");
    // An injury is what hurts and what the physio treats.
    expect(conceptsOf("Does Dev have any injuries?")).toContain("health");
    expect(conceptsOf("Dev hurt their IT band last week. physio every tuesday now")).toContain("health");
    expect(conceptsOf("Dev sprained an ankle")).toContain("health");
    // "plans" is no plane (both stem to "plan").
    expect(conceptsOf("What are Marco's plans?")).not.toContain("travel");
    expect(conceptsOf("Our plane landed in Rome")).toContain("travel");
    // Shifts are work ("When does Omar work?" finds "night shifts at the pharmacy, 10pm to 6am").
    expect(conceptsOf("Omar switched to night shifts at the pharmacy, 10pm to 6am")).toContain("work");
    // Dietary restrictions are food: "What dietary restrictions does Rosa have?" finds "… Rosa is celiac".
    expect(conceptsOf("What dietary restrictions does Rosa have?")).toContain("food");
    expect(conceptsOf("We do a lot of gluten-free stuff because I'm celiac myself")).toContain("food");
    // Opening hours are a schedule: "What are the bakery's hours?" finds "open Tuesday to Sunday, 6am to 2pm".
    expect(conceptsOf("What are the bakery's hours?")).toContain("schedule");
    // Childcare is family: "Who picks Mila up from daycare?" finds "Tom … does pickup".
    expect(conceptsOf("Who picks Mila up from daycare?")).toContain("family");
    expect(conceptsOf("Tom switched to day shifts finally so he does pickup.")).toContain("family");
    expect(conceptsOf("the babysitter comes on Fridays")).toContain("family");
    // A job offer is work.
    expect(conceptsOf("Keiko got an offer from Shopify in Toronto.")).toContain("work");
  });
});

describe("offline embeddings", () => {
  const provider = createOfflineEmbeddings();

  it("has the recorded model name and 384 unit-length dimensions", async () => {
    expect(provider.model).toBe(OFFLINE_EMBEDDING_MODEL);
    expect(provider.model).toBe("pio-hash-v9");
    expect(provider.dimensions).toBe(EMBEDDING_DIMENSIONS);
    const [a, b] = await provider.embed(["User loves sushi", "Jon started a dance studio"]);
    expect(a).toHaveLength(384);
    expect(b).toHaveLength(384);
    expect(norm(a!)).toBeCloseTo(1, 9);
    expect(norm(b!)).toBeCloseTo(1, 9);
  });

  it("is deterministic and identical texts have cosine 1", async () => {
    const t = "User loves sushi and usually eats late dinners around 9pm";
    const [a] = await provider.embed([t]);
    const [b] = await createOfflineEmbeddings().embed([t]);
    expect(a).toEqual(b);
    expect(sim(t, t)).toBeCloseTo(1, 12);
  });

  it("never returns NaN: empty and stopword-only texts get a fixed non-zero vector", async () => {
    const [empty, stop, punct] = await provider.embed(["", "the and of I", "?!…"]);
    for (const v of [empty!, stop!, punct!]) {
      expect(v).toHaveLength(384);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 9);
    }
    expect(empty).toEqual(stop);
    expect(Number.isNaN(cosine(empty!, embedOffline("sushi")))).toBe(false);
  });

  it("ranks the food memory first for a hunger question (by ≥ 0.1)", () => {
    const q = "I'm hungry, what should I eat tonight?";
    const food = sim(q, "User loves sushi and usually eats late dinners around 9pm");
    const hiring = sim(q, "User is hiring 3 engineers for the Q4 launch");
    const hiking = sim(q, "User went hiking in Yosemite last weekend");
    expect(food - hiring).toBeGreaterThanOrEqual(0.1);
    expect(food - hiking).toBeGreaterThanOrEqual(0.1);
  });

  it("puts dancing near a dance studio, not near a lost job", () => {
    const q = "Jon started a dance studio";
    expect(sim(q, "Jon is passionate about dancing")).toBeGreaterThan(sim(q, "Gina lost her job at Door Dash") + 0.1);
  });

  it("tolerates small typos and inflections through character trigrams", () => {
    expect(sim("sushi restaurant", "suhsi restaurants")).toBeGreaterThan(sim("sushi restaurant", "hiking trail") + 0.3);
  });
});

describe("the query embedded without the user's name", () => {
  it("leaves out any name, a hyphen or an apostrophe in it included, never throwing", async () => {
    const { withoutWords } = await import("@/server/retrieval/query");
    expect(withoutWords("Where does Anne-Marie O'Brien live?", new Set(["anne-marie", "o'brien"]))).toBe("Where does live?");
    expect(withoutWords("What does Ruth's doctor say?", new Set(["ruth"]))).toBe("What does doctor say?");
    expect(withoutWords("Ruth", new Set(["ruth"]))).toBe("Ruth");
  });
});
