import { beforeAll, describe, expect, it } from "vitest";
import { testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, reading, type Sessions } from "../helpers/sessions";

/**
 * Lives written after the code (2026-12-03, tenth read), read as an agent would: a wheelchair
 * user whose service dog retires, a first officer who makes captain, an ICU nurse who moves from
 * nights to days.
 */
let t: TestWorkspace;
const jordan: Sessions = [
  ["2025-02-03", [
    ["I'm a wheelchair user since a spinal cord injury in 2019, T6 paraplegia. Please always check step-free access when you suggest places.", "Got it, I'll always check step-free access."],
    ["I work as a data analyst at a hospital in Minneapolis", "Nice."],
    ["I'm prone to pressure sores so I can't sit on hard seats for long without my cushion", "Understood."],
    ["My service dog is a lab named Biscuit", "Hi Biscuit!"],
  ]],
  ["2025-05-14", [
    ["Big news, I got a job offer from Target's analytics team, I start in June", "Congratulations!"],
    ["Also I'm training for a wheelchair half marathon in October", "Amazing."],
  ]],
  ["2025-09-20", [
    ["I moved to St. Paul last month, closer to my sister Dana", "How's the new place?"],
    ["Biscuit retired, he's 10 now. My new service dog is Juniper", "Welcome Juniper."],
  ]],
];
const megan: Sessions = [
  ["2025-01-10", [
    ["I'm a first officer at United, flying 737s out of Denver", "Cool job!"],
    ["I have celiac disease, so strictly gluten free, even cross contamination makes me sick", "Noted."],
    ["I'm divorced, my kids Ella (9) and Finn (6) are with me every other weekend", "Got it."],
  ]],
  ["2025-04-22", [
    ["I upgraded to captain! finally", "Congratulations, Captain!"],
    ["My ex Greg is moving to Phoenix so the kids will be with me during the week now", "That's a big change."],
  ]],
  ["2025-10-02", [
    ["I got engaged to Luis last weekend", "Congratulations!"],
  ]],
];
const maricel: Sessions = [
  ["2025-01-20", [
    ["Hello! I'm a nurse from the Philippines, working in the ICU at a hospital in Leeds", "Welcome!"],
    ["I work nights, 3 shifts a week", "Okay."],
    ["My kids sleep badly at night when I'm away", "That's hard."],
  ]],
  ["2025-05-05", [
    ["I moved to days now, finally", "That must be better."],
  ]],
];

const { ask, summaryOf, current } = reading(() => t);

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, "wheels", "Jordan Ellis", jordan);
  await ingestSessions(t, "pilot", "Megan Walsh", megan);
  await ingestSessions(t, "icu", "Maricel Santos", maricel);
}, 120_000);

describe("a wheelchair user whose service dog retires", () => {
  it("names the new service dog, not the retired one", async () => {
    expect(await ask("wheels", "What is the name of Jordan's service dog?")).toMatch(/Juniper/);
    expect(await current("wheels")).not.toContain("Jordan's service dog is a lab named Biscuit");
  });

  it("keeps the access request and the pressure sores in the summary's safety part; a wheelchair race is not a need", async () => {
    const summary = await summaryOf("wheels");
    const safety = summary.slice(summary.indexOf("Safety:"), summary.search(/(?:Work & career|Family|Health & diet|Other):/));
    expect(safety).toMatch(/step-free access/);
    expect(safety).toMatch(/pressure sores/);
    expect(safety).not.toMatch(/half marathon/);
    // The start date is part of the job news, not a fact of its own.
    expect(summary).not.toMatch(/Jordan starts in June\.(?! )|Other: Jordan starts/);
    expect(await current("wheels")).not.toContain("Jordan starts in June");
  });
});

describe("a first officer who makes captain", () => {
  it("answers what she does with the newer role, filed under work", async () => {
    expect(await ask("pilot", "What does Megan do for work?")).toMatch(/^Megan upgraded to captain/);
    expect(await summaryOf("pilot")).not.toMatch(/Travel: Megan is a first officer/);
  });

  it("answers a child's age from what said it, though she is no longer divorced but engaged; never with an unrelated fact", async () => {
    expect(await current("pilot")).not.toContain("Megan is divorced, their kids Ella (9) and Finn (6) are with Megan every other weekend");
    const age = await ask("pilot", "How old is Ella?");
    expect(age).toMatch(/Ella \(9\)/);
    expect(age).not.toMatch(/celiac/);
  });

  it("says it does not know rather than answer with a fact that shares nothing with the question", async () => {
    expect(await ask("pilot", "Which airline does Megan fly for?")).not.toMatch(/celiac/);
    // A safety question is still answered with the safety facts, whatever its words.
    expect(await ask("pilot", "What should I keep in mind when booking Megan a restaurant?")).toMatch(/celiac/);
    // A question with no word of its own to look for is answered by what is nearest.
    expect(await ask("pilot", "What should I never suggest to Megan?")).not.toMatch(/^I don't know/);
  });
});

describe("an ICU nurse who moves from nights to days", () => {
  it("no longer says she works nights; the kids' nights stay", async () => {
    expect(await ask("icu", "Does Maricel work nights?")).toMatch(/days/);
    const now = await current("icu");
    expect(now.some((f) => /works nights/.test(f))).toBe(false);
    expect(now.some((f) => /kids sleep badly/.test(f))).toBe(true);
    expect(await summaryOf("icu")).not.toMatch(/^Maricel Santos\. Maricel moved to days/);
  });
});
