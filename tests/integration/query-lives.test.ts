import { beforeAll, describe, expect, it } from "vitest";
import { testWorkspace, type TestWorkspace } from "../helpers/api";
import { ingestSessions, reading, type Sessions } from "../helpers/sessions";

/**
 * Three lives that change (not LoCoMo, written after the code, 2026-12-02), read as an agent
 * would: a runner in lowercase chat who gets hurt, stops being vegan and drops out of a
 * marathon; a wheelchair user who moves for a new job and whose practice day changes; a
 * grandfather who writes English as a second language, with a heart condition whose blood
 * thinner is switched. What holds now must win, and what keeps them safe must be there.
 */
let t: TestWorkspace;
const dev: Sessions = [
  ["2025-03-02", [
    ["hey! training for the berlin marathon in september, first full one. can you help me plan?", "Absolutely! How many miles are you running per week right now?"],
    ["around 25. been vegan since 2019 so i need help with protein too", "Got it, we can plan plant-based protein around your long runs."],
    ["also my girlfriend Aisha is a nurse, she works nights, so my long runs are on sunday mornings when she's asleep", "Sunday morning long runs it is."],
    ["oh and i get migraines if i skip caffeine, just so you know", "Noted, I'll keep that in mind for race-day planning."],
  ]],
  ["2025-05-14", [
    ["ugh hurt my IT band last week. physio every tuesday now", "Sorry to hear that. What did the physio recommend?"],
    ["foam rolling and no running for 2 weeks. switched from nike to hoka shoes too", "Hokas have more cushioning, that could help."],
    ["we adopted a dog btw! his name is Biscuit", "Congrats on Biscuit!"],
  ]],
  ["2025-07-20", [
    ["bad news, I'm dropping out of berlin. the knee isn't ready. deferring to next year", "That's a tough call but a smart one."],
    ["also my doctor said my iron is really low so I started eating fish again. not vegan anymore I guess", "Thanks for the update, I'll adjust the meal ideas."],
    ["going for a half marathon in october instead, the Cardiff half", "Great goal!"],
  ]],
];
const keiko: Sessions = [
  ["2025-01-08", [
    ["Hi. Quick background so you can help me better: I'm a UX researcher, I use a wheelchair (spinal cord injury in 2015), and I live in Osaka.", "Thanks Keiko, that helps. What can I help with today?"],
    ["I'm looking at restaurants for a team dinner. Anything I go to needs step-free access and an accessible restroom.", "Understood, I'll only suggest places with step-free entry and accessible restrooms."],
    ["Also please keep answers short. I read a lot of these on my phone.", "Will do."],
  ]],
  ["2025-04-19", [
    ["Big update: I got an offer from Shopify in Toronto and I'm taking it! Moving in June.", "Congratulations! That's a big move."],
    ["My partner Ren is coming with me. He's a chef, he'll look for work there.", "Exciting for both of you."],
    ["Our cat Mochi is coming too obviously", "Of course!"],
    ["I play wheelchair basketball on Thursdays, need to find a team in Toronto", "I can look for adaptive sports clubs in Toronto."],
  ]],
  ["2025-08-03", [
    ["Settled in Toronto now. Found a basketball team, we practice Wednesdays instead.", "Glad you found a team!"],
    ["And Ren and I got engaged last weekend!!", "Congratulations to you both!"],
    ["I really don't like phone calls, email is better for anything work related", "Got it, email over calls."],
  ]],
];
const giorgos: Sessions = [
  ["2025-02-20", [
    ["Hello. My name is Giorgos, I am 68 years, from Greece but living in Melbourne since 1975.", "Hello Giorgos, nice to meet you! How can I help?"],
    ["My wife Eleni she passed away two years ago. Now I live alone with my garden.", "I'm very sorry about Eleni. What do you grow in your garden?"],
    ["Tomatoes, figs, some olives. I have the heart problem, atrial fibrillation, I take warfarin. So no grapefruit and I must be careful with the green vegetables.", "Thank you for telling me, I'll keep that in mind for any recipes."],
    ["My son Nikos he is a doctor in Sydney. My daughter Sofia she lives close, in Brunswick, she visits on Sundays.", "It's lovely that Sofia visits."],
  ]],
  ["2025-06-11", [
    ["The eyes are not so good now, please write with big letters or short messages.", "Of course, I'll keep messages short."],
    ["Sofia is pregnant! My first grandchild, in November.", "Wonderful news, congratulations!"],
    ["The doctor changed me from warfarin to apixaban. He says less problems with food now.", "That's good news. Any new instructions?"],
    ["No, only to take it two times a day.", "Got it."],
  ]],
];
const amara: Sessions = [
  ["2025-02-03", [
    ["hi! I'm an ICU nurse, I work rotating 12 hour shifts so my schedule is all over the place", "Thanks for what you do! How can I help?"],
    ["mostly meal prep ideas. I'm lactose intolerant and my partner Sam is vegetarian. they do most of the cooking tbh", "Got it, dairy-free and vegetarian-friendly meals then."],
    ["and our daughter Zuri is 2, she's a picky eater, only eats pasta and bananas lol", "Toddlers! We can work with that."],
  ]],
  ["2025-06-17", [
    ["guess what, I got promoted to charge nurse!", "Congratulations Amara!"],
    ["thanks! it means fewer night shifts, mostly days now", "That must help with Zuri."],
    ["yes so much. also we're buying a house in Decatur, closing in August", "Exciting!"],
    ["Sam started a new job as a high school teacher so they'll have summers off", "Perfect timing with the move."],
  ]],
  ["2025-10-05", [
    ["we moved in! the commute is 40 min now though", "Congrats on the new home! How's Zuri adjusting?"],
    ["she loves her new room. and she finally eats vegetables, broccoli is her new favorite", "Ha, that's a win!"],
    ["I'm pregnant btw, due in April! still working til March", "Congratulations! That's wonderful news."],
  ]],
];
const lucas: Sessions = [
  ["2025-01-15", [
    ["Hey, I'm a freelance backend dev, been a digital nomad for 3 years. Currently in Bali.", "Nice! How long are you staying in Bali?"],
    ["Until March probably. Then Mexico City for six months.", "Great plan. Anything I should know to help you?"],
    ["I'm vegetarian and allergic to bee stings, I carry an epipen when hiking.", "Got it, thanks for letting me know."],
    ["My clients are mostly in Berlin so I work european hours, usually 2pm to 10pm local time here.", "That's a tough schedule, but it works!"],
  ]],
  ["2025-04-02", [
    ["Made it to Mexico City! Renting a flat in Roma Norte.", "Welcome to CDMX! How's the flat?"],
    ["Small but great light. Now I'm only 7 hours behind Berlin so I start at 6am.", "Early mornings then."],
    ["I'm learning Spanish, please reply in Spanish sometimes so I can practice.", "¡Claro que sí!"],
    ["Also I started climbing at a gym near my place, three times a week", "That's a great way to meet people."],
  ]],
  ["2025-09-20", [
    ["Decided to stay in Mexico City longer, I signed a year lease.", "That's exciting! What made you decide?"],
    ["I met someone, her name is Valeria. She's a climbing instructor at my gym.", "That's wonderful!"],
    ["One of my Berlin clients dropped me, so money is a bit tight right now. Looking for new clients.", "Sorry to hear that. Want help with outreach?"],
  ]],
];
const alex: Sessions = [
  ["2025-02-01", [
    ["hi, I'm a high school chemistry teacher in Portland. I coach the robotics club too.", "Hi! What can I help with?"],
    ["Lesson planning mostly. I prefer bullet points, I skim a lot.", "Bullet points it is."],
  ]],
  ["2025-05-10", [
    ["Quick update about me: I go by Alex now, and my pronouns are they/them.", "Thanks for telling me, Alex. I'll use they/them."],
    ["Robotics team made it to state finals!", "Congratulations to the team!"],
    ["My partner Jess and I are adopting a rescue dog next month", "How exciting!"],
  ]],
];
const jordan: Sessions = [
  ["2025-01-20", [
    ["hey, i'm a sophomore at UT Austin, studying mechanical engineering", "Hey Jordan! What can I help with?"],
    ["i have ADHD so pls keep answers short and give me checklists", "Short answers and checklists, got it."],
    ["i work part time at a bike shop on weekends", "Nice, which shop?"],
  ]],
  ["2025-03-10", [
    ["my roommate Diego is super loud so i study at the PCL library", "Good call."],
    ["also I take adderall in the morning, 20mg", "Noted."],
  ]],
  ["2025-08-25", [
    ["big news: I switched my major to industrial design!", "That's exciting! What made you switch?"],
    ["engineering wasn't for me, I like making things people use", "Makes sense."],
  ]],
];
const hannah: Sessions = [
  ["2025-02-03", [
    ["Hi! New mom here, my daughter Mila was born on January 9th. I'm on maternity leave until June.", "Congratulations, Hannah! How can I help?"],
    ["Mostly meal ideas and keeping track of stuff. Mila has a cow's milk protein allergy so I'm off dairy completely while breastfeeding.", "Got it, dairy-free meals for you."],
    ["My husband Tom works nights at the hospital, he's a radiologist.", "That must be a tough schedule."],
  ]],
  ["2025-04-14", [
    ["We switched Mila to a hypoallergenic formula, Nutramigen, so I can eat dairy again!", "That's great news, cheese is back on the menu."],
    ["Also I decided to extend my leave until September.", "Enjoy the extra time with Mila."],
    ["Mila's pediatrician is Dr. Okafor, next checkup is May 2nd.", "Noted."],
  ]],
  ["2025-09-22", [
    ["Back at work this week, I'm a product designer at Figma.", "Welcome back!"],
    ["Mila started daycare at Little Acorns, drop off is 8:15.", "That's a big step."],
    ["Tom switched to day shifts finally so he does pickup.", "That should help a lot."],
  ]],
];
const daniel: Sessions = [
  ["2025-01-12", [
    ["Hey. Going through a rough patch, my wife Claire and I are separating.", "I'm sorry, Daniel. I'm here to help however I can."],
    ["Thanks. We have a son, Owen, he's 7. He has a severe peanut allergy, carries an EpiPen.", "Noted, I'll keep Owen's peanut allergy in mind for anything food related."],
    ["I have Owen every other weekend and Wednesday nights.", "Got it."],
  ]],
  ["2025-04-03", [
    ["Divorce is final. I'm moving to a 2 bedroom in Somerville next month so Owen has his own room.", "That's a big step. How are you feeling?"],
  ]],
  ["2025-08-30", [
    ["New custody schedule starting September: I get Owen Monday to Wednesday every week.", "That's more time together!"],
  ]],
];
const rosa: Sessions = [
  ["2025-02-10", [
    ["Hi, I own a bakery in Tucson called Pan de Rosa. We do a lot of gluten-free stuff because I'm celiac myself.", "Hi Rosa! What can I help with?"],
    ["My head baker is Luis, he's been with me 8 years. My sister Carmen does the books.", "Sounds like a great team."],
    ["We're open Tuesday to Sunday, 6am to 2pm.", "Noted."],
  ]],
  ["2025-06-18", [
    ["We're closing on Tuesdays now, too slow. So Wednesday to Sunday.", "Makes sense."],
  ]],
];
const lena: Sessions = [
  ["2025-03-01", [
    ["Meal planning mostly. I'm vegetarian, and my partner Jonas is allergic to shellfish so we never cook it at home.", "Vegetarian meals, no shellfish at home. Got it."],
  ]],
  ["2025-06-20", [
    ["Also I went vegan last month.", "Noted, vegan from now on."],
  ]],
];
const marcus: Sessions = [
  ["2025-01-15", [
    ["Hey, quick thing first: I have epilepsy, so no flashing lights or strobe stuff, and I don't drive.", "Thanks for telling me, Marcus. I'll keep that in mind."],
    ["I get around by bus and bike. I'm a graphic designer at a small agency downtown.", "Got it. What can I help with?"],
  ]],
  ["2025-05-09", [
    ["Had a seizure last week, first in two years. Neurologist upped my Keppra to 1000mg.", "I'm sorry. I hope you're okay."],
  ]],
  ["2025-08-22", [
    ["Left the agency, freelancing full time now.", "Exciting! How's it going?"],
  ]],
];
const ruth: Sessions = [
  ["2025-02-02", [
    ["Hello dear. My granddaughter set this up for me. I'm 78 and I live alone in Omaha since my husband Walter passed.", "Hello Ruth, I'm glad to help. What would you like help with?"],
    ["Remembering my pills mostly. I take lisinopril in the morning and a baby aspirin at night. I'm also allergic to sulfa drugs.", "I'll help you keep track."],
    ["I wear hearing aids so please write things down, no phone calls.", "Of course, I'll always write."],
  ]],
  ["2025-05-11", [
    ["My doctor took me off the aspirin, said it's not needed anymore.", "Thanks for letting me know, I've removed the aspirin."],
  ]],
];
const noa: Sessions = [
  ["2025-03-03", [
    ["family dinners mostly. we keep kosher, and my daughter Talia is vegetarian.", "Kosher meals with vegetarian options for Talia. Noted."],
  ]],
  ["2025-07-08", [
    ["Talia started eating chicken again lol, so she's not vegetarian anymore.", "Good to know!"],
    ["My son Ari has a tree nut allergy, we just found out. Cashews and pistachios especially.", "Thank you, I'll avoid all tree nuts for Ari."],
  ]],
];
const grace: Sessions = [
  ["2025-03-01", [
    ["I'm the main caregiver for my mom, she has Alzheimer's. She lives with me.", "That's a lot to carry. How can I help?"],
    ["Mostly keeping track of her appointments and meds. She takes donepezil in the morning.", "I can help you keep a schedule."],
    ["I get migraines when I'm stressed, so short answers please, no walls of text.", "Will keep it brief."],
    ["My brother Emeka helps on weekends, he drives down from Atlanta.", "Good that you have some support."],
  ]],
  ["2025-06-20", [
    ["Mom moved into a memory care facility, Sunrise of Decatur. It was the right call but I cried all week.", "That's a hard decision. Be gentle with yourself."],
    ["She wanders at night, that's why. The staff know to keep the door alarmed.", "That makes sense for her safety."],
    ["I went back to work full time, I'm a pharmacist at CVS.", "Good luck with the return!"],
  ]],
  ["2025-08-05", [
    ["Mom's neurologist added memantine to the donepezil.", "Thanks for letting me know."],
    ["I visit her every Tuesday and Friday after work.", "That's wonderful for her."],
    ["she's allergic to penicillin btw, facility has it on file", "Good to have that noted."],
  ]],
];
const walter: Sessions = [
  ["2025-01-12", [
    ["Morning. Retired Army, 22 years. I volunteer at the food bank on Wednesdays.", "Good morning, Walter! Thank you for your service. How can I help?"],
    ["I'm type 2 diabetic, on metformin twice a day. Trying to keep my sugar under control.", "Got it. I can help with meal ideas that keep blood sugar steady."],
    ["Also hard of hearing, so I'd rather you write than send voice notes.", "Understood, I'll stick to text."],
    ["My service dog Ranger goes everywhere with me. He's a black lab.", "Ranger sounds like a great companion."],
  ]],
  ["2025-04-03", [
    ["Doc switched me from metformin to insulin last week. Lantus at bedtime.", "Thanks for the update. Do you want help tracking doses?"],
    ["My daughter Karen lives in Denver, she's visiting in June with my grandson Eli.", "That will be a lovely visit."],
    ["Eli is allergic to bee stings, so we keep an EpiPen in the house when he's here.", "Good to know, that's an important precaution."],
  ]],
  ["2025-07-20", [
    ["I stopped volunteering at the food bank, my knees can't take the standing anymore.", "I'm sorry to hear that. Is there something else you'd like to do?"],
    ["Started teaching a woodworking class at the VFW on Saturdays instead.", "That sounds rewarding!"],
    ["Ranger passed away last month. Getting a new pup from the same trainer in the fall.", "I'm so sorry about Ranger."],
  ]],
];
const priya: Sessions = [
  ["2025-02-02", [
    ["hey! grad student at Kyoto University, doing a PhD in materials science", "Hi Priya! What can I help with today?"],
    ["I'm vegetarian and lactose intolerant, which makes eating out here tricky lol", "I can help find restaurants with good vegetarian options."],
    ["My boyfriend Tobias is in Berlin, we do long distance. Calls every Sunday morning my time.", "Long distance is tough, but Sunday calls sound like a good rhythm."],
  ]],
  ["2025-06-15", [
    ["Big news: I got a summer internship at Panasonic in Osaka, moving there July 1st!", "Congratulations! That's a great opportunity."],
    ["Can you suggest some quiet cafes in Osaka for studying?", "Sure, here are a few ideas."],
  ]],
  ["2025-09-10", [
    ["internship is over, back in Kyoto for my final year", "Welcome back! How did it go?"],
    ["Tobias and I broke up in August. It's fine, mostly.", "I'm sorry, that's hard even when it's mutual."],
  ]],
];
const marcusLee: Sessions = [
  ["2025-01-05", [
    ["hey. backend engineer at a fintech in Chicago. 3 years sober as of this month, so please never suggest bars or drinks.", "Congrats on 3 years, Marcus. I'll keep alcohol out of it."],
    ["my husband Dev and I are in the process of adopting. hoping for a placement this year", "That's exciting! I hope it happens soon."],
  ]],
  ["2025-05-18", [
    ["WE GOT MATCHED. twins, boy and girl, 18 months, Jaylen and Maya", "That's wonderful news! Congratulations!"],
    ["Maya has a severe egg allergy, we carry an epipen everywhere now", "Thank you, I'll keep eggs out of anything for Maya."],
  ]],
];
const sofia: Sessions = [
  ["2025-02-10", [
    ["Ciao! I'm a line cook at a seafood place in Boston, funny thing is I'm allergic to shellfish myself", "Ha, that must make work interesting! How do you manage?"],
  ]],
  ["2025-06-01", [
    ["Had knee surgery last week, torn meniscus. Off work for 6 weeks.", "Ouch, wishing you a smooth recovery."],
    ["Physical therapy Mondays and Thursdays at 8am", "Good luck with PT."],
  ]],
  ["2025-09-20", [
    ["Knee is fully healed, PT is done", "Great to hear!"],
  ]],
];
const harold: Sessions = [
  ["2025-03-03", [
    ["Hello, this is Harold. I'm 81, I have a pacemaker so no MRIs for me.", "Hello Harold! Thanks for letting me know. How can I help?"],
    ["My wife Betty has dementia, I look after her at home. Our grandson Tyler helps me with the computer.", "That's a lot of care you give. I'm glad Tyler helps."],
    ["I use a walker now after my fall in January.", "I'm sorry about the fall. Is there anything you'd like help with?"],
  ]],
];
const aisha: Sessions = [
  ["2025-01-20", [
    ["I'm 7 months pregnant with our first, due in April", "Congratulations! How are you feeling?"],
    ["tired lol. gestational diabetes too so I'm watching carbs", "That's a lot. I can help with low-carb halal meal ideas."],
  ]],
  ["2025-05-02", [
    ["baby Zara arrived April 12th! 3.2kg, both healthy", "Congratulations Aisha and Omar! Welcome Zara!"],
    ["gestational diabetes went away after the birth, doctor confirmed", "That's great news."],
    ["on parental leave until November, Sweden is amazing for that", "Enjoy the time with Zara!"],
  ]],
];
const ray: Sessions = [
  ["2025-02-14", [
    ["Long haul trucker here, 15 years. I'm on the road 3 weeks at a time, home 1.", "Thanks Ray! How can I help on the road?"],
    ["I got sleep apnea, use a CPAP every night. Need truck stops with power hookups.", "Noted, I'll look for stops with shore power."],
    ["Doc wants me on low sodium, blood pressure's high", "I'll keep meal ideas low in salt."],
    ["Wife Linda and the boys are in Tulsa. Boys are 10 and 13.", "Sounds like a good crew at home."],
  ]],
  ["2025-08-30", [
    ["Blood pressure's down, doc cut my lisinopril dose in half.", "Great news on the blood pressure."],
  ]],
];
const { ask, found, summaryOf, current } = reading(() => t);

beforeAll(async () => {
  t = await testWorkspace();
  await ingestSessions(t, "runner", "Dev Patel", dev);
  await ingestSessions(t, "mover", "Keiko Tanaka", keiko);
  await ingestSessions(t, "grandfather", "Giorgos Papadopoulos", giorgos);
  await ingestSessions(t, "nurse", "Amara Okafor", amara);
  await ingestSessions(t, "nomad", "Lucas Ferreira", lucas);
  await ingestSessions(t, "teacher", "Alexandra Chen", alex);
  await ingestSessions(t, "student", "Jordan Reyes", jordan);
  await ingestSessions(t, "new-mom", "Hannah Weber", hannah);
  await ingestSessions(t, "dad", "Daniel Brooks", daniel);
  await ingestSessions(t, "baker", "Rosa Delgado", rosa);
  await ingestSessions(t, "vegan", "Lena Vogel", lena);
  await ingestSessions(t, "drummer", "Marcus Hill", marcus);
  await ingestSessions(t, "widow", "Ruth Abernathy", ruth);
  await ingestSessions(t, "parent", "Noa Friedman", noa);
  await ingestSessions(t, "caregiver", "Grace Okonkwo", grace);
  await ingestSessions(t, "veteran", "Walter Briggs", walter);
  await ingestSessions(t, "phd", "Priya Nair", priya);
  await ingestSessions(t, "sober", "Marcus Lee", marcusLee);
  await ingestSessions(t, "cook", "Sofia Russo", sofia);
  await ingestSessions(t, "pacemaker", "Harold Jensen", harold);
  await ingestSessions(t, "mother", "Aisha Rahman", aisha);
  await ingestSessions(t, "trucker", "Ray Dawson", ray);
});

describe("a runner whose plans and diet change", () => {
  it("keeps what holds now: no longer vegan, out of Berlin", async () => {
    const now = (await current("runner")).join("\n");
    expect(now).not.toMatch(/vegan since 2019/);
    expect(now).not.toMatch(/training for the berlin marathon/);
    expect(now).toMatch(/Dev is not vegan anymore/);
    expect(await ask("runner", "Is Dev running the Berlin marathon?")).not.toMatch(/^Dev is training for the berlin/);
  });

  it("reads chat without a subject as the user's, without 'btw' and 'just so you know'", async () => {
    const now = (await current("runner")).join("\n");
    expect(now).toMatch(/^Dev hurt their IT band/m);
    expect(now).toMatch(/^Dev is going for a half marathon in october instead/m);
    expect(now).not.toMatch(/\bbtw\b|just so you know|Dev guesses|Replying to "Thanks/);
  });

  it("finds the injury when asked about injuries", async () => {
    expect((await found("runner", "Does Dev have any injuries?", 3)).join("\n")).toMatch(/IT band/);
    expect(await ask("runner", "Does Dev have any injuries?")).toMatch(/IT band/);
  });

  it("writes dates after a preposition as dates", async () => {
    expect(await summaryOf("runner")).not.toMatch(/\bto in \d{4}/);
  });
});

describe("a wheelchair user who moves for a job", () => {
  it("puts the access needs in the summary's safety part; a wheelchair sport is no need", async () => {
    const s = await summaryOf("mover");
    expect(s).toMatch(/Safety:[^]*step-free access/);
    expect(s).not.toMatch(/Safety: Keiko plays wheelchair basketball/);
    expect(await ask("mover", "What does Keiko need from a restaurant?")).toMatch(/step-free access/);
  });

  it("answers the practice day that holds now", async () => {
    expect(await ask("mover", "When does Keiko play basketball?")).toMatch(/Wednesdays/);
    expect((await current("mover")).join("\n")).not.toMatch(/basketball on Thursdays/);
  });

  it("keeps the lead-in out and the statements apart", async () => {
    const now = await current("mover");
    expect(now).toContain("Keiko is a UX researcher.");
    expect(now.join("\n")).not.toMatch(/Quick background/);
  });
});

describe("a grandfather with a heart condition, in his second language", () => {
  it("keeps the condition when the blood thinner is switched", async () => {
    const now = (await current("grandfather")).join("\n");
    expect(now).toMatch(/atrial fibrillation/);
    expect(now).not.toMatch(/Giorgos takes warfarin/);
    const s = await summaryOf("grandfather");
    expect(s).toMatch(/Safety:[^]*atrial fibrillation/);
    expect(s).toMatch(/apixaban/);
    expect(await ask("grandfather", "What medication does Giorgos take?")).toMatch(/^The doctor changed Giorgos from warfarin to apixaban/);
  });

  it("never turns 'no grapefruit' into 'grapefruit'", async () => {
    const answer = await ask("grandfather", "What foods should Giorgos avoid?");
    expect(answer).not.toMatch(/(?:^|- )Grapefruit/m);
  });

  it("keeps a daughter's pregnancy as news, not the user's safety, and the first item of a list answer", async () => {
    const now = (await current("grandfather")).join("\n");
    expect(now).toMatch(/Sofia is pregnant/);
    expect(now).toMatch(/Tomatoes, figs, some olives/);
    expect(now).toMatch(/Giorgos's son Nikos is a doctor in Sydney/);
    expect(await summaryOf("grandfather")).not.toMatch(/Safety:[^.]*(?:pregnant|grandchild)/);
    expect(await ask("grandfather", "Is Giorgos married?")).toMatch(/Eleni passed away around 2023/);
  });
});

describe("a nurse and a nomad: who 'she' is, whose job is asked", () => {
  it("reads 'she' after 'How's Zuri adjusting?' as Zuri, and 'She's' after 'her name is Valeria' as Valeria", async () => {
    const nurse = (await current("nurse")).join("\n");
    expect(nurse).toMatch(/^Zuri loves her new room/m);
    expect(nurse).not.toMatch(/^She /m);
    expect(await ask("nomad", "Who is Valeria?")).toMatch(/Valeria's a climbing instructor/);
  });

  it("answers what Sam does with Sam's job, not the user's", async () => {
    const answer = await ask("nurse", "What does Sam do?");
    expect(answer).toMatch(/high school teacher/);
    expect(answer).not.toMatch(/charge nurse/);
    expect(await ask("nurse", "What does Amara do for work?")).toMatch(/charge nurse/);
  });

  it("keeps news after a bare 'yes' to a remark as news, and no 'btw' anywhere", async () => {
    const nurse = (await current("nurse")).join("\n");
    expect(nurse).toMatch(/^Amara and (?:family|others) are buying a house in Decatur/m);
    expect(nurse).not.toMatch(/That must help with Zuri|\bbtw\b/);
  });
});

describe("a user who now goes by another name", () => {
  it("is named as they asked in the summary, and the name question is answered", async () => {
    const s = await summaryOf("teacher");
    expect(s).toMatch(/^Alex Chen\b/);
    expect(s).not.toMatch(/Alexandra/);
    expect(s).toMatch(/they\/them/);
    expect(s).not.toMatch(/Quick update/);
    const answer = await ask("teacher", "What should I call this user?");
    expect(answer).toMatch(/goes by Alex/);
    expect(answer).toMatch(/they\/them/);
    // A question about someone else's name is not the user's name question.
    expect(await ask("teacher", "What is Jess's name?")).not.toMatch(/^Alex goes by Alex/);
    // Every answer names them so.
    const teaches = await ask("teacher", "What does Alex teach?");
    expect(teaches).toMatch(/chemistry/);
    expect(teaches).not.toMatch(/Alexandra/);
  });
});

describe("a student who switches majors, a new mother whose arrangements change (2026-12-02)", () => {
  it("the major said last is the one studied, and how they want answers is in the summary", async () => {
    const s = await summaryOf("student");
    expect(s).toMatch(/industrial design/);
    expect(s).not.toMatch(/studying mechanical engineering/);
    expect(s).toMatch(/answers short and give them checklists/);
    expect(s).not.toMatch(/\bpls\b|gives Jordan/);
    expect(await ask("student", "What does Jordan study?")).toMatch(/^Jordan switched their major to industrial design/);
    expect(await ask("student", "How should I format answers for Jordan?")).toMatch(/^Jordan has ADHD, so Jordan asks to keep answers short/);
  });

  it("what changed last leads the answer about now; who the user is, said as 'New mom here'", async () => {
    // A food question leads with what keeps the family safe; the change follows it.
    expect(await ask("new-mom", "Can Hannah eat dairy?")).toMatch(/cow's milk protein allergy[^]*can eat dairy again/);
    expect(await ask("new-mom", "When does Hannah's maternity leave end?")).toMatch(/^[^.]*September/);
    expect(await ask("new-mom", "When does Tom work?")).toMatch(/^[^.]*day shifts/);
    // The daughter's allergy stays a safety fact: the formula changed, the allergy did not.
    expect(await summaryOf("new-mom")).toMatch(/Safety: Mila has a cow's milk protein allergy/);
    expect((await current("new-mom")).join("\n")).toMatch(/^Hannah is a new mom/m);
  });
});

describe("questions asked in other words than the facts (2026-12-02)", () => {
  it("a doctor is a pediatrician, an age is a birthday, why is the reason given", async () => {
    expect(await ask("new-mom", "Who is Mila's doctor?")).toMatch(/^Mila's pediatrician is Dr\. Okafor/);
    expect(await ask("new-mom", "How old is Mila?")).toMatch(/^[^.]*born on January 9th/);
    expect(await ask("student", "Why did Jordan switch majors?")).toMatch(/making things people use/);
  });
});

describe("a father after a divorce, a bakery owner (2026-12-02)", () => {
  it("a child's allergy said after 'he's 7' is in the summary and in the answer, with the child's name", async () => {
    const s = await summaryOf("dad");
    expect(s).toMatch(/Safety:[^]*severe peanut allergy/);
    expect(await ask("dad", "What allergies should I know about?")).toMatch(/^Owen has a severe peanut allergy/);
  });

  it("separating, then divorced: the relationship that holds now", async () => {
    const texts = (await current("dad")).join("\n");
    expect(texts).not.toMatch(/Claire and Daniel is separating/);
    // Separating, then "Divorce is final.": the divorce holds, the separation is history.
    expect(texts).not.toMatch(/separating/);
    expect(await ask("dad", "Is Daniel married?")).toMatch(/^Divorce is final \(since 3 April 2025\)\./);
  });

  it("answers a restriction question with the safety fact, whatever words the question uses", async () => {
    const answer = await ask("baker", "What dietary restrictions does Rosa have?");
    expect(answer).toMatch(/celiac/);
    expect(answer).not.toMatch(/Luis/);
  });
});

describe("a diet that changes next to a partner's allergy (2026-12-02)", () => {
  it("going vegan does not take the partner's shellfish allergy with the old diet", async () => {
    expect(await summaryOf("vegan")).toMatch(/Safety:[^]*Jonas is allergic to shellfish/);
    expect(await ask("vegan", "What should I avoid when cooking for Lena and Jonas?")).toMatch(/shellfish/);
    expect(await ask("vegan", "Is Lena vegetarian?")).toMatch(/^Lena went vegan/);
  });
});

describe("a designer with epilepsy who goes freelance (2026-12-02)", () => {
  it("'keep him safe' is a safety question; a dose names a medication; leaving the agency ends the job", async () => {
    expect(await ask("drummer", "What should I know to keep Marcus safe?")).toMatch(/epilepsy/);
    expect(await ask("drummer", "What medication does Marcus take?")).toMatch(/Keppra/);
    const work = await ask("drummer", "What does Marcus do for work?");
    expect(work).toMatch(/freelancing/);
    expect(work).not.toMatch(/^Marcus is a graphic designer at a small agency/);
  });
});

describe("a widow whose doctor stops a pill (2026-12-02)", () => {
  it("a medication answer says the pill was stopped; an allergy answer lists allergies only", async () => {
    const meds = await ask("widow", "What medications does Ruth take?");
    expect(meds).toMatch(/took Ruth off the aspirin/);
    // The aspirin stopped; the lisinopril said with it did not (2026-12-03).
    expect(meds).toMatch(/lisinopril/);
    expect(await summaryOf("widow")).toMatch(/lisinopril/);
    const allergies = await ask("widow", "What allergies does Ruth have?");
    expect(allergies).toMatch(/sulfa/);
    expect(allergies).not.toMatch(/lisinopril|hearing aids/);
  });
});

describe("a parent whose children's diets change (2026-12-02)", () => {
  it("a child no longer vegetarian is not vegetarian; an allergy keeps the foods it names", async () => {
    expect(await ask("parent", "Is Talia vegetarian?")).toMatch(/^Talia started eating chicken again, so she's not vegetarian anymore/);
    expect((await current("parent")).join("\n")).not.toMatch(/Talia is vegetarian/);
    expect(await summaryOf("parent")).toMatch(/tree nut allergy[^]*Cashews and pistachios/);
    expect(await ask("parent", "What is Ari allergic to?")).toMatch(/Cashews and pistachios/);
  });
});

describe("a caregiver whose mother moves into memory care (2026-12-02, eighth read)", () => {
  it("'she' two messages after 'Mom' is the mother: her allergy is hers, in the summary and first in an allergy answer", async () => {
    expect((await current("caregiver")).join("\n")).toMatch(/^Grace's mom is allergic to penicillin/m);
    expect(await summaryOf("caregiver")).toMatch(/Grace's mom is allergic to penicillin/);
    const allergies = await ask("caregiver", "What allergies should I know about?");
    expect(allergies).toMatch(/^Grace's mom is allergic to penicillin/);
    expect(allergies).not.toMatch(/door alarmed/);
  });

  it("'I visit her' is a visit to the mother, and answers when the visits are", async () => {
    expect(await ask("caregiver", "When does Grace visit her mom?")).toMatch(/^Grace visits their mom every Tuesday and Friday/);
    expect(await summaryOf("caregiver")).not.toMatch(/\. their mom/);
    // Where the mother lives now: the move, not the old home.
    expect(await ask("caregiver", "Where does Grace's mother live?")).toMatch(/^Grace's mom moved into a memory care facility, Sunrise of Decatur/);
  });
});

describe("a veteran whose medication changes (2026-12-02, eighth read)", () => {
  it("'Retired Army, 22 years.' is a statement of its own (stopping volunteering does not take it), and a food bank is no food", async () => {
    expect((await current("veteran")).join("\n")).toMatch(/^Walter is retired Army, 22 years\.$/m);
    expect(await summaryOf("veteran")).toMatch(/Walter is retired Army/);
    expect(await summaryOf("veteran")).not.toMatch(/Food[^.:]*: Walter stopped volunteering/);
  });

  it("a medication question leads with the medication, a communication question with how to reach them", async () => {
    expect(await ask("veteran", "What medication does Walter take for diabetes?")).toMatch(/^Doc switched Walter from metformin to insulin/);
    expect(await ask("veteran", "How should I communicate with Walter?")).toMatch(/^Walter is (?:also )?hard of hearing, so Walter would rather you write than send voice notes/);
  });
});

describe("a PhD student who interns abroad and breaks up (2026-12-02, eighth read)", () => {
  it("what she studies is her PhD, not a request for study cafes; where she lives is where she went back to", async () => {
    const study = await ask("phd", "What is Priya studying?");
    expect(study).toMatch(/materials science/);
    expect(study).not.toMatch(/cafes/);
    expect((await current("phd")).join("\n")).toMatch(/^Priya is a grad student at Kyoto University/m);
    expect(await ask("phd", "Where does Priya live?")).toMatch(/^[^.]*Kyoto/);
  });

  it("a breakup retires the boyfriend", async () => {
    expect(await summaryOf("phd")).not.toMatch(/Priya's boyfriend Tobias/);
    expect((await current("phd")).join("\n")).not.toMatch(/Priya's boyfriend Tobias/);
    expect(await ask("phd", "Is Priya in a relationship?")).toMatch(/^Tobias and Priya broke up in August/);
  });
});

describe("a service dog that died (2026-12-02, eighth read)", () => {
  it("what was said of the dog in the present tense is history once it died", async () => {
    expect((await current("veteran")).join("\n")).not.toMatch(/Ranger goes everywhere/);
    expect(await ask("veteran", "Does Walter have a service dog?")).toMatch(/^Ranger passed away/);
  });
});

describe("a sober father of adopted twins, a cook whose therapy ends (2026-12-02, eighth read)", () => {
  it("a shouted sentence is read as a sentence; a date after 'as of' stands alone; a cake is food, so the egg allergy leads", async () => {
    const now = (await current("sober")).join("\n");
    expect(now).toMatch(/^Marcus and (?:family|others) got matched/m);
    expect(now).not.toMatch(/WE GOT/);
    expect(await summaryOf("sober")).toMatch(/sober as of January 2025/);
    const cake = await ask("sober", "Suggest a birthday cake for the twins");
    expect(cake).toMatch(/^Maya has a severe egg allergy/);
    // A safety fact is never cut to the clause after its "so".
    expect(cake).not.toMatch(/\. So Marcus asks/);
  });

  it("'Is Marcus married?' is answered by the husband named; 'Who are Marcus's kids?' lists no husband", async () => {
    expect(await ask("sober", "Is Marcus married?")).toBe("Yes: Marcus's husband is Dev.");
    const kids = await ask("sober", "Who are Marcus's kids?");
    expect(kids).not.toMatch(/^- Dev \(husband\)/);
    expect(kids).toMatch(/Jaylen and Maya/);
  });

  it("'PT is done' ends the physical therapy; an emphatic 'myself' is dropped", async () => {
    const now = (await current("cook")).join("\n");
    expect(now).not.toMatch(/^Physical therapy Mondays/m);
    expect(now).toMatch(/Sofia is allergic to shellfish$/m);
  });
});

describe("an 81-year-old with a pacemaker, a mother after the birth (2026-12-02, eighth read)", () => {
  it("a doctor's question leads with the user's own medical facts; a walker is a need; how one gets around is the walker", async () => {
    expect(await ask("pacemaker", "What should a doctor know about Harold?")).toMatch(/^Harold is 81, Harold has a pacemaker so no MRIs/);
    expect(await summaryOf("pacemaker")).toMatch(/Safety:[^]*walker/);
    expect(await ask("pacemaker", "How does Harold get around?")).toMatch(/^Harold uses a walker/);
  });

  it("a birth ends the pregnancy, what went away is gone, and 'On parental leave …' is the user's news", async () => {
    const now = (await current("mother")).join("\n");
    expect(now).not.toMatch(/7 months pregnant/);
    expect(now).not.toMatch(/gestational diabetes too/);
    expect(now).toMatch(/^Aisha is on parental leave until November/m);
    expect(await ask("mother", "Is Aisha pregnant?")).not.toMatch(/^Aisha is 7 months pregnant/);
  });
});

describe("a trucker with sleep apnea and high blood pressure (2026-12-02, eighth read)", () => {
  it("a CPAP, a low-sodium diet and a dose a doctor cut are needs: in the summary's safety part and the answer to a medical question", async () => {
    const summary = await summaryOf("trucker");
    expect(summary).toMatch(/Safety:[^]*CPAP/);
    expect(summary).toMatch(/Safety:[^]*low sodium/);
    expect(await ask("trucker", "What should I keep in mind when suggesting meals for Ray?")).toMatch(/^Doc wants Ray on low sodium/);
    expect((await current("trucker")).join("\n")).toMatch(/^Ray's wife Linda and the boys are in Tulsa/m);
  });
});
