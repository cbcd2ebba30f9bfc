import { beforeAll, describe, expect, it } from "vitest";
import { testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, reading, type Sessions } from "../helpers/sessions";

/**
 * Lives written after the code (2026-12-03, eleventh read), read as an agent would: a teacher
 * whose baby is born, a barista on a blood thinner whose old cat dies and who adopts a kitten.
 */
let t: TestWorkspace;
const nadia: Sessions = [
  ["2025-09-02", [
    ["Hi, I teach 4th grade at an elementary school in Denver", "Nice to meet you!"],
    ["I'm 24 weeks pregnant with our first, due January 10", "Congratulations!"],
    ["I have gestational diabetes so I'm watching carbs and checking my sugar 4 times a day", "That sounds like a lot to manage."],
    ["Also I'm allergic to penicillin, I break out in hives", "Good to know."],
    ["My husband Alexei is a paramedic, he works 24 hour shifts", "That's a demanding job."],
  ]],
  ["2025-11-20", [
    ["We decided on the name Mila if it's a girl", "Beautiful name."],
    ["My mom is flying in from Sofia to help for a month after the birth", "That will be a big help."],
  ]],
  ["2026-01-15", [
    ["She's here! Mila was born January 8, 7 pounds 2 ounces", "Congratulations!!"],
    ["The gestational diabetes went away after delivery, my sugars are normal now", "That's great news."],
  ]],
];
const tomas: Sessions = [
  ["2025-03-10", [
    ["I have a mechanical heart valve so I'm on warfarin, no ibuprofen or aspirin for me ever", "Thanks for telling me, that's important."],
    ["My cat Mishka is 14, she's an old grumpy lady", "Ha, cats."],
  ]],
  ["2025-07-22", [
    ["Mishka died last week. Kidney failure. I'm pretty wrecked", "I'm so sorry."],
  ]],
  ["2025-10-05", [
    ["Adopted a kitten, named him Pip", "Aww."],
  ]],
];

const linda: Sessions = [
  ["2025-02-11", [
    ["I'm a retired high school English teacher, 68, living in Spokane", "Nice to meet you, Linda."],
    ["I take amlodipine for blood pressure, and I can't have grapefruit with it", "Good to know."],
    ["I volunteer at the public library on Saturdays, running the kids' story hour", "How fun!"],
  ]],
  ["2025-06-03", [
    ["Had cataract surgery on my right eye, no driving for two weeks", "Hope recovery goes well."],
  ]],
  ["2025-10-20", [
    ["We sold the house! Moving to a condo in Tucson in December", "Exciting!"],
  ]],
  ["2026-01-12", [
    ["We're in Tucson now, the condo is lovely", "So glad!"],
    ["My doctor switched me from amlodipine to losartan because of ankle swelling", "Okay, thanks for letting me know."],
  ]],
];
const kai: Sessions = [
  ["2025-08-25", [
    ["yo, junior at Ohio State, I play lacrosse and study finance", "Nice!"],
  ]],
  ["2025-10-14", [
    ["tore my ACL at practice saturday. surgery is nov 3", "Oh no, I'm sorry."],
  ]],
  ["2025-11-20", [
    ["my doctor says I need more protein so im eating eggs and dairy now, vegetarian not vegan", "Makes sense."],
  ]],
  ["2026-06-02", [
    ["back in Columbus, got an internship at JPMorgan for the summer", "Congrats!"],
  ]],
];

const dana: Sessions = [
  ["2025-03-03", [
    ["Hi, I'm Dana. 44, I manage a credit union branch in Raleigh", "Nice to meet you, Dana."],
    ["I was just diagnosed with breast cancer, stage 2. Starting chemo next Monday", "I'm so sorry, Dana."],
    ["My immune system will be weak during chemo so please don't suggest crowded places or anything with sick people around", "Understood."],
    ["I'm allergic to sulfa drugs", "Noted."],
  ]],
  ["2025-05-12", [
    ["Chemo is brutal. Lost my hair, lost my appetite, everything tastes like metal", "That sounds really hard."],
  ]],
  ["2025-08-25", [
    ["Finished my last round of chemo!!", "Congratulations, Dana!"],
  ]],
  ["2025-11-10", [
    ["Scans are clear. I'm in remission!", "That's wonderful news!"],
  ]],
];
const andres: Sessions = [
  ["2025-04-07", [
    ["Hola! I'm a software developer, I moved from Bogotá to Toronto last year", "Welcome to Toronto!"],
    ["We have a daughter, Sofía, she's 3 and she has a severe egg allergy", "Thanks for telling me."],
    ["I play in a salsa band on weekends, I'm the percussionist", "Fun!"],
  ]],
  ["2025-09-15", [
    ["Sofía started daycare, she loves it", "That's great."],
    ["I got permanent residency last week", "Wonderful news!"],
  ]],
  ["2026-02-02", [
    ["I quit the salsa band, not enough time with the new job", "Makes sense."],
    ["I'm now a tech lead at Shopify", "Congrats on the new role!"],
  ]],
];

const miriam: Sessions = [
  ["2025-02-17", [
    ["Hi! I'm an accountant at a small firm in Baltimore", "Nice to meet you, Miriam."],
    ["My son Eli has his bar mitzvah in October, I'm planning the whole thing", "Mazel tov!"],
  ]],
  ["2025-07-08", [
    ["The bar mitzvah moved to November 8 because the hall had a conflict", "Okay, November 8 it is."],
  ]],
];
const walter: Sessions = [
  ["2025-01-06", [
    ["Hello. I'm 79, retired machinist. My grandson Jake set this up for me", "Hello Walter!"],
    ["I live alone in a house in Cleveland", "Okay."],
  ]],
  ["2025-06-30", [
    ["I had a fall in the bathroom last week. Nothing broken", "I'm glad you're okay."],
  ]],
  ["2025-10-13", [
    ["Moved into Maple Grove assisted living in Parma last month", "How are you settling in?"],
    ["The food is bland but the people are nice. I joined the woodworking club", "That sounds good."],
    ["Jake visits on Sundays and fixes my tablet", "He sounds like a good grandson."],
  ]],
];

const leah: Sessions = [
  ["2025-03-05", [
    ["freelance photographer here, mostly weddings. I have ADHD so bullet points please", "Got it."],
    ["my new number is 415-555-0199 if the booking form asks", "Noted."],
    ["dating a guy named Marco, he has two kids, Luca 8 and Gia 5", "Nice!"],
  ]],
  ["2026-02-14", [
    ["We got married last weekend, tiny courthouse wedding", "Congratulations!"],
    ["So I'm a stepmom now! Luca and Gia are the best", "That's lovely."],
    ["We're going to Lisbon in April", "Fun!"],
  ]],
];

const ngozi: Sessions = [
  ["2025-09-01", [
    ["I'm a nursing student at Rutgers, second year", "Nice to meet you, Ngozi!"],
    ["Clinicals are Tuesdays and Thursdays 7am to 3pm, so don't schedule anything then", "Got it."],
    ["I work weekends at a cafe on campus to pay rent", "Busy schedule!"],
  ]],
  ["2026-01-20", [
    ["New semester, clinicals moved to Mondays and Wednesdays", "Thanks for the update."],
    ["I quit the cafe, got a job as a CNA at the hospital on Saturday nights", "Nice."],
  ]],
];

const oskar: Sessions = [
  ["2025-02-10", [
    ["I love really spicy food, the hotter the better", "Ha, noted!"],
  ]],
  ["2025-06-18", [
    ["Doctor found a stomach ulcer. No spicy food and no coffee for now", "Sorry to hear that."],
  ]],
  ["2025-11-03", [
    ["Ulcer is healed! Doctor says I can have spicy food again, in moderation", "Great news!"],
    ["Still on decaf though, I kind of like it now", "Nice."],
  ]],
];

const { ask, summaryOf, current } = reading(() => t);

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, "teacher", "Nadia Petrova", nadia);
  await ingestSessions(t, "barista", "Tomás Ferreira", tomas);
  await ingestSessions(t, "retiree", "Linda Marsh", linda);
  await ingestSessions(t, "athlete", "Kai Nakamura", kai);
  await ingestSessions(t, "chemo", "Dana Whitfield", dana);
  await ingestSessions(t, "accent", "Andrés Gómez", andres);
  await ingestSessions(t, "shabbat", "Miriam Levy", miriam);
  await ingestSessions(t, "parma", "Walter Kowalski", walter);
  await ingestSessions(t, "photo", "Leah Brennan", leah);
  await ingestSessions(t, "clinicals", "Ngozi Eze", ngozi);
  await ingestSessions(t, "ulcer", "Oskar Lindgren", oskar);
}, 120_000);

describe("a teacher whose baby is born", () => {
  it("answers what she does with her teaching, not her husband's job", async () => {
    expect(await ask("teacher", "What does Nadia do for work?")).toMatch(/^Nadia teaches 4th grade/);
  });

  it("no longer says she is pregnant once Mila is born, and names the baby", async () => {
    expect((await current("teacher")).some((f) => /pregnant/.test(f))).toBe(false);
    expect(await ask("teacher", "What is Nadia's baby's name?")).toMatch(/^Mila was born January 8/);
  });

  it("says who she is, her husband and the baby; the allergy is a safety need, the diabetes gone is not", async () => {
    const summary = await summaryOf("teacher");
    expect(summary).toMatch(/Nadia teaches 4th grade/);
    expect(summary).toMatch(/Mila was born January 8/);
    expect(summary).toMatch(/husband Alexei is a paramedic/);
    expect(summary).not.toMatch(/flying in from Sofia/);
    const safety = summary.slice(summary.indexOf("Safety:"), summary.search(/(?:Family|Health & diet|Other):/));
    expect(safety).toMatch(/allergic to penicillin/);
    expect(safety).not.toMatch(/gestational diabetes/);
    expect(summary).not.toMatch(/pregnant/);
  });
});

describe("a barista whose old cat dies and who adopts a kitten", () => {
  it("answers the cat's name with the kitten", async () => {
    expect(await ask("barista", "What is the name of Tomás's cat?")).toMatch(/^Tomás adopted a kitten, named him Pip/);
    expect(await ask("barista", "Does Tomás have a cat?")).toMatch(/Pip/);
  });

  it("tells what the feeling in the summary is about", async () => {
    const summary = await summaryOf("barista");
    expect(summary).not.toMatch(/(?:^|: )Tomás is pretty wrecked/);
    expect(summary).toMatch(/warfarin/);
  });
});

describe("a retired teacher who moves to Tucson and changes blood-pressure pills", () => {
  it("reads every statement whole: the volunteering, the grapefruit with what it goes with", async () => {
    const now = await current("retiree");
    expect(now).toContain("Linda volunteers at the public library on Saturdays, running the kids' story hour");
    expect(now.some((f) => /^Linda can't have grapefruit with it/.test(f))).toBe(false);
    // The grapefruit came with the amlodipine; asked now, what replaced it is the answer.
    expect(await ask("retiree", "Can Linda eat grapefruit?")).toMatch(/switched Linda from amlodipine to losartan/);
  });

  it("lives in Tucson now, and is still a retired teacher", async () => {
    expect(await ask("retiree", "Where does Linda live?")).toMatch(/Tucson/);
    expect(await ask("retiree", "Where does Linda live?")).not.toMatch(/Spokane/);
    expect(await ask("retiree", "What did Linda do for work?")).toMatch(/retired high school English teacher/);
    expect(await summaryOf("retiree")).not.toMatch(/living in Spokane/);
  });

  it("tells when a restriction for a while was said", async () => {
    expect(await ask("retiree", "Can Linda drive?")).toMatch(/^Linda had cataract surgery on their right eye, no driving for two weeks \(mentioned on 3 June 2025\)/);
  });
});

describe("a student athlete who tears an ACL", () => {
  it("is a student of finance, not a fact about money; is back in Columbus", async () => {
    const summary = await summaryOf("athlete");
    expect(summary).not.toMatch(/Finances:/);
    expect(await ask("athlete", "What does Kai study?")).toMatch(/finance/);
    expect(await ask("athlete", "Where is Kai?")).toMatch(/^Kai is back in Columbus/);
  });

  it("answers what happened to a knee with the torn ACL, not the diet", async () => {
    const knee = await ask("athlete", "What happened to Kai's knee?");
    expect(knee).toMatch(/tore their ACL/);
    expect(knee).not.toMatch(/protein/);
  });
});

describe("a branch manager through chemo to remission", () => {
  it("ends what was said of the chemo, never the diagnosis nor the request made for it", async () => {
    const now = await current("chemo");
    expect(now.some((f) => /^Chemo is brutal/.test(f))).toBe(false);
    expect(now.some((f) => /diagnosed with breast cancer/.test(f))).toBe(true);
    expect(now.some((f) => /asks not to suggest crowded places/.test(f))).toBe(true);
  });

  it("answers how she is, and whether she has cancer, with the remission", async () => {
    expect(await ask("chemo", "How is Dana's health?")).toMatch(/^Dana is in remission/);
    expect(await ask("chemo", "Does Dana have cancer?")).toMatch(/^Dana is in remission\. Dana was just diagnosed with breast cancer/);
  });

  it("answers what to avoid suggesting with her request, beside the allergy", async () => {
    const avoid = await ask("chemo", "What should I avoid suggesting to Dana?");
    expect(avoid).toMatch(/crowded places/);
    expect(avoid).toMatch(/sulfa/);
  });

  it("reads the age said before her job, and the job as work", async () => {
    expect(await ask("chemo", "What does Dana do for work?")).toMatch(/manages a credit union branch/);
  });
});

describe("a developer whose name has an accent", () => {
  it("answers his job, his residency and his daughter's age", async () => {
    expect(await ask("accent", "What does Andrés do for work?")).toMatch(/^Andrés is now a tech lead at Shopify/);
    expect(await ask("accent", "What is Andrés's immigration status?")).toMatch(/permanent residency/);
    expect(await ask("accent", "How old is Sofía?")).toMatch(/^Andrés and family have a daughter, Sofía, she's 3/);
  });

  it("answers whether he plays music with the band he quit, not with what was said beside it", async () => {
    expect(await ask("accent", "Does Andrés play music?")).toMatch(/^Andrés quit the salsa band/);
  });
});

describe("a mother planning a bar mitzvah that moves", () => {
  it("answers when it is with the new date, though the change does not name her son", async () => {
    expect(await ask("shabbat", "When is Eli's bar mitzvah?")).toMatch(/^The bar mitzvah moved to November 8/);
  });
});

describe("a widower who moves into assisted living", () => {
  it("no longer lives in Cleveland", async () => {
    expect((await current("parma")).some((f) => /Cleveland/.test(f))).toBe(false);
    expect(await ask("parma", "Where does Walter live?")).toMatch(/Maple Grove assisted living in Parma/);
  });

  it("answers who helps with technology, whether he fell, and his hobbies, in other words than his", async () => {
    expect(await ask("parma", "Who helps Walter with technology?")).toMatch(/Jake .*tablet/);
    expect(await ask("parma", "Has Walter fallen?")).toMatch(/had a fall in the bathroom/);
    expect(await ask("parma", "What are Walter's hobbies?")).toMatch(/woodworking club/);
  });
});

describe("a wedding photographer who marries and becomes a stepmom", () => {
  it("got married with her partner, not 'and family'; who Marco is comes from what was said of him", async () => {
    const now = await current("photo");
    expect(now.some((f) => /^Leah and their partner got married/.test(f))).toBe(true);
    expect(now.some((f) => /and family got married/.test(f))).toBe(false);
    expect(await ask("photo", "Who is Marco?")).toMatch(/Marco, he has two kids/);
  });

  it("says who she is and how to write to her in the summary, the stepkids under family", async () => {
    const summary = await summaryOf("photo");
    expect(summary).toMatch(/Leah is a freelance photographer/);
    expect(summary).toMatch(/Communication style: Leah has ADHD, so Leah asks for bullet points/);
    expect(summary).toMatch(/Family: Leah is a stepmom now/);
    expect(summary).not.toMatch(/415|555-0199/);
  });

  it("answers how to format answers with the style asked for, before the phone number; where she travels with the place", async () => {
    expect(await ask("photo", "How should I format answers for Leah?")).toMatch(/^Leah has ADHD, so Leah asks for bullet points/);
    expect(await ask("photo", "Where is Leah traveling?")).toMatch(/Lisbon/);
  });
});

describe("a nursing student whose clinicals move to other days", () => {
  it("no longer says Tuesdays and Thursdays, so a Tuesday is not refused", async () => {
    expect((await current("clinicals")).some((f) => /Tuesdays and Thursdays/.test(f))).toBe(false);
    const tuesday = await ask("clinicals", "Can I schedule a meeting with Ngozi on Tuesday morning?");
    expect(tuesday).not.toMatch(/Tuesdays and Thursdays/);
    expect(tuesday).toMatch(/Mondays and Wednesdays/);
  });

  it("answers where she works with the new job", async () => {
    expect(await ask("clinicals", "What does Ngozi do for work?")).toMatch(/CNA at the hospital/);
  });
});

describe("a carpenter whose ulcer heals", () => {
  it("no longer has the ulcer, and says 'kind of' as it was said", async () => {
    expect(await ask("ulcer", "Does Oskar have an ulcer?")).toMatch(/^Ulcer is healed/);
    expect((await current("ulcer")).some((f) => /found a stomach ulcer/.test(f))).toBe(false);
    expect(await current("ulcer")).toContain("Still on decaf though, Oskar kind of likes it now");
  });
});
