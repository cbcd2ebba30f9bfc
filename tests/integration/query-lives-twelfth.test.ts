import { beforeAll, describe, expect, it } from "vitest";
import { testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, reading, type Sessions } from "../helpers/sessions";

/**
 * Lives written after the code (2026-12-03, twelfth read), read as an agent would: a widow who
 * moves in with her daughter after a hip replacement, a restaurant owner who sells it for a food
 * truck, an engineer laid off who starts his own firm.
 */
let t: TestWorkspace;
const greta: Sessions = [
  ["2025-01-20", [
    ["I am 72 and a widow, my husband Lars passed two years ago", "I'm sorry for your loss."],
    ["I live in Minneapolis. My daughter Ingrid lives in Seattle", "Thank you for telling me."],
    ["I take Eliquis, a blood thinner", "Noted."],
  ]],
  ["2025-09-22", [
    ["Had my hip replaced last week. Using a walker for now", "Wishing you a smooth recovery."],
  ]],
  ["2026-03-01", [
    ["I sold my house and moved in with Ingrid in Seattle. Bjorn came too", "That sounds like a big change."],
    ["No more walker, I'm walking on my own again", "Wonderful news!"],
  ]],
];
const sunhee: Sessions = [
  ["2025-04-14", [
    ["I own a Korean restaurant in Koreatown, LA, called Halmoni's", "What a lovely name."],
    ["my husband Min-jun handles the front of house", "Great team."],
  ]],
  ["2025-10-02", [
    ["We sold the restaurant. Too many hours", "That's a big change."],
    ["Starting a food truck instead, bibimbap bowls", "Sounds fun!"],
  ]],
  ["2026-03-18", [
    ["I'm pregnant! 12 weeks", "Congratulations!"],
    ["no raw fish for me now, so no hwe or sushi", "Got it."],
  ]],
];
const omar: Sessions = [
  ["2025-02-25", [
    ["I'm a structural engineer at Boeing in Seattle", "Nice to meet you, Omar."],
  ]],
  ["2025-08-11", [
    ["Got laid off from Boeing today", "I'm sorry, Omar."],
  ]],
  ["2025-11-04", [
    ["Started my own consulting firm, Haddad Structural, first client signed", "Congratulations!"],
  ]],
];

const { ask, summaryOf, current } = reading(() => t);

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, "greta", "Greta Holm", greta);
  await ingestSessions(t, "sunhee", "Sun-hee Park", sunhee);
  await ingestSessions(t, "omar", "Omar Haddad", omar);
}, 120_000);

describe("a widow who moves in with her daughter after a hip replacement", () => {
  it("lives in Seattle now, not Minneapolis", async () => {
    expect(await ask("greta", "Where does Greta live?")).toMatch(/^Greta sold their house and moved in with Ingrid in Seattle/);
    expect(await summaryOf("greta")).not.toMatch(/lives in Minneapolis/);
  });

  it("no longer uses a walker, and says so as news of her own", async () => {
    const now = await current("greta");
    expect(now.some((f) => /using a walker/.test(f))).toBe(false);
    expect(now).toContain("No more walker, Greta is walking on their own again");
    expect(await summaryOf("greta")).not.toMatch(/using a walker/);
  });
});

describe("a restaurant owner who sells it for a food truck", () => {
  it("no longer owns the restaurant; the food truck is what she does", async () => {
    expect((await current("sunhee")).some((f) => /owns a Korean restaurant/.test(f))).toBe(false);
    expect(await summaryOf("sunhee")).not.toMatch(/owns a Korean restaurant/);
    expect(await ask("sunhee", "Does Sun-hee own a restaurant?")).toMatch(/sold the restaurant/);
  });

  it("a hyphenated name is hers, not someone else's: her business is her work (2026-12-03)", async () => {
    // "What is Sun-hee's business?" answered "I don't know yet"; every slot question was read as
    // one about "Sun" (someone else).
    expect(await ask("sunhee", "What is Sun-hee's business?")).toMatch(/food truck/);
    expect(await ask("sunhee", "What does Sun-hee do for work?")).toMatch(/^Sun-hee is starting a food truck/);
  });

  it("a restriction said after 'Congratulations!' is her own, not a reply to it", async () => {
    expect(await current("sunhee")).toContain("No raw fish for Sun-hee now, so no hwe or sushi");
  });
});

describe("an engineer laid off who starts his own firm", () => {
  it("works at his own firm now", async () => {
    expect(await ask("omar", "Where does Omar work?")).toMatch(/^Omar started their own consulting firm, Haddad Structural/);
    expect(await summaryOf("omar")).toMatch(/^Omar Haddad\. Omar started their own consulting firm/);
  });
});
