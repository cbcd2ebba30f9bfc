import { describe, expect, it } from "vitest";
import { createOfflineExtractor, requestToFact } from "@/server/memory/extract/offline";
import { toThirdPerson } from "@/server/memory/extract/third-person";
import { mentionsMedication, analyzeFact, callsPartner, concernsEating, diedName, endedPartner, factEvents, gaveBirth, lostPregnancy, saysPregnant, replacementTerms } from "@/server/memory/facts/analyze";
import { planSupersessions } from "@/server/memory/facts/supersede";
import { composeFromPieces, composePeople, parseQuestion, rankPieces, type Candidate } from "@/server/profile/answer";
import { absoluteDates } from "@/server/profile/dates";
import { preferredFirstName, traitFlags, withPreferredName, type ModelFact } from "@/server/profile/model";
import { assembleSummary, compactSafety, hasPersonLeftovers, stripLeadIn, summarySentence } from "@/server/profile/summary";
import type { SummaryPart } from "@/db/schema";

const at = new Date("2025-11-10T18:00:00Z");
const analyze = (text: string, subject: string | null = "Ash") => analyzeFact(text, { subject, saidAt: at });

describe("fact analysis (offline)", () => {
  it("files facts under the taxonomy's topics", () => {
    expect(analyze("Ash loves sushi and Thai food.").topic).toBe("food");
    expect(analyze("Ash asks to keep emails to three sentences.").topic).toBe("communication");
    expect(analyze("Ash's sister Lena lives in Berlin and they talk every Sunday.").topic).toBe("family");
    expect(analyze("Ash is the CEO of a small startup called Loomly.").topic).toBe("work");
    expect(analyze("Ash moved from San Francisco to Austin last month (October 2025).").topic).toBe("identity");
    expect(analyze("Ash and others have twin boys, Leo and Max, they're 4.").topic).toBe("family");
    // A redacted address is no sign of what the fact is about.
    expect(analyze('Asked "Any leads?", User said: yes, Blue Door Coffee wants 40 croissants a day starting June. Their buyer is Priya Shah, [EMAIL], [PHONE].', null).topic).not.toBe("communication");
    // A daily medication is a medical need, not a routine.
    expect(analyze("Ash takes levothyroxine every morning for their thyroid.").topic).toBe("health");
  });

  it("'No more walker' ends the walker, not walking: a thing named after 'no more' is that word (2026-12-03)", () => {
    const g = (text: string) => analyzeFact(text, { subject: "Greta", saidAt: at });
    const noWalker = g("No more walker, Greta is getting around on her own now.");
    const fact = (text: string, id: string) => ({ text, slot: null, slotValue: null, negates: null, at: 1, said: 1, id });
    const dog = fact("Greta walks the dog every morning.", "m1");
    const walker = fact("Greta uses a walker since the hip surgery.", "m2");
    const walkers = fact("Greta hates the walkers at the rehab center.", "m3");
    const news = [{ text: noWalker.negates ? "No more walker, Greta is getting around on her own now." : "", slot: null, slotValue: null, negates: noWalker.negates, at: 2, said: 2 }];
    expect(planSupersessions(news, [dog, walker, walkers]).supersedes.get(0)).toEqual(["m2", "m3"]);
    // A habit said after "no more" is still matched by its stem ("No more smoking" ends "smokes").
    const noSmoking = g("No more smoking for Greta.");
    const smokes = fact("Greta smokes a pack a day.", "m4");
    expect(planSupersessions([{ text: "No more smoking for Greta.", slot: null, slotValue: null, negates: noSmoking.negates, at: 2, said: 2 }], [smokes]).supersedes.get(0)).toEqual(["m4"]);
  });

  it("'no marathon this year' calls off the marathon being trained for, not one run before (Hannah, 2026-12-03)", () => {
    const h = (text: string) => analyzeFact(text, { subject: "Hannah", saidAt: at });
    const off = "Stress fracture in Hannah's left foot. no running for 8 weeks, so no marathon this year (2025)";
    const fact = (id: string, text: string) => ({ id, text, slot: null, slotValue: null, negates: null, at: 1, said: 1 });
    const plan = planSupersessions(
      [{ text: off, slot: null, slotValue: null, negates: h(off).negates, at: 2, said: 2 }],
      // Said in March, dated by the race in October: called off in July all the same.
      [{ ...fact("training", "Hannah is training for the Chicago marathon in October"), at: 10 }, fact("ran", "Hannah ran the Boston marathon in 2019"), fact("shoes", "Hannah loves her new running shoes")],
    );
    // "Is Hannah training for a marathon?" answered yes, the Chicago marathon, after it was called off.
    expect(plan.supersedes.get(0)).toEqual(["training"]);
    expect(h("No trip to Japan this year, money is tight").negates).not.toBeNull();
    expect(h("Hannah has no plans this year").negates).toBeNull();
  });

  it("a widow is widowed: 'Is Greta married?' is answered by it, not by her daughter (Greta, 2026-12-03)", () => {
    const g = (text: string) => analyzeFact(text, { subject: "Greta", saidAt: at });
    expect(g("Greta is 72 and a widow, their husband Lars passed two years ago (around 2023)")).toMatchObject({ slot: "relationship", slotValue: "widowed" });
    expect(g("Greta is a widow")).toMatchObject({ slot: "relationship", slotValue: "widowed" });
    expect(g("Greta has been a widower since 2019")).toMatchObject({ slot: "relationship", slotValue: "widowed" });
    // Someone else's.
    expect(g("Greta's neighbor is a widow").slot).toBeNull();
    expect(g("Greta volunteers with a widow support group").slot).toBeNull();
  });

  it("a question about the user's business asks about their work (Sun-hee, 2026-12-03)", () => {
    // "What is Sun-hee's business?" answered "I don't know yet" with "is starting a food truck" stored.
    expect(parseQuestion("What is Sun-hee's business?", "Sun-hee").slot).toBe("job");
    expect(parseQuestion("Does Sun-hee run a small business?", "Sun-hee").slot).toBe("job");
    // A hyphenated name is the user's own name, not someone else ("Sun" of "Sun-hee"): every slot
    // question about Sun-hee was read as one about another person.
    expect(parseQuestion("What does Sun-hee do for work?", "Sun-hee")).toMatchObject({ slot: "job", otherJob: false });
    expect(parseQuestion("Where does Sun-hee live?", "Sun-hee").slot).toBe("residence");
    expect(parseQuestion("What does Min-jun do for work?", "Sun-hee").otherJob).toBe(true);
    // Not work: a trip, a seat, or someone else's business.
    expect(parseQuestion("Does Sun-hee have business trips coming up?", "Sun-hee").slot).not.toBe("job");
    expect(parseQuestion("Does Sun-hee fly business class?", "Sun-hee").slot).not.toBe("job");
    expect(parseQuestion("Which events has Jon participated in to promote his business venture?", "Jon").slot).not.toBe("job");
    expect(parseQuestion("How does Gina stay confident in her business?", "Gina").slot).not.toBe("job");
  });

  it("patterns compiled once per subject never answer for another subject (2026-12-03)", () => {
    // The slot, birth, breakup and death rules are compiled once per subject and shared: each
    // subject must still be read with its own name, in any order, and twice the same.
    for (let round = 0; round < 2; round++) {
      expect(analyzeFact("Hana moved to Leeds.", { subject: "Hana", saidAt: new Date(round) }).slot).toBe("residence");
      expect(analyzeFact("Hana moved to Leeds.", { subject: "Omar", saidAt: new Date(round) }).slot).toBeNull();
      expect(analyzeFact("Omar works as a nurse at St Mary's.", { subject: "Omar", saidAt: new Date(round) }).slot).toBe("job");
      expect(analyzeFact("Omar works as a nurse at St Mary's.", { subject: "Hana", saidAt: new Date(round) }).slot).toBeNull();
      expect(analyzeFact("The user moved to Leeds.", { subject: null, saidAt: new Date(round) }).slotValue).toBe("Leeds");
      expect(endedPartner("Hana broke up with Tobias.", "Hana")).toBe("Tobias");
      expect(endedPartner("Hana broke up with Tobias.", "Omar")).toBeNull();
      expect(gaveBirth("Hana gave birth to a girl.", "Hana")).toBe(true);
      expect(gaveBirth("Hana gave birth to a girl.", "Omar")).toBe(false);
      expect(diedName("Omar lost their dog Biscuit.", "Omar")).toBe("Biscuit");
      // Relations found for a subject's possessive only ("Hana's sister Lena"), and twice.
      expect(analyze("Hana's sister Lena lives in Berlin.", "Hana").entities).toContainEqual({ name: "Lena", type: "person", relation: "sister" });
      expect(analyze("Hana's sister Lena lives in Berlin.", "Omar").entities.some((e) => e.relation === "sister")).toBe(false);
    }
  });

  it("ranks safety above identity above preferences above events", () => {
    expect(analyze("Ash is severely allergic to peanuts.").salience).toBe("safety");
    expect(analyze("Ash's daughter Sofia has celiac disease, so they eat gluten-free.").salience).toBe("safety");
    expect(analyze("Ash is a vegetarian.").salience).toBe("safety");
    expect(analyze("Ash takes levothyroxine every morning for their thyroid.").salience).toBe("safety");
    expect(analyze("Ash is on blood pressure medication.").salience).toBe("safety");
    expect(analyze("Ash takes the bus to work every morning.").salience).not.toBe("safety");
    expect(analyze("Ash's kids are on tablets all afternoon.").salience).not.toBe("safety");
    // A habit changed is a preference; what the user cannot or will not take is a restriction.
    expect(analyze("Ash doesn't drink coffee anymore, switched to green tea.").salience).not.toBe("safety");
    expect(analyze("Ash doesn't drink alcohol.").salience).toBe("safety");
    expect(analyze("Ash can't drink milk.").salience).toBe("safety");
    expect(analyze('Asked "Any allergies?", Ash said: yes, shellfish.').salience).toBe("safety");
    expect(analyze("Ash lives in Leeds.").salience).toBe("identity");
    expect(analyze("Ash usually eats late dinners around 9pm.").salience).toBe("preference");
    expect(analyze("Ash went to a concert yesterday (9 November 2025).").salience).toBe("event");
  });

  it("names people with their relation, places and organizations", () => {
    expect(analyze("Ash's cofounder Sarah Chen runs engineering.").entities).toEqual([{ name: "Sarah Chen", type: "person", relation: "cofounder" }]);
    expect(analyze("David Kimball, Ash's recruiter, checks in twice a month.").entities).toContainEqual({ name: "David Kimball", type: "person", relation: "recruiter" });
    expect(analyze("Ash's husband Mark is a dentist, he works at Bright Smiles.").entities).toEqual(
      expect.arrayContaining([{ name: "Mark", type: "person", relation: "husband" }, { name: "Bright Smiles", type: "organization" }]),
    );
    expect(analyze("Ash visited Lisbon with their kids.").entities).toEqual(
      expect.arrayContaining([{ name: "Lisbon", type: "place" }, { name: null, type: "person", relation: "kid" }]),
    );
  });

  it("fills slots only for the user's own residence and job, never a family member's", () => {
    expect(analyze("Ash runs a small bakery in Portland called Rise & Shine with their business partner Tomás.")).toMatchObject({ slot: "job", salience: "identity", topic: "work" });
    expect(analyze("Ash moved from San Francisco to Austin last month (October 2025).")).toMatchObject({ slot: "residence", slotValue: "Austin" });
    expect(analyze("Ash works as a product designer at Acme.")).toMatchObject({ slot: "job", slotValue: "product designer at Acme" });
    expect(analyze("Ash's husband works as a dentist.").slot).toBeNull();
    expect(analyze("Ash no longer drinks coffee.").negates).toEqual(["drink", "coffe"]);
  });

  it("a negated stop is not a stop: 'won't quit', 'never gave up' negate nothing", () => {
    // "Jon won't quit on their dreams" once superseded every fact about Jon's dreams.
    expect(analyze("Jon won't quit on their dreams.", "Jon").negates).toBeNull();
    expect(analyze("Ash never gave up running.").negates).toBeNull();
    expect(analyze("Ash didn't stop painting after the move.").negates).toBeNull();
    expect(analyze("Ash is not going to quit the band.").negates).toBeNull();
    // Pronouns and possessives are not what stopped: "stopped their lessons" is about lessons.
    expect(analyze("Ash stopped their piano lessons.").negates).toEqual(["piano", "lesson"]);
  });

  it("what the user studies is a slot: a switched major replaces it (a student, 2026-12-02)", () => {
    const j = (text: string) => analyzeFact(text, { subject: "Jordan", saidAt: at });
    expect(j("Jordan is a sophomore at UT Austin, studying mechanical engineering")).toMatchObject({ slot: "study", slotValue: "mechanical engineering", topic: "identity" });
    expect(j("Jordan switched their major to industrial design!")).toMatchObject({ slot: "study", slotValue: "industrial design", salience: "identity" });
    expect(j("Jordan is majoring in biology and minoring in art.")).toMatchObject({ slot: "study", slotValue: "biology" });
    expect(j("Jordan's major is history now.")).toMatchObject({ slot: "study", slotValue: "history" });
    // Where and when someone studies is no field of study.
    expect(j("Jordan's roommate Diego is super loud so Jordan studies at the PCL library").slot).toBeNull();
    expect(j("Jordan studies late at night.").slot).toBeNull();
    expect(j("Jordan is studying for midterms.").slot).toBeNull();
    const old = { text: "Jordan is a sophomore at UT Austin, studying mechanical engineering", slot: "study" as const, slotValue: "mechanical engineering", negates: null, at: 1, said: 1, id: "m1" };
    const now = { text: "Jordan switched their major to industrial design!", slot: "study" as const, slotValue: "industrial design", negates: null, at: 2, said: 2 };
    expect(planSupersessions([now], [old]).supersedes.get(0)).toEqual(["m1"]);
    expect(parseQuestion("What does Jordan study?", "Jordan").slot).toBe("study");
    expect(parseQuestion("What is Jordan's major?", "Jordan").slot).toBe("study");
    expect(parseQuestion("Why did Jordan switch majors?", "Jordan").slot).toBeNull();
  });

  it("a breakup retires the facts that call that person the partner; 'back in <place>' is where one lives; a PhD is what one studies (2026-12-02, eighth read)", () => {
    expect(endedPartner("Tobias and Priya broke up in August.", "Priya")).toBe("Tobias");
    expect(endedPartner("Priya broke up with Tobias last week.", "Priya")).toBe("Tobias");
    expect(endedPartner("Priya's boyfriend Tobias and Priya split up.", "Priya")).toBe("Tobias");
    expect(endedPartner("Tobias dumped Priya.", "Priya")).toBe("Tobias");
    expect(endedPartner("Priya's friends Ana and Leo broke up.", "Priya")).toBeNull();
    const old = { id: "m1", text: "Priya's boyfriend Tobias is in Berlin, Priya and Tobias do long distance.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const friend = { id: "m2", text: "Priya's friend Tobias lives in Osaka.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const breakup = { text: "Tobias and Priya broke up in August.", slot: "relationship" as const, slotValue: "single", negates: null, endsPartner: "Tobias", at: 2, said: 2 };
    expect(planSupersessions([breakup], [old, friend]).supersedes.get(0)).toEqual(["m1"]);
    expect(callsPartner("Priya's girlfriend, Tobias, is in Berlin.", "Tobias")).toBe(true);
    const p = (text: string) => analyze(text, "Priya");
    expect(p("Internship is over, back in Kyoto for Priya's final year")).toMatchObject({ slot: "residence", slotValue: "Kyoto" });
    expect(p("Priya was back in Leeds, it rained.").slot).toBeNull();
    expect(p("Priya is a grad student at Kyoto University, doing a PhD in materials science")).toMatchObject({ slot: "study", slotValue: "materials science" });
    expect(toThirdPerson("Grad student at Kyoto University, doing a PhD in materials science", { name: "Priya" })).toBe(
      "Priya is a grad student at Kyoto University, doing a PhD in materials science",
    );
    expect(toThirdPerson("Doctor at the clinic said to rest.", { name: "Priya" })).toBe("Doctor at the clinic said to rest.");
    expect(toThirdPerson("Student loans are killing me", { name: "Priya" })).toBe("Student loans are killing Priya");
  });

  it("a death retires what was said of the one who died in the present tense, not their history (2026-12-02, eighth read)", () => {
    expect(diedName("Ranger passed away last month (June 2025). Walter is getting a new pup from the same trainer in the fall.", "Walter")).toBe("Ranger");
    expect(diedName("Walter's grandfather died when Walter was 5.", "Walter")).toBe("Walter's grandfather");
    expect(diedName("Walter lost his dog Biscuit in May.", "Walter")).toBe("Biscuit");
    expect(diedName("Walter nearly died of laughter.", "Walter")).toBeNull();
    const dog = { id: "m1", text: "Walter's service dog Ranger goes everywhere with Walter. He's a black lab.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const trick = { id: "m2", text: "Ranger learned to open the fridge in 2019.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const gone = { text: "Ranger passed away last month.", slot: null, slotValue: null, negates: null, died: "Ranger", at: 2, said: 2 };
    expect(planSupersessions([gone], [dog, trick]).supersedes.get(0)).toEqual(["m1"]);
    const grandpa = { id: "m3", text: "Walter's grandfather lives in Ohio.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    expect(planSupersessions([{ ...gone, text: "Walter's grandfather passed away.", died: "Walter's grandfather" }], [grandpa]).supersedes.get(0)).toEqual(["m3"]);
  });

  it("two values of a slot said at one moment are held together ('started eating fish again. not vegan anymore')", () => {
    const fish = { text: "Dev's doctor said Dev's iron is really low so Dev started eating fish again.", slot: "diet" as const, slotValue: "eats fish", negates: null, at: 5, said: 5 };
    const notVegan = { text: "Dev is not vegan anymore", slot: "diet" as const, slotValue: "no restriction", negates: null, at: 5, said: 5 };
    expect(planSupersessions([fish, notVegan], []).supersededBy.size).toBe(0);
    // Said later, the newer value still wins.
    expect(planSupersessions([fish, { ...notVegan, at: 6, said: 6 }], []).supersededBy.get(0)).toEqual({ index: 1 });
  });

  it("a birth ends the user's pregnancy; a condition that went away is negated (2026-12-02, eighth read)", () => {
    expect(gaveBirth("Baby Zara arrived April 12th! 3.2kg, both healthy", "Aisha")).toBe(true);
    expect(gaveBirth("Aisha gave birth to twins.", "Aisha")).toBe(true);
    expect(gaveBirth("Aisha's sister had a baby girl.", "Aisha")).toBe(false);
    expect(saysPregnant("Aisha is 7 months pregnant with their first, due in April", "Aisha")).toBe(true);
    expect(saysPregnant("Aisha's sister is pregnant.", "Aisha")).toBe(false);
    const old = { id: "m1", text: "Aisha is 7 months pregnant with their first, due in April", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const sister = { id: "m2", text: "Aisha's sister Noor is pregnant.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const born = { text: "Baby Zara arrived April 12th!", slot: null, slotValue: null, negates: null, endsPregnancy: { subject: "Aisha" }, at: 2, said: 2 };
    expect(planSupersessions([born], [old, sister]).supersedes.get(0)).toEqual(["m1"]);
    expect(analyze("Gestational diabetes went away after the birth, doctor confirmed", "Aisha").negates).toEqual(["gestat", "diabet"]);
    expect(analyze("Tobias went away for the weekend.", "Aisha").negates).toBeNull();
    expect(toThirdPerson("On parental leave until November", { name: "Aisha" })).toBe("Aisha is on parental leave until November");
  });

  it("a medication the doctor took the user off is no longer taken; 'I sing' conjugates (2026-12-03, ninth read)", () => {
    const d = (text: string) => analyzeFact(text, { subject: "Dorothy", saidAt: at });
    expect(d("The doctor took Dorothy off warfarin, Dorothy is on Eliquis now").negates).toEqual(["warfarin"]);
    expect(d("Dorothy is off blood thinners now.").negates).toEqual(["blood", "thinn"]);
    expect(d("Dorothy came off the sertraline in May.").negates).toEqual(["sertralin"]);
    // Off work, off Fridays, the day off: nothing stopped.
    expect(d("Dorothy is off work today.").negates).toBeNull();
    expect(d("Dorothy took the day off.").negates).toBeNull();
    expect(d("Dorothy got off the bus at Main Street.").negates).toBeNull();
    const old = { id: "m1", text: "Dorothy takes warfarin for their heart so Dorothy has to watch their vitamin K, no big salads", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const off = { text: "The doctor took Dorothy off warfarin, Dorothy is on Eliquis now", slot: null, slotValue: null, negates: ["warfarin"], at: 2, said: 2 };
    expect(planSupersessions([off], [old]).supersedes.get(0)).toEqual(["m1"]);
    // A fact that names more than what stopped keeps holding for the rest (the lisinopril; the milk and tree nuts).
    const both = { id: "m2", text: "Ruth takes lisinopril in the morning and a baby aspirin at night.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    expect(planSupersessions([{ ...off, text: "Ruth's doctor took Ruth off the aspirin.", negates: ["aspirin"] }], [both]).supersedes.size).toBe(0);
    const allergies = { id: "m3", text: "Rachel's daughter Zoe is 5 and allergic to milk, eggs and tree nuts.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    expect(planSupersessions([{ ...off, text: "Zoe is not allergic to eggs anymore.", negates: ["allerg", "egg"] }], [allergies]).supersedes.size).toBe(0);
    // A brand name is a medication taken.
    expect(mentionsMedication("Dorothy is on Eliquis now")).toBe(true);
    expect(mentionsMedication("Rosa started Ozempic in March.")).toBe(true);
    expect(toThirdPerson("I sing in the church choir on Thursdays", { name: "Dorothy" })).toBe("Dorothy sings in the church choir on Thursdays");
    expect(toThirdPerson("I bring my own snacks", { name: "Dorothy" })).toBe("Dorothy brings their own snacks");
  });

  it("who the user is and what is theirs, said without a subject; a sentence adverb is no name (2026-12-03, ninth read)", () => {
    const r = { name: "Robin" };
    expect(toThirdPerson("Freelance brand designer based in Austin.", r)).toBe("Robin is a freelance brand designer based in Austin.");
    expect(toThirdPerson("Now working mostly with Northwind Books", r)).toBe("Robin is now working mostly with Northwind Books");
    expect(toThirdPerson("Just moved to Denver", r)).toBe("Robin just moved to Denver");
    expect(toThirdPerson("Now is the time", r)).toBe("Now is the time");
    expect(toThirdPerson("Deathly allergic to peanuts.", r)).toBe("Robin is deathly allergic to peanuts.");
    expect(toThirdPerson("Taking two weeks off work", r)).toBe("Robin is taking two weeks off work");
    expect(requestToFact("Pls keep it simple", r)).toBe("Robin asks to keep it simple");
    expect(requestToFact("Please no loud places", r)).toBe("Robin asks for no loud places");
    const m = (text: string) => analyzeFact(text, { subject: "Mateo", saidAt: at });
    expect(m("Mateo is a nursing assistant at a care home in Phoenix, night shifts mostly")).toMatchObject({ topic: "work", slot: "job", slotValue: "nursing assistant at a care home" });
    expect(m("Mateo switched to day shift finally!!").topic).toBe("work");
    expect(m("Mateo is now working mostly with Northwind Books").topic).toBe("work");
    expect(m("Thankfully, Mateo's son's ok.").entities).toEqual([{ name: null, type: "person", relation: "son" }]);
    expect(m("Emily, Mateo's sister, is here.").entities).toEqual([{ name: "Emily", type: "person", relation: "sister" }]);
    // What sets off a condition is a need.
    expect(m("Mateo gets migraines, bright white backgrounds trigger them, so dark mode everything please").salience).toBe("safety");
    expect(m("That song triggers memories for Mateo.").salience).not.toBe("safety");
  });

  it("questions: a blood thinner is a medication, 'expecting' a pregnancy, 'What does Biscuit eat?' is asked of Biscuit (2026-12-03, ninth read)", () => {
    expect(parseQuestion("What blood thinner does Dorothy take?", "Dorothy")).toMatchObject({ medication: true, safety: true });
    expect(parseQuestion("What does Robin take for migraines?", "Robin").medication).toBe(true);
    expect(parseQuestion("Is Mateo's wife expecting?", "Mateo").terms.get("pregnant")).toBe(0.8);
    expect(parseQuestion("What does Robin expect from the trip?", "Robin").terms.has("pregnant")).toBe(false);
    expect(parseQuestion("What does Biscuit eat?", "Robin").asksOf).toBe("Biscuit");
    expect(parseQuestion("Can Sofia have dairy?", "Robin").asksOf).toBe("Sofia");
    expect(parseQuestion("What does Robin eat?", "Robin").asksOf).toBeNull();
    expect(parseQuestion("Plan a dinner party with Jonas", "Robin").asksOf).toBeNull();
  });

  it("a pregnancy lost ends it; a breakup ends 'are dating'; a medication a doctor added is a need (2026-12-03, ninth read)", () => {
    expect(lostPregnancy("Hana and family lost the baby at 12 weeks", "Hana")).toBe(true);
    expect(lostPregnancy("Hana had a miscarriage in May.", "Hana")).toBe(true);
    expect(lostPregnancy("Hana's sister had a miscarriage.", "Hana")).toBe(false);
    expect(lostPregnancy("Hana lost the remote again.", "Hana")).toBe(false);
    const old = { id: "m1", text: "Hana is pregnant!! 7 weeks. cautiously excited", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const lost = { text: "Hana and family lost the baby at 12 weeks", slot: null, slotValue: null, negates: null, endsPregnancy: { subject: "Hana" }, at: 2, said: 2 };
    expect(planSupersessions([lost], [old]).supersedes.get(0)).toEqual(["m1"]);
    expect(factEvents("Hana and family lost the baby at 12 weeks", "Hana").endsPregnancy).toBe(true);
    expect(callsPartner("Tyler and Maya are dating now, she is in their chem class", "Maya")).toBe(true);
    expect(callsPartner("Tyler had lunch with Maya.", "Maya")).toBe(false);
    expect(analyze("Doctor added Jardiance because Ash's A1C was high").salience).toBe("safety");
    expect(analyzeFact("Tyler quit safeway, Tyler does doordash now", { subject: "Tyler", saidAt: at })).toMatchObject({ slot: "job", slotValue: "doordash" });
    expect(parseQuestion("Does Tyler have a girlfriend?", "Tyler").slot).toBe("relationship");
    // What not to bring up is how to talk to them, not a safety question.
    expect(parseQuestion("What should I avoid bringing up with Hana?", "Hana")).toMatchObject({ communication: true, safety: false });
    expect(parseQuestion("What should I avoid cooking for Hana?", "Hana").safety).toBe(true);
    // "X, not Y" says Y is not so: a correction retires what it corrects.
    expect(analyze("Ash is allergic to cashews, not peanuts").negates).toEqual(["allergic", "peanut"]);
    expect(analyze("Amina lives in Manchester, not Leeds").negates).toEqual(["amina", "liv", "leed"]);
    expect(analyze("Ash is a nurse, not a doctor").negates).toBeNull();
    const peanuts = { id: "m9", text: "Ash is allergic to peanuts", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    expect(planSupersessions([{ text: "Ash is allergic to cashews, not peanuts", slot: null, slotValue: null, negates: ["allergic", "peanut"], at: 2, said: 2 }], [peanuts]).supersedes.get(0)).toEqual(["m9"]);
    // A death ends the safety facts that are all about the one who died, not another's said beside them.
    const luna = { id: "m10", text: "Ben's dog Luna has epilepsy, she takes phenobarbital twice a day.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const bees = { id: "m11", text: "Walter is allergic to bees, and Walter's dog Luna goes everywhere with Walter.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    expect(planSupersessions([{ text: "Luna passed away last week.", slot: null, slotValue: null, negates: null, died: "Luna", at: 2, said: 2 }], [luna, bees]).supersedes.get(0)).toEqual(["m10"]);
    // What to keep in mind for an outing is what keeps them safe; wandering is a need.
    expect(parseQuestion("What should I consider when suggesting an outing for Jim?", "Margaret").safety).toBe(true);
    expect(analyze("Ash's husband gets anxious in crowds and can wander, so Ash and family avoid busy places").salience).toBe("safety");
    expect(analyze("Ash and family wandered around the market.").salience).not.toBe("safety");
    expect(analyzeFact("Avi left Stripe, starting at Datadog in July as a staff engineer", { subject: "Avi", saidAt: at })).toMatchObject({ slot: "job", slotValue: "Datadog" });
    expect(analyzeFact("Jim's neurologist started him on donepezil", { subject: "Margaret", saidAt: at }).topic).toBe("health");
  });

  it("a newer fact never retires what keeps someone alive unless it speaks of it (2026-12-02)", () => {
    const old = { id: "m1", text: "Lena is vegetarian, and their partner Jonas is allergic to shellfish so Lena and Jonas never cook it at home.", slot: "diet" as const, slotValue: "vegetarian", negates: null, at: 1, said: 1 };
    const vegan = { text: "Lena went vegan last month (May 2025).", slot: "diet" as const, slotValue: "vegan", negates: null, at: 2, said: 2 };
    expect(planSupersessions([vegan], [old]).supersedes.size).toBe(0);
    // In one batch too.
    expect(planSupersessions([{ ...old }, vegan], []).supersededBy.size).toBe(0);
    // A change of the safety fact itself still replaces it.
    const thinner = { id: "m2", text: "Giorgos takes warfarin.", slot: null, slotValue: null, negates: null, replaces: null, at: 1, said: 1 };
    const instead = { text: "Giorgos takes apixaban instead of warfarin now.", slot: null, slotValue: null, negates: null, replaces: ["giorgo", "take", "warfarin"], at: 2, said: 2 };
    expect(planSupersessions([instead], [thinner]).supersedes.get(0)).toEqual(["m2"]);
  });

  it("leaving an employer ends the job; freelancing is one (2026-12-02)", () => {
    const m = (text: string) => analyzeFact(text, { subject: "Marcus", saidAt: at });
    expect(m("Marcus left the agency, freelancing full time now.")).toMatchObject({ slot: "job", slotValue: "freelancing" });
    expect(m("Marcus left the agency.")).toMatchObject({ slot: "job", slotValue: "no job" });
    // A patient leaves a hospital; a sister's freelancing is hers.
    expect(m("Marcus left the hospital yesterday after the surgery.").slot).toBeNull();
    expect(m("Marcus's sister is freelancing.").slot).toBeNull();
    // "keep him safe" asks for what keeps him safe.
    expect(parseQuestion("What should I know to keep Marcus safe?", "Marcus").safety).toBe(true);
    expect(parseQuestion("Is it safe for Marcus at a concert with strobe lights?", "Marcus").safety).toBe(true);
  });

  it("a doctor taking the user off a common drug names a medication (2026-12-02)", () => {
    expect(mentionsMedication("Ruth's doctor took Ruth off the aspirin, said it's not needed anymore.")).toBe(true);
    expect(mentionsMedication("Neurologist upped Marcus's Keppra to 1000mg.")).toBe(true);
    expect(mentionsMedication("Ruth's doctor took Ruth to lunch.")).toBe(false);
  });

  it("'she's not vegetarian anymore' negates a relative's diet (2026-12-02)", () => {
    expect(analyzeFact("Talia started eating chicken again, so she's not vegetarian anymore.", { subject: "Noa", saidAt: at }).negates).toEqual(["vegetarian"]);
  });

  it("an age in brackets after a name answers 'How old' (2026-12-02)", () => {
    const q = parseQuestion("How old is Sofía?", "Camila");
    const candidates: Candidate[] = [
      { id: "m1", kind: "fact", source: "memory", score: 0.9, text: "Sofía starts first grade on August 25.", sourceIds: ["a"] },
      { id: "m2", kind: "fact", source: "memory", score: 0.7, text: "Camila's kids are Mateo (10) and Sofía (6).", sourceIds: ["b"] },
    ];
    expect(composeFromPieces(q, rankPieces(q, candidates, "Camila", "How old is Sofía?"), "Camila")!.answer).toMatch(/^Camila's kids are Mateo \(10\) and Sofía \(6\)/);
  });

  it("separating and a final divorce are the relationship slot (2026-12-02)", () => {
    const d = (text: string) => analyzeFact(text, { subject: "Daniel", saidAt: at });
    expect(d("Going through a rough patch, Daniel's wife Claire and Daniel are separating.")).toMatchObject({ slot: "relationship", slotValue: "separated" });
    expect(d("Daniel is getting divorced.")).toMatchObject({ slot: "relationship", slotValue: "divorced" });
    expect(d("The divorce is final.")).toMatchObject({ slot: "relationship", slotValue: "divorced" });
    expect(d("Daniel's sister and her husband are separating.").slot).toBeNull();
  });

  it("two jobs said together, or one said with 'too', are both held: no slot clash", () => {
    const own = { text: "Marco owns a small trattoria in Boston's North End called Nonna's Table.", slot: "job" as const, slotValue: "trattoria", negates: null, at: 1, said: 1 };
    const chef = { text: "Marco is the head chef too.", slot: "job" as const, slotValue: "head chef", negates: null, at: 1, said: 1 };
    expect(planSupersessions([own, chef], []).supersededBy.size).toBe(0);
    expect(planSupersessions([{ ...chef, at: 2, said: 2 }], [{ ...own, id: "m1" }]).supersedes.size).toBe(0);
    // A new job said plainly, later, still replaces the old one.
    expect(planSupersessions([{ ...chef, text: "Marco is a head chef at Giulia.", at: 2, said: 2 }], [{ ...own, id: "m1" }]).supersedes.get(0)).toEqual(["m1"]);
  });

  it("dropping out negates the plan; a change said with 'instead' replaces the older fact it shares its terms with (2026-12-02)", () => {
    const dev = (text: string) => analyzeFact(text, { subject: "Dev", saidAt: at });
    expect(dev("Dev is dropping out of berlin. the knee isn't ready.").negates).toEqual(["berlin"]);
    expect(dev("Dev pulled out of the Cardiff half.").negates).toEqual(["cardiff", "half"]);
    expect(dev("Dev is not dropping out of berlin.").negates).toBeNull();
    const k = "Keiko";
    expect(replacementTerms("Keiko found a basketball team, Keiko and team practice Wednesdays instead.", k)).toEqual(expect.arrayContaining(["basketball", "team"]));
    expect(replacementTerms("Keiko plays basketball on Thursdays.", k)).toBeNull();
    const old = { id: "m1", text: "Keiko plays wheelchair basketball on Thursdays, need to find a team in Toronto", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const other = { id: "m2", text: "Keiko loves basketball.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const text = "Keiko settled in Toronto now. Keiko found a basketball team, Keiko and team practice Wednesdays instead.";
    const plan = planSupersessions([{ text, slot: null, slotValue: null, negates: null, replaces: replacementTerms(text, k), at: 2, said: 2 }], [old, other]);
    expect(plan.supersedes.get(0)).toEqual(["m1"]);
  });

  it("a switch from one thing to another negates the first: a medication changed, a habit swapped", () => {
    const ruth = (text: string) => analyzeFact(text, { subject: "Ruth", saidAt: at });
    expect(ruth("Ruth's doctor switched Ruth from metformin to insulin injections last week (week of 3 November 2025).").negates).toEqual(["metformin"]);
    expect(analyze("Ash switched from coffee to green tea.").negates).toEqual(["coffe"]);
    // A client's contract that ended: the client is no longer one.
    const sam = (text: string) => analyzeFact(text, { subject: "Sam", saidAt: at });
    expect(sam("Verdant's contract ended in August. Sam signed a new retainer with Halcyon Health starting this month.").negates).toEqual(["verdant"]);
    expect(sam("The contract with Blue Door Coffee expired last week.").negates).toEqual(["blu", "door", "coffe"]);
    expect(sam("The movie ended at 10pm.").negates).toBeNull();
    // A move is the residence slot's, not a negation of every fact naming the old city.
    expect(analyze("Ash moved from Chicago to Denver.").negates).toBeNull();
    const old = { id: "m1", text: "Ruth's doctor put Ruth on metformin twice a day.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const other = { id: "m2", text: "Ruth has type 2 diabetes so Ruth has to watch their sugar.", slot: null, slotValue: null, negates: null, at: 1, said: 1 };
    const plan = planSupersessions([{ text: "Ruth's doctor switched Ruth from metformin to insulin injections.", slot: null, slotValue: null, negates: ["metformin"], at: 2, said: 2 }], [old, other]);
    expect(plan.supersedes.get(0)).toEqual(["m1"]);
  });

  it("a medication a doctor started is a medical need; a drug allergy does not bear on food", () => {
    const ruth = (text: string) => analyzeFact(text, { subject: "Ruth", saidAt: at });
    expect(ruth("Ruth's doctor put Ruth on metformin twice a day.").salience).toBe("safety");
    expect(concernsEating("Ruth is allergic to penicillin, found that out the hard way last spring.")).toBe(false);
    expect(concernsEating("Ash is allergic to bee stings.")).toBe(false);
    expect(concernsEating("Ash is allergic to peanuts.")).toBe(true);
    expect(concernsEating("Ash is allergic to penicillin and shellfish.")).toBe(true);
    expect(concernsEating("Ruth has type 2 diabetes so Ruth has to watch their sugar.")).toBe(true);
  });

  it("an accessibility need, a heart condition and its blood thinner are safety; a wheelchair sport and a doctor son are not (2026-12-02)", () => {
    const k = (text: string) => analyzeFact(text, { subject: "Keiko", saidAt: at });
    expect(k("Anything Keiko goes to needs step-free access and an accessible restroom.").salience).toBe("safety");
    expect(k("Keiko needs wheelchair-accessible venues.").salience).toBe("safety");
    expect(k("Keiko plays wheelchair basketball on Thursdays.").salience).not.toBe("safety");
    expect(k("Keiko uses a wheelchair.").salience).toBe("safety");
    const g = (text: string) => analyzeFact(text, { subject: "Giorgos", saidAt: at });
    expect(g("Giorgos has the heart problem, atrial fibrillation.").salience).toBe("safety");
    expect(g("Giorgos takes warfarin.").salience).toBe("safety");
    expect(g("No grapefruit and Giorgos must be careful with the green vegetables.").salience).toBe("safety");
    expect(concernsEating("No grapefruit and Giorgos must be careful with the green vegetables.")).toBe(true);
    expect(mentionsMedication("The doctor changed Giorgos from warfarin to apixaban.")).toBe(true);
    expect(mentionsMedication("Giorgos's son Nikos is a doctor in Sydney.")).toBe(false);
    expect(g("Giorgos's son Nikos is a doctor in Sydney.").salience).not.toBe("safety");
    // A parent's Parkinson's and fall risk are what their care needs; a translator works.
    const h = (text: string) => analyzeFact(text, { subject: "Hannah", saidAt: at });
    expect(h("Hannah is looking after their dad, he's 81 and has Parkinson's.").salience).toBe("safety");
    expect(h("He's a fall risk so no rugs in the house.").salience).toBe("safety");
    expect(h("Hannah works from home as a translator so Hannah can check on him.")).toMatchObject({ slot: "job", topic: "work" });
    // A fast: no food or water till sunset.
    expect(analyzeFact("Ramadan just started so Omar is fasting, no food or water till sunset around 8pm", { subject: "Omar", saidAt: at }).salience).toBe("safety");
    expect(concernsEating("Ramadan just started so Omar is fasting, no food or water till sunset around 8pm")).toBe(true);
    // Sobriety: no drinks or bars; an antidepressant by name.
    const j = (text: string) => analyzeFact(text, { subject: "Jordan", saidAt: at });
    expect(j("Jordan is 8 months sober, so Jordan asks not to suggest drinks or bars as a way to unwind.").salience).toBe("safety");
    expect(j("Jordan is also on sertraline, 50mg.").salience).toBe("safety");
    expect(mentionsMedication("Jordan is also on sertraline, 50mg.")).toBe(true);
    // Someone else's pregnancy is news, not a need of the user's.
    expect(g("Sofia is pregnant! Giorgos's first grandchild, in November.").salience).not.toBe("safety");
    expect(g("Giorgos's wife is pregnant.").salience).not.toBe("safety");
    expect(analyze("Ash is pregnant with twins.").salience).toBe("safety");
    expect(analyze("Ash is 20 weeks pregnant, so no sushi.").salience).toBe("safety");
  });

  it("a diet that changes: vegan, then fish again (2026-12-02)", () => {
    const d = (text: string) => analyzeFact(text, { subject: "Dev", saidAt: at });
    expect(d("Dev has been vegan since 2019 so Dev needs help with protein too")).toMatchObject({ slot: "diet", slotValue: "vegan" });
    expect(d("Dev's doctor said Dev's iron is really low so Dev started eating fish again.")).toMatchObject({ slot: "diet" });
    expect(d("Dev is not vegan anymore.")).toMatchObject({ slot: "diet", slotValue: "no restriction" });
    expect(d("Dev hurt their IT band last week (week of 5 May 2025). physio every tuesday now").topic).toBe("health");
    const amara = (text: string) => analyzeFact(text, { subject: "Amara", saidAt: at });
    expect(amara("Amara is an ICU nurse.")).toMatchObject({ slot: "job", slotValue: "ICU nurse" });
    expect(amara("Amara got promoted to charge nurse!")).toMatchObject({ slot: "job", slotValue: "charge nurse" });
    expect(amara("Sam started a new job as a high school teacher so they'll have summers off").slot).toBe(null);
    expect(d("Dev's doctor said Dev's iron is really low so Dev started eating fish again.").slotValue).not.toBe("vegan");
  });

  it("a pilot, a cellist, a nurse on nights, a wheelchair racer (tenth read, 2026-12-03)", () => {
    const m = (text: string) => analyzeFact(text, { subject: "Megan", saidAt: at });
    expect(m("Megan is a first officer at United, flying 737s out of Denver")).toMatchObject({ topic: "work", slot: "job", slotValue: "first officer at United" });
    expect(m("Megan upgraded to captain! finally")).toMatchObject({ topic: "work", slot: "job", slotValue: "captain" });
    expect(m("Megan is a cellist with the Seattle Symphony")).toMatchObject({ topic: "work", slot: "job", slotValue: "cellist with the Seattle Symphony" });
    // A farm is work; tinnitus is health (2026-12-03, tenth read).
    const e = (text: string) => analyzeFact(text, { subject: "Earl", saidAt: at });
    expect(e("Earl farms 600 acres of corn and soybeans outside Ames, Iowa. Third generation.").topic).toBe("work");
    expect(e("Jake's running planting this year (2025)").topic).toBe("work");
    expect(e("Earl's knee's good as new, back on the combine for harvest").topic).toBe("work");
    expect(e("Earl loves the farmers market on Saturdays").topic).not.toBe("work");
    expect(e("Earl has tinnitus so Earl avoids loud bars and concerts without earplugs").topic).toBe("health");
    // Days after nights: a shift, not a move; it ends "works nights".
    expect(m("Megan moved to days now, finally").topic).toBe("work");
    const plan = planSupersessions(
      [{ text: "Megan moved to days now, finally", slot: null, slotValue: null, negates: null, shift: factEvents("Megan moved to days now, finally", "Megan").shift, at: 2, said: 2 }],
      [
        { id: "nights", text: "Megan works nights, 3 shifts a week", slot: null, slotValue: null, negates: null, at: 1, said: 1 },
        { id: "sleep", text: "Megan's kids sleep badly at night", slot: null, slotValue: null, negates: null, at: 1, said: 1 },
      ],
    );
    expect(plan.supersedes.get(0)).toEqual(["nights"]);
    // A wheelchair race is a sport, not a need; pressure sores are.
    expect(m("Megan is training for a wheelchair half marathon in October").salience).not.toBe("safety");
    expect(m("Megan is prone to pressure sores so Megan can't sit on hard seats for long without their cushion")).toMatchObject({ topic: "health", salience: "safety" });
  });

  it("a teacher of a grade is at work; a baby born by name ends the pregnancy and is family (Nadia, eleventh read, 2026-12-03)", () => {
    const n = (text: string) => analyzeFact(text, { subject: "Nadia", saidAt: at });
    expect(n("Nadia teaches 4th grade at an elementary school in Denver")).toMatchObject({ topic: "work", slot: "job", slotValue: "4th grade at an elementary school in Denver" });
    expect(n("Nadia teaches math at a high school")).toMatchObject({ topic: "work", slot: "job" });
    expect(n("Nadia teaches kindergarten")).toMatchObject({ topic: "work", slot: "job", slotValue: "kindergarten" });
    // Teaching someone something is no job.
    expect(n("Nadia is teaching Mila to swim").slot).toBeNull();
    expect(n("Nadia teaches her son chess on Sundays").slot).toBeNull();
    // "Mila was born January 8": the user's baby (a bare name; not the user, not someone's relation).
    expect(gaveBirth("Mila was born January 8, 7 pounds 2 ounces", "Nadia")).toBe(true);
    expect(gaveBirth("She's here! Mila was born January 8", "Nadia")).toBe(true);
    expect(gaveBirth("Nadia was born in Sofia", "Nadia")).toBe(false);
    expect(gaveBirth("Nadia's niece Ava was born last week", "Nadia")).toBe(false);
    expect(gaveBirth("Mila was born in Sofia, like her grandmother", "Nadia")).toBe(false);
    // Someone who arrives, or a parent's birthday, is no birth of the user's baby.
    expect(gaveBirth("Mom arrived yesterday from Sofia", "Nadia")).toBe(false);
    expect(gaveBirth("Amazon arrived today with the crib", "Nadia")).toBe(false);
    expect(gaveBirth("Mom was born on March 3, 1956", "Nadia")).toBe(false);
    expect(n("Nadia was born on May 2, 1990 in Sofia").topic).toBe("identity");
    expect(analyzeFact("Dana manages a credit union branch in Raleigh", { subject: "Dana", saidAt: at })).toMatchObject({ topic: "work", slot: "job" });
    // A student who "studies finance" is a student, not a fact about money.
    expect(analyzeFact("Kai is a junior at Ohio State, Kai plays lacrosse and studies finance", { subject: "Kai", saidAt: at })).toMatchObject({ topic: "identity", slot: "study", slotValue: "finance" });
    // Moving to a home in a city, and being settled in one, is where the user lives.
    expect(n("Nadia is moving to a condo in Tucson in December")).toMatchObject({ slot: "residence", slotValue: "Tucson" });
    expect(n("Nadia and others are in Tucson now, the condo is lovely")).toMatchObject({ slot: "residence", slotValue: "Tucson" });
    expect(n("Nadia and others are in Paris now, the hotel is lovely").slot).toBeNull();
    expect(n("Nadia lives alone in a house in Cleveland")).toMatchObject({ slot: "residence", slotValue: "Cleveland" });
    // An ulcer healed is gone (2026-12-03, eleventh read: "Does Oskar have an ulcer?" said yes).
    expect(analyzeFact("Ulcer is healed! Doctor says Oskar can have spicy food again, in moderation", { subject: "Oskar", saidAt: at }).negates).toEqual(["ulcer"]);
    expect(analyzeFact("Oskar's wrist fracture has healed", { subject: "Oskar", saidAt: at }).negates).toEqual(["wrist", "fractur"]);
    // A condition that went away is health, no longer a need to keep her safe.
    expect(n("The gestational diabetes went away after delivery, Nadia's sugars are normal now")).toMatchObject({ topic: "health", salience: "event" });
    expect(n("The rash went away but Nadia is still allergic to penicillin").salience).toBe("safety");
    expect(n("Mila was born January 8, 7 pounds 2 ounces")).toMatchObject({ topic: "family", salience: "identity", entities: [{ name: "Mila", type: "person", relation: "baby" }] });
    const born = "Mila was born January 8, 7 pounds 2 ounces";
    const plan = planSupersessions(
      [{ text: born, slot: null, slotValue: null, negates: null, endsPregnancy: factEvents(born, "Nadia").endsPregnancy ? { subject: "Nadia" } : null, at: 2, said: 2 }],
      [{ id: "p", text: "Nadia is 24 weeks pregnant with their first, due January 10", slot: null, slotValue: null, negates: null, at: 1, said: 1 }],
    );
    expect(plan.supersedes.get(0)).toEqual(["p"]);
  });

  it("a pet the user got and named is their pet; a feeling reads with what caused it (Tomás, eleventh read, 2026-12-03)", () => {
    const t = (text: string) => analyzeFact(text, { subject: "Tomás", saidAt: at });
    expect(t("Tomás adopted a kitten, named him Pip").entities).toEqual([{ name: "Pip", type: "pet", relation: "kitten" }]);
    expect(t("Tomás got a puppy, called her Luna").entities).toEqual([{ name: "Luna", type: "pet", relation: "puppy" }]);
    expect(t("Tomás adopted a kitten from the shelter").entities).toEqual([]);
    const f = (text: string): ModelFact => ({ id: "m", text, topic: "events", salience: "event", status: "current", entities: [], sourceIds: ["m"], validFrom: null, validTo: null, saidAt: "2025-07-22T10:00:00.000Z", supersededBy: null, updatedAt: "2025-07-22T10:00:00.000Z" });
    expect(summarySentence(f("Mishka died last week (week of 14 July 2025). Kidney failure. Tomás is pretty wrecked"), "Tomás")).toBe("Mishka died in the week of 14 July 2025. Kidney failure. Tomás is pretty wrecked.");
    // The sentence about the user, not a neighbour, when it says more than a feeling.
    expect(summarySentence(f("Boston was great. Tomás went to the aquarium with Inês"), "Tomás")).toBe("Tomás went to the aquarium with Inês.");
  });

  it("a last round of chemo ends what was said of the chemo, not the diagnosis nor a request (Dana, eleventh read)", () => {
    const d = (text: string) => analyzeFact(text, { subject: "Dana", saidAt: at });
    expect(d("Dana finished their last round of chemo!!").negates).toEqual(["chemo"]);
    expect(d("Dana completed radiation").negates).toEqual(["radiation"]);
    expect(d("Dana finished the book").negates).toBeNull();
    expect(d("Dana is in remission!").topic).toBe("health");
    const fact = (id: string, text: string) => ({ id, text, slot: null, slotValue: null, negates: null, at: 1, said: 1 });
    const done = "Dana finished their last round of chemo!!";
    const plan = planSupersessions(
      [{ text: done, slot: null, slotValue: null, negates: d(done).negates, at: 2, said: 2 }],
      [
        fact("brutal", "Chemo is brutal. Dana lost their hair, lost their appetite, everything tastes like metal"),
        fact("diagnosis", "Dana was just diagnosed with breast cancer, stage 2. Starting chemo next Monday (10 March 2025)"),
        fact("crowds", "Dana's immune system will be weak during chemo, so Dana asks not to suggest crowded places or anything with sick people around"),
      ],
    );
    expect(plan.supersedes.get(0)).toEqual(["brutal"]);
  });

  it("a move in with someone is where the user lives; 'no more' ends what it names (Greta, twelfth read, 2026-12-03)", () => {
    const g = (text: string) => analyzeFact(text, { subject: "Greta", saidAt: at });
    // "Where does Greta live?" answered Minneapolis after she moved in with her daughter in Seattle.
    expect(g("Greta sold their house and moved in with Ingrid in Seattle. Bjorn came too")).toMatchObject({ slot: "residence", slotValue: "Seattle" });
    expect(g("Greta moved in with their daughter in Portland")).toMatchObject({ slot: "residence", slotValue: "Portland" });
    expect(g("Greta's son moved in with his girlfriend in Boston").slot).toBeNull();
    // "Is Greta using a walker?" stayed yes (and in the Safety part) after "No more walker".
    // The walker itself (the word, not its stem "walk": "Greta walks the dog" goes on).
    expect(g("No more walker, Greta is walking on their own again").negates).toEqual(["=walker"]);
    expect(g("Greta walked two miles, no more than usual").negates).toBeNull();
    const fact = (id: string, text: string) => ({ id, text, slot: null, slotValue: null, negates: null, at: 1, said: 1 });
    const done = "No more walker, Greta is walking on their own again";
    const plan = planSupersessions([{ text: done, slot: null, slotValue: null, negates: g(done).negates, at: 2, said: 2 }], [fact("walker", "Greta is using a walker for now"), fact("dog", "Greta adopted a dog! A corgi named Bjorn")]);
    expect(plan.supersedes.get(0)).toEqual(["walker"]);
  });

  it("a business sold ends the job of owning it; one started, and a role with its own adjective, are the job (Sun-hee, Omar, twelfth read)", () => {
    const s = (text: string) => analyzeFact(text, { subject: "Sun-hee", saidAt: at });
    const o = (text: string) => analyzeFact(text, { subject: "Omar", saidAt: at });
    // "Does Sun-hee own a restaurant?" and the summary said yes after "We sold the restaurant".
    expect(s("Sun-hee and others sold the restaurant. Too many hours")).toMatchObject({ slot: "job", slotValue: "no job" });
    expect(s("Sun-hee sold their bakery last spring")).toMatchObject({ slot: "job", slotValue: "no job" });
    expect(s("Sun-hee sold the car").slot).toBeNull();
    expect(s("Sun-hee is starting a food truck instead, bibimbap bowls")).toMatchObject({ slot: "job", slotValue: "food truck" });
    // "Where does Omar work?" answered with the layoff, not the firm he started.
    expect(o("Omar started their own consulting firm, Haddad Structural, first client signed")).toMatchObject({ slot: "job", slotValue: "consulting firm" });
    expect(o("Omar started the bar exam prep course").slot).toBeNull();
    expect(o("Omar started a new barbecue tradition").slot).toBeNull();
    // "Omar is a structural engineer at Boeing" was no job.
    expect(o("Omar is a structural engineer at Boeing in Seattle")).toMatchObject({ slot: "job", slotValue: "structural engineer at Boeing" });
    expect(o("Omar is a former teacher").slotValue).not.toBe("former teacher");
  });

  it("a recurring thing moved to other days ends the days said before, not a fact that says more (Ngozi, eleventh read)", () => {
    const moved = "New semester, clinicals moved to Mondays and Wednesdays";
    expect(factEvents(moved, "Ngozi").reschedule).toEqual({ thing: "clinicals", days: ["monday", "wednesday"] });
    const g = (text: string) => analyzeFact(text, { subject: "Ngozi", saidAt: at });
    expect(g(moved).topic).toBe("schedule");
    expect(g("The bar mitzvah moved to November 8 because the hall had a conflict").topic).toBe("schedule");
    expect(g("Ngozi moved to Boston last year").topic).toBe("identity");
    // A new job said after a comma of the user's own sentence; not someone else's.
    expect(g("Ngozi quit the cafe, got a job as a CNA at the hospital on Saturday nights")).toMatchObject({ topic: "work", slot: "job" });
    expect(g("Ngozi's sister quit, got a job as a nurse").slot).toBeNull();
    // For a while only, it ends nothing: the days come back.
    expect(factEvents("Therapy moved to thursdays at 5 for the summer", "Sophie").reschedule).toBeNull();
    expect(factEvents("Ngozi moved to Boston on Monday", "Ngozi").reschedule).toBeNull();
    const fact = (id: string, text: string) => ({ id, text, slot: null, slotValue: null, negates: null, at: 1, said: 1 });
    const plan = planSupersessions(
      [{ text: moved, slot: null, slotValue: null, negates: null, reschedule: factEvents(moved, "Ngozi").reschedule, at: 2, said: 2 }],
      [
        fact("old", "Clinicals are Tuesdays and Thursdays 7am to 3pm, so don't schedule anything then"),
        fact("named", "Clinicals on Tuesdays with Dr. Okafor as preceptor"),
        fact("other", "Ngozi works weekends at a cafe on campus"),
      ],
    );
    expect(plan.supersedes.get(0)).toEqual(["old"]);
  });

  it("a relative's death ends what was said of them as 'their mother' (Maricel, tenth read)", () => {
    const fact = (id: string, text: string, at: number) => ({ id, text, slot: null, slotValue: null, negates: null, at, said: at });
    const died = "Maricel's mother passed away in August.";
    const plan = planSupersessions(
      [{ ...fact("x", died, 5), died: factEvents(died, "Maricel").died }],
      [
        fact("money", "Maricel sends money home every month to their mother in Cebu, she has diabetes", 1),
        fact("sister", "Maricel's sister Joy is visiting in July for two weeks", 1),
        fact("own", "Maricel is allergic to shellfish, found out the hard way at a work party", 1),
      ],
    );
    expect(plan.supersedes.get(0)).toEqual(["money"]);
  });

  it("a new one of a role held one at a time ends the old: a service dog, a therapist; a new dog joins the old one", () => {
    const fact = (id: string, text: string, at: number) => ({ id, text, slot: null, slotValue: null, negates: null, at, said: at });
    const newOne = (text: string) => ({ ...fact("x", text, 5), newRole: factEvents(text, "Jordan").newRole });
    const olds = [
      fact("biscuit", "Jordan's service dog is a lab named Biscuit", 1),
      fact("kim", "Jordan's therapist is Dr. Kim, Tuesdays at 4", 1),
      fact("luna", "Jordan's dog Luna has epilepsy, she takes phenobarbital twice a day", 1),
    ];
    expect(planSupersessions([newOne("Biscuit retired, he's 10 now. Jordan's new service dog is Juniper")], olds).supersedes.get(0)).toEqual(["biscuit"]);
    expect(planSupersessions([newOne("Jordan's new therapist is Dr. Lee")], olds).supersedes.get(0)).toEqual(["kim"]);
    expect(planSupersessions([newOne("Jordan's new dog is Otis, a rescue")], olds).supersedes.get(0)).toBeUndefined();
    // A fact where the old holder is one of two who do something says more than the role: it stays
    // (a regression found by reading Sophie's life again: her cat was retired with her roommate).
    const shared = [fact("pickle", "Jordan's roommate Priya and Jordan have a cat named Pickle", 1), fact("priya", "Jordan's roommate is Priya, a nurse", 1)];
    expect(planSupersessions([newOne("Priya moved out, Jordan's new roommate is Grace")], shared).supersedes.get(0)).toEqual(["priya"]);
  });

  it("ADHD meds are a medication; a job quit ends a job held at a coffee shop", () => {
    const u = (text: string) => analyzeFact(text, { subject: null, saidAt: at });
    expect(u("User's adhd meds help a lot, the user takes adderall in the mornings.")).toMatchObject({ topic: "health", salience: "safety" });
    expect(u("User works part time at a coffee shop on guadalupe st, like 15 hrs a week")).toMatchObject({ slot: "job" });
    expect(u("User quit the coffee shop job to focus on spanish classes")).toMatchObject({ slot: "job", slotValue: "no job" });
    // Being a student is who they are (not a job a quit job would end); a double major is one value.
    expect(u("User is a sophomore at UT Austin, double majoring in econ and stats")).toMatchObject({ topic: "identity", salience: "identity", slot: "study", slotValue: "econ and stats" });
  });

  it("files a freelancer's work as work: a contract and a retainer with 'Halcyon Health', a day rate", () => {
    const sam = (text: string) => analyzeFact(text, { subject: "Sam", saidAt: at });
    expect(sam("Verdant's contract ended in August. Sam signed a new retainer with Halcyon Health starting this month (September 2025).").topic).toBe("work");
    expect(sam("Sam raised their day rate to 650 euros.").topic).toBe("work");
    expect(sam("Sam works 9 to 5 Lisbon time, Monday to Thursday.").topic).toBe("schedule");
    // "a … designer based in Lisbon" says where they live.
    expect(sam("Sam is a freelance brand designer based in Lisbon, mostly working with early-stage startups.")).toMatchObject({ slot: "residence", slotValue: "Lisbon" });
  });

  it("a late husband or wife makes the user widowed", () => {
    const ruth = (text: string) => analyzeFact(text, { subject: "Ruth", saidAt: at });
    expect(ruth("Ruth's late husband Harold would have loved to see it. He passed in 2021.")).toMatchObject({ slot: "relationship", slotValue: "widowed" });
    expect(ruth("Ruth's husband Harold passed away in 2021.")).toMatchObject({ slot: "relationship", slotValue: "widowed" });
    expect(ruth("Ruth's husband Harold loves golf.").slot).toBeNull();
    expect(ruth("Ruth's friend's husband passed away.").slot).toBeNull();
  });

  it("knows when a fact holds: the resolved date in it, else when it was said", () => {
    expect(analyze("Ash moved to Austin last month (October 2025).").validFrom.toISOString()).toBe("2025-10-01T00:00:00.000Z");
    expect(analyze("Ash ran a race on Saturday (weekend of 8 November 2025).").validFrom.toISOString()).toBe("2025-11-08T00:00:00.000Z");
    expect(analyze("Ash loves tea.").validFrom).toEqual(at);
  });
});

describe("supersession", () => {
  const fact = (text: string, slot: "residence" | "job" | null, slotValue: string | null, day: number, negates: string[] | null = null) => ({
    text,
    slot,
    slotValue,
    negates,
    at: Date.UTC(2025, 0, day),
    said: Date.UTC(2025, 0, day),
  });

  it("a newer fact of the same slot supersedes the older one; the same value does not", () => {
    expect(analyze("Lena left St. Luke's and joined a travel nursing agency.", "Lena")).toMatchObject({ slot: "job", topic: "work" });
    // Dating, then engaged: each the relationship of its time.
    expect(analyze("Lena started dating someone, his name is Marcus. He's a chef.", "Lena")).toMatchObject({ slot: "relationship", slotValue: "dating" });
    expect(analyze("Marcus and Lena got engaged last weekend (weekend of 1 November 2025)!", "Lena")).toMatchObject({ slot: "relationship", slotValue: "engaged" });
    const old = { id: "mem_old", ...fact("Ash lives in San Francisco.", "residence", "San Francisco", 1) };
    const plan = planSupersessions([fact("Ash moved to Austin.", "residence", "Austin", 20), fact("Ash lives in Austin.", "residence", "Austin", 21)], [old]);
    expect(plan.supersedes.get(0)).toEqual(["mem_old"]);
    expect(plan.supersedes.get(1)).toEqual(["mem_old"]);
    expect(plan.supersededBy.size).toBe(0);
  });

  it("older history that arrives late is stored as superseded by the newer fact", () => {
    const newer = { id: "mem_new", ...fact("Ash lives in Austin.", "residence", "Austin", 20) };
    const plan = planSupersessions([fact("Ash lives in San Francisco.", "residence", "San Francisco", 1)], [newer]);
    expect(plan.supersededBy.get(0)).toEqual({ id: "mem_new" });
  });

  it("a negation supersedes the statement it negates, not unrelated facts", () => {
    const coffee = { id: "mem_coffee", ...fact("Ash drinks coffee every morning.", null, null, 1) };
    const met = { id: "mem_met", ...fact("Ash met Jo for coffee.", null, null, 2) };
    const plan = planSupersessions([fact("Ash no longer drinks coffee.", null, null, 30, ["drink", "coffe"])], [coffee, met]);
    expect(plan.supersedes.get(0)).toEqual(["mem_coffee"]);
  });
});

describe("third person, without leftovers", () => {
  it.each([
    ["We're closing our seed round next week.", "Ash and team are closing their seed round next week."],
    ["Our daughter Sofia has celiac disease, so we eat gluten-free at home.", "Ash's daughter Sofia has celiac disease, so Ash and family eat gluten-free at home."],
    ["We went camping with the kids.", "Ash and family went camping with the kids."],
    ["My cofounder Sarah Chen runs engineering and we talk every day.", "Ash's cofounder Sarah Chen runs engineering and Ash and Sarah talk every day."],
    ["I'm allergic to shellfish, so please never book seafood places.", "Ash is allergic to shellfish, so Ash asks never to book seafood places."],
    ["Please don't send me long emails, bullet points are fine.", "Ash asks not to send them long emails, bullet points are fine."],
    ["I met my sister Lena in Berlin and we went to a gallery.", "Ash met their sister Lena in Berlin and Ash and Lena went to a gallery."],
  ])("%s → %s", (input, expected) => {
    expect(toThirdPerson(input, { name: "Ash" })).toBe(expected);
  });

  it("turns standing requests into preferences and drops one-off tasks", () => {
    expect(requestToFact("Please keep emails to three sentences.", { name: "Ash" })).toBe("Ash asks to keep emails to three sentences.");
    expect(requestToFact("Don't call me before 10am.", { name: "Ash" })).toBe("Ash asks not to call them before 10am.");
    expect(requestToFact("Please book a table for Friday.", { name: "Ash" })).toBeNull();
    expect(requestToFact("I love sushi.", { name: "Ash" })).toBeUndefined();
  });

  it("drops the name of the person addressed at a sentence's end, never a place or a named relation", async () => {
    const T = new Date("2025-09-02T18:00:00Z");
    const facts = await createOfflineExtractor().extract({
      userName: "Jon Park",
      context: [],
      messages: [
        { id: "a1", role: "assistant", content: "How's the studio going?", timestamp: T },
        { id: "u1", role: "user", content: "I'm getting there, Gina. I found a space near the river, Gina! We moved to Portland, Oregon. I had lunch with my mentor, Sam.", timestamp: T },
      ],
    });
    const texts = facts.filter((f) => f.kind !== "remark").map((f) => f.text).join(" ");
    expect(texts).not.toMatch(/Gina/);
    expect(texts).toMatch(/found a space near the river/);
    expect(texts).toMatch(/Portland, Oregon/);
    expect(texts).toMatch(/mentor, Sam/);
  });

  it("what the user says about the other person is a remark, even with 'I' or 'me' in it", async () => {
    const T = new Date("2025-09-02T18:00:00Z");
    const facts = await createOfflineExtractor().extract({
      userName: "Ash Lewis",
      context: [],
      messages: [
        { id: "a1", role: "assistant", content: "I'm sorry you had a rough week.", timestamp: T },
        { id: "u1", role: "user", content: "I'm always here for you. You've always been there for me. You know I'm allergic to peanuts, right? I started a pottery class last week. Your kitchen should know I'm allergic to shellfish.", timestamp: T },
      ],
    });
    const own = facts.filter((f) => f.kind !== "remark").map((f) => f.text).join(" ");
    const remarks = facts.filter((f) => f.kind === "remark").map((f) => f.text).join(" ");
    expect(remarks).toMatch(/here for you/);
    expect(remarks).toMatch(/been there for/);
    expect(own).toMatch(/allergic to peanuts/);
    expect(own).toMatch(/pottery class/);
    expect(own).toMatch(/allergic to shellfish/);
    expect(own).not.toMatch(/here for you|been there for/);
  });

  it("extracts statements about the user only: questions and remarks about the other person are remarks", async () => {
    const T = new Date("2025-09-02T18:00:00Z");
    const facts = await createOfflineExtractor().extract({
      userName: "Ash Lewis",
      context: [],
      messages: [
        { id: "a1", role: "assistant", content: "Tell me about yourself?", timestamp: T },
        { id: "u1", role: "user", content: "Hi! I'm Ash. I live in San Francisco and I'm the CEO of a startup. You're so helpful! Can you book a table for Friday?", timestamp: T },
        { id: "u2", role: "user", content: "Cilantro? It tastes like soap to me.", timestamp: T },
      ],
    });
    const facts_ = facts.filter((f) => f.kind !== "remark").map((f) => f.text);
    expect(facts_).toEqual(["Ash lives in San Francisco.", "Ash is the CEO of a startup.", "Cilantro: it tastes like soap to Ash."]);
    expect(facts.filter((f) => f.kind === "remark").map((f) => f.text)).toEqual(["You're so helpful! Can you book a table for Friday?"]);
    for (const f of facts_) expect(hasPersonLeftovers(f), f).toBe(false);
  });

  it("flags first- and second-person leftovers outside quotes", () => {
    expect(hasPersonLeftovers("We're closing our seed round.")).toBe(true);
    expect(hasPersonLeftovers("Ash says you are great.")).toBe(true);
    expect(hasPersonLeftovers('Ash said "I love it".')).toBe(false);
    expect(hasPersonLeftovers("Ash loves sushi.")).toBe(false);
    // In what the user asks of the agent, "you" is the agent the summary is written for.
    expect(hasPersonLeftovers("Jordan asks to always check step-free access when you suggest places.")).toBe(false);
    expect(hasPersonLeftovers("Jordan asks to send me the list.")).toBe(true);
    expect(hasPersonLeftovers("Jordan told you so, and Jordan asks to check access.")).toBe(true);
  });
});

describe("summary assembly", () => {
  const parts: SummaryPart[] = [
    { text: "Ash Lewis, Founder at Loomly.", priority: 0 },
    { text: "Ash moved from San Francisco to Austin in October 2025.", priority: 1 },
    {
      text: "Ash is severely allergic to peanuts, Ash carries an EpiPen and avoids all Thai satay sauces at restaurants.",
      group: "Safety",
      priority: 1,
      required: true,
      ...compactSafety("Ash is severely allergic to peanuts, Ash carries an EpiPen and avoids all Thai satay sauces at restaurants."),
    },
    {
      text: "Ash's daughter Sofia has celiac disease, so anything ordered for her has to be strictly gluten-free.",
      group: "Safety",
      priority: 1,
      required: true,
      ...compactSafety("Ash's daughter Sofia has celiac disease, so anything ordered for her has to be strictly gluten-free."),
    },
    { text: "Ash had a port-wine tasting on the weekend of 13 September 2025 and it was lovely.", group: "Food & preferences", priority: 30 },
    { text: "Ash loves sushi and Thai food.", group: "Food & preferences", priority: 10 },
  ];

  it.each([200, 230, 500])("keeps every safety-critical fact at max_chars %i, within the limit", (max) => {
    const s = assembleSummary(parts, max);
    expect(s.length).toBeLessThanOrEqual(max);
    expect(s).toMatch(/allergic to peanuts/);
    expect(s).toMatch(/celiac/);
  });

  it("keeps the order of the parts and introduces each group once", () => {
    const s = assembleSummary(parts, 500);
    expect(s.indexOf("Safety:")).toBeLessThan(s.indexOf("Food & preferences:"));
    expect(s.match(/Safety:/g)).toHaveLength(1);
    expect(s).toMatch(/sushi/);
  });

  it("answers an age question with the age, a plans question with the plan (a restaurant owner: 2026-12-02)", () => {
    const marco = (question: string, texts: string[]) => {
      const q = parseQuestion(question, "Marco");
      const candidates: Candidate[] = texts.map((text, i) => ({ id: `mem_${i}`, kind: "fact", source: "memory", score: 0.9 - i * 0.05, text, sourceIds: [`m${i}`] }));
      return composeFromPieces(q, rankPieces(q, candidates, "Marco", question), "Marco")?.answer ?? "";
    };
    const kids = ["Marco is divorced, their kids Luca and Gianna are with Marco every other weekend.", "Gianna wants to be a chef like Marco.", "Luca is 12, Gianna is 9."];
    expect(marco("How old is Gianna?", kids).split(/(?<=\.)\s/)[0]).toMatch(/Gianna is 9/);
    const plans = ["Asked \"What can I help you with?\", Marco said: Menu planning mostly.", "Marco is allergic to shellfish.", "Marco is thinking about opening a second location in Somerville next year (2026)."];
    expect(marco("What are Marco's plans?", plans)).toMatch(/^Marco is thinking about opening a second location/);
    expect(analyzeFact("Marco owns a small trattoria in Boston's North End called Nonna's Table.", { subject: "Marco", saidAt: at })).toMatchObject({ slot: "job", topic: "work" });
    expect(analyzeFact("Frank runs a landscaping company, Miller Lawn & Garden, 6 guys on their crew.", { subject: "Frank", saidAt: at })).toMatchObject({ slot: "job", salience: "identity" });
    expect(analyzeFact("Marco is thinking about opening a second location in Somerville next year (2026).", { subject: "Marco", saidAt: at }).topic).toBe("goals");
    // "Menu planning" is no plan of the user's.
    expect(analyzeFact('Asked "What can I help you with?", Marco said: Menu planning mostly.', { subject: "Marco", saidAt: at }).topic).not.toBe("goals");
  });

  it("answers a question about the present with what changed last: a wedding moved to a new date", () => {
    const q = parseQuestion("When is Priya's wedding?", "Priya");
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.9, text: "Priya and family are getting married! Wedding is June 14 in Lisbon.", sourceIds: ["m1"], saidAt: "2025-01-20T18:00:00.000Z" },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.8, text: "Change of plans, the venue double booked Priya and others. Wedding moved to September 20.", sourceIds: ["m2"], saidAt: "2025-03-08T18:00:00.000Z" },
    ];
    expect(composeFromPieces(q, rankPieces(q, candidates, "Priya", "When is Priya's wedding?"), "Priya")?.answer).toMatch(/^Wedding moved to September 20/);
  });

  it("answers when someone works or can be messaged with hours, pregnancy with 'expecting', another's job with their role (a pharmacist on nights: 2026-12-02)", () => {
    const omar = (question: string, texts: string[]) => {
      const q = parseQuestion(question, "Omar");
      const candidates: Candidate[] = texts.map((text, i) => ({ id: `mem_${i}`, kind: "fact", source: "memory", score: 0.9 - i * 0.05, text, sourceIds: [`m${i}`] }));
      return composeFromPieces(q, rankPieces(q, candidates, "Omar", question), "Omar")?.answer ?? "";
    };
    const facts = [
      "Leila and Omar are expecting their second baby in December!",
      "Omar's wife Leila is a dentist and Omar and Leila have a son, Yusuf, he's 4",
      "Omar switched to night shifts at the pharmacy, 10pm to 6am, better pay",
      "Omar sleeps 8am to 2pm now",
    ];
    expect(parseQuestion("When does Omar work?", "Omar").type).not.toBe("when");
    expect(omar("When does Omar work?", facts)).toMatch(/^Omar switched to night shifts at the pharmacy, 10pm to 6am/);
    expect(parseQuestion("When does Maya have practice?", "Maya").availability).toBe(true);
    expect(analyzeFact("Maya's endo upped Maya's basal rate because of training load", { subject: "Maya", saidAt: at }).salience).toBe("safety");
    expect(omar("When can I message Omar?", facts)).toMatch(/10pm to 6am|8am to 2pm/);
    expect(omar("Is Omar's wife pregnant?", facts)).toMatch(/^Leila and Omar are expecting/);
    expect(omar("What does Leila do?", facts)).toMatch(/^Omar's wife Leila is a dentist/);
  });

  it("a fragment that replied to a remark (no question) never reads as if it had been asked", () => {
    const fact = { id: "mem_1", text: 'Replying to "Pickles is a great name!", Jordan said: 1 year sober next month.', topic: "events", salience: "event", status: "current", entities: [], sourceIds: ["m1"], validFrom: null, validTo: null, saidAt: null, supersededBy: null, updatedAt: "" } as const;
    expect(summarySentence({ ...fact, entities: [], sourceIds: ["m1"] }, "Jordan") ?? "").not.toMatch(/^Asked/);
    const q = parseQuestion("How long has Jordan been sober?", "Jordan");
    const candidates: Candidate[] = [{ id: "mem_1", kind: "fact", source: "memory", score: 0.9, text: fact.text, sourceIds: ["m1"] }];
    expect(composeFromPieces(q, rankPieces(q, candidates, "Jordan", "How long has Jordan been sober?"), "Jordan")?.answer ?? "").not.toMatch(/Asked "Pickles/);
  });

  it("the shortest safety form is a clause of the fact", () => {
    expect(compactSafety('Asked "Any restrictions?", Ash said: yes, this is important: I mean, Ash is severely allergic to peanuts, Ash carries an EpiPen.').minimal).toBe(
      "Ash is severely allergic to peanuts.",
    );
    expect(stripLeadIn("yes, this is important: Ash is allergic to nuts")).toBe("Ash is allergic to nuts");
    expect(stripLeadIn("yes please. Dev's son Arjun is allergic to peanuts")).toBe("Dev's son Arjun is allergic to peanuts");
    expect(stripLeadIn("Note that Maya is severely allergic to shellfish.")).toBe("Maya is severely allergic to shellfish.");
    expect(stripLeadIn("Just so you know, Dev doesn't eat pork.")).toBe("Dev doesn't eat pork.");
    expect(stripLeadIn("Cilantro: it tastes like soap to Ash.")).toBe("Cilantro: it tastes like soap to Ash.");
    // "No" as a word of the statement, not a reply: stripping it says the opposite.
    expect(stripLeadIn("No grapefruit and Giorgos must be careful with green vegetables.")).toBe("No grapefruit and Giorgos must be careful with green vegetables.");
    expect(stripLeadIn("no calls after 8pm please")).toBe("No calls after 8pm please");
    expect(stripLeadIn("No, Ash doesn't drink.")).toBe("Ash doesn't drink.");
    expect(stripLeadIn("Nope. Ash doesn't drink.")).toBe("Ash doesn't drink.");
  });
});

describe("the name a user asked for", () => {
  it("is the user's own, not someone's in their life", () => {
    const f = (text: string) => ({ text, status: "current" as const, validFrom: "2025-05-10T00:00:00.000Z" });
    expect(preferredFirstName([f("Alexandra goes by Alex now, and their pronouns are they/them.")], "Alexandra")).toBe("Alex");
    expect(preferredFirstName([f("Alexandra's daughter goes by Bee.")], "Alexandra")).toBeNull();
    expect(preferredFirstName([f("Alexandra's partner Jess asks to be called Jay.")], "Alexandra")).toBeNull();
    const named = withPreferredName([f("Alexandra goes by Alex now."), f("Alexandra is a chemistry teacher.")], "Alexandra Chen", "Alexandra");
    expect(named.name).toBe("Alex Chen");
    expect(named.facts.map((x) => x.text)).toEqual(["Alex goes by Alex now.", "Alex is a chemistry teacher."]);
  });

  it("flags the name trait the user's own words contradict, next to the timezone", () => {
    const fact = (id: string, text: string): ModelFact => ({
      id, text, topic: "identity", salience: "identity", status: "current", entities: [], sourceIds: [],
      validFrom: "2025-05-10T00:00:00.000Z", validTo: null, saidAt: "2025-05-10T00:00:00.000Z", supersededBy: null, updatedAt: "2025-05-10T00:00:00.000Z",
    });
    const facts = [fact("m1", "Alexandra goes by Alex now, and their pronouns are they/them."), fact("m2", "Alexandra moved to Chicago.")];
    const flags = traitFlags({ traits: { name: "Alexandra Chen", timezone: "America/Los_Angeles" } }, facts, "Alexandra");
    expect(flags).toEqual([
      expect.objectContaining({ trait: "timezone", suggested: "America/Chicago" }),
      { trait: "name", value: "Alexandra Chen", suggested: "Alex Chen", factId: "m1", reason: "The user asked to be called Alex; the name trait Alexandra Chen predates that." },
    ]);
    // Someone else's name, or a name already in the trait, flags nothing.
    expect(traitFlags({ traits: { name: "Alexandra Chen" } }, [fact("m3", "Alexandra's daughter goes by Bee.")], "Alexandra")).toEqual([]);
    expect(traitFlags({ traits: { name: "Alex Chen" } }, [fact("m4", "Alex goes by Alex at work.")], "Alex")).toEqual([]);
  });
});

describe("a bakery owner (2026-12-02)", () => {
  const rosa = (question: string, texts: [string, number][]) => {
    const q = parseQuestion(question, "Rosa");
    const candidates: Candidate[] = texts.map(([text, score], i) => ({ id: `mem_${i}`, kind: "fact", source: "memory", score, text, sourceIds: [`m${i}`] }));
    return composeFromPieces(q, rankPieces(q, candidates, "Rosa", question), "Rosa")?.answer ?? "";
  };
  it("answers a question about restrictions with the safety facts, however low they rank", () => {
    const facts: [string, number][] = [
      ["Rosa's head baker is Luis, he's been with Rosa 8 years.", 0.6],
      ["Rosa hired Mei as head baker, she starts Monday.", 0.55],
      ["Rosa and others do a lot of gluten-free stuff because Rosa is celiac themselves.", 0.2],
    ];
    expect(rosa("What dietary restrictions does Rosa have?", facts)).toMatch(/^Rosa and others do a lot of gluten-free stuff because Rosa is celiac/);
    expect(rosa("What dietary restrictions does Rosa have?", facts)).not.toMatch(/Luis|Mei/);
  });
});

describe("people", () => {
  it("describes a person with the sentence of a fact that names them", () => {
    const fact: Candidate = { id: "m1", kind: "fact", source: "memory", score: 1, text: "Hannah is a new mom. Hannah's daughter Mila was born on January 9th.", sourceIds: ["a"] };
    const composed = composePeople([{ name: "Mila", relation: "daughter", facts: [fact] }], "Hannah");
    expect(composed!.answer).toBe("- Mila (daughter): was born on January 9th");
  });
});

describe("questions", () => {
  it("tells a question's kind, what it is about, and whether it asks about the past", () => {
    expect(parseQuestion("Is Lena in a relationship?", "Lena").slot).toBe("relationship");
    expect(parseQuestion("Is Lena seeing anyone?", "Lena").slot).toBe("relationship");
    expect(parseQuestion("Where does the user live now?", "Ash")).toMatchObject({ type: "where", slot: "residence", past: false });
    // "When is the restaurant closed?" asks for hours, not what to eat.
    expect(parseQuestion("When is the restaurant closed?", "Marco").food).toBe(false);
    expect(parseQuestion("Which restaurant should I book for Marco?", "Marco").food).toBe(true);
    // Another person named: their job, not the user's.
    expect(parseQuestion("What does Sam do?", "Amara").slot).toBeNull();
    expect(parseQuestion("What does Amara do?", "Amara").slot).toBe("job");
    expect(parseQuestion("Where does Amara live in Georgia?", "Amara").slot).toBe("residence");
    expect(parseQuestion("Where did the user live before?", "Ash")).toMatchObject({ slot: "residence", past: true });
    expect(parseQuestion("What does the user do for work?", "Ash")).toMatchObject({ slot: "job", relation: null });
    expect(parseQuestion("What does the user's husband do for work?", "Ash")).toMatchObject({ slot: null, relation: "husband" });
    expect(parseQuestion("Who are the most important people in the user's professional network?", "Ash")).toMatchObject({ type: "who", list: true, people: "work" });
    expect(parseQuestion("When did Ash lose their job?", "Ash")).toMatchObject({ type: "when", slot: null, past: true });
    expect(parseQuestion("Does the user have any allergies?", "Ash").safety).toBe(true);
  });

  it("reads a name with an accent as one name (Andrés, Tomás, José: eleventh read)", () => {
    expect(parseQuestion("What does Andrés do for work?", "Andrés").slot).toBe("job");
    expect(parseQuestion("Where does Tomás live?", "Tomás").slot).toBe("residence");
    expect(parseQuestion("Is José allergic to anything?", "José").aboutUser).toBe(true);
    expect(parseQuestion("Is Élodie allergic to anything?", "Élodie").aboutUser).toBe(true);
    // Someone else is still someone else.
    expect(parseQuestion("What does Valentina do for work?", "Andrés").slot).toBeNull();
    // What of theirs is asked about: a piece naming it is about them too ("The bar mitzvah moved …").
    expect(parseQuestion("When is Eli's bar mitzvah?", "Miriam")).toMatchObject({ asksOf: "Eli", asksOfThing: "bar mitzvah" });
    expect(parseQuestion("What is Gina's store called?", "Jon")).toMatchObject({ asksOf: "Gina", asksOfThing: "store" });
  });

  it("writes resolved relative dates as dates", () => {
    expect(absoluteDates("Ash went yesterday (7 May 2023).")).toBe("Ash went on 7 May 2023.");
    expect(absoluteDates("Yesterday (7 May 2023) Ash went.")).toBe("On 7 May 2023 Ash went.");
    expect(absoluteDates("last year (2022) and next month (June 2023)")).toBe("in 2022 and in June 2023");
    // After "as of", "of", "before" … the date stands alone (2026-12-02, eighth read).
    expect(absoluteDates("Marcus is 3 years sober as of this month (January 2025).")).toBe("Marcus is 3 years sober as of January 2025.");
    expect(absoluteDates("due at the end of this month (May 2025)")).toBe("due at the end of May 2025");
    expect(absoluteDates("Ash moved before last year (2022).")).toBe("Ash moved before 2022.");
    expect(absoluteDates("last Saturday (20 May 2023)")).toBe("on Saturday 20 May 2023");
    expect(absoluteDates("last week (week of 29 May 2023)")).toBe("in the week of 29 May 2023");
    // What comes before the phrase stays: "passed away", "deferring to".
    expect(absoluteDates("Eleni passed away two years ago (around 2023).")).toBe("Eleni passed away around 2023.");
    expect(absoluteDates("Dev is deferring to next year (2026).")).toBe("Dev is deferring to 2026.");
    expect(absoluteDates("Ash moved here a few months ago (around June 2023).")).toBe("Ash moved here around June 2023.");
  });

  it("a name with regular-expression characters is a name, not a pattern", () => {
    for (const name of ["');", "A.J.", "(Kim)", "Zoë-[x]"]) {
      const q = parseQuestion(`What does ${name}'s husband do for work?`, name);
      if (name === "A.J.") expect(q.relation).toBe("husband");
      const candidates: Candidate[] = [{ id: "mem_1", kind: "fact", source: "memory", score: 0.9, text: `${name}'s husband works as a dentist.`, sourceIds: ["m1"] }];
      expect(composeFromPieces(q, rankPieces(q, candidates, name, "What does the husband do?"), name)?.answer).toMatch(/dentist/);
      const fact = { id: "mem_1", text: `${name} loves sushi.`, topic: "food", salience: "preference", status: "current", entities: [], sourceIds: ["m1"], validFrom: null, validTo: null, saidAt: null, supersededBy: null, updatedAt: "" } as const;
      expect(summarySentence({ ...fact, entities: [], sourceIds: ["m1"] }, name)).toBe(`${name} loves sushi.`);
    }
  });

  it("a question that names a day prefers what was said on that day", () => {
    expect(parseQuestion("What did Ash say on May 23, 2023?", "Ash").days).toEqual(["2023-05-23"]);
    expect(parseQuestion("What happened on the 4th of July?", "Ash").days).toEqual(["07-04"]);
    const question = "What did Ash get accepted for on May 23, 2023?";
    const q = parseQuestion(question, "Ash");
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.8, text: "Ash got accepted for a design course.", sourceIds: ["m1"], saidAt: "2023-02-01T10:00:00.000Z" },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.8, text: "Ash just got accepted for a fashion internship.", sourceIds: ["m2"], saidAt: "2023-05-23T10:00:00.000Z" },
    ];
    expect(rankPieces(q, candidates, "Ash", question)[0]!.candidate.id).toBe("mem_2");
  });

  it("answers a who-question with a name when a nearly as good piece gives one", () => {
    const question = "Who performed at the concert for Mel's daughter's birthday?";
    const q = parseQuestion(question, "Mel");
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.9, text: "Mel celebrated their daughter's birthday with a concert last night.", sourceIds: ["m1"] },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.8, text: 'Asked "Who performed at the concert?", Mel said: it was Matt Patterson, he is so talented.', sourceIds: ["m2", "m3"] },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Mel", question), "Mel")!;
    expect(composed.answer.split(/(?<=\.)\s/)[0]).toMatch(/Matt Patterson/);
  });

  it("says a statement once when a fact and the excerpt it came from both carry it", () => {
    const q = parseQuestion("How does Jon feel about the opening night of his dance studio?", "Jon");
    const candidates: Candidate[] = [
      {
        id: "cnv_1",
        kind: "excerpt",
        source: "document",
        score: 0.9,
        text: "Jon: The official opening night is tomorrow. I'm working hard to make everything just right. Can't wait to see it all come together!",
        sourceIds: ["m5"],
        turnTimes: ["2023-06-19T10:00:00.000Z"],
      },
      { id: "mem_1", kind: "fact", source: "memory", score: 0.85, text: "The official opening night is tomorrow (20 June 2023).", sourceIds: ["m5"] },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Jon", "How does Jon feel about the opening night of his dance studio?"), "Jon")!;
    expect(composed.answer.match(/official opening night/g)).toHaveLength(1);
  });

  it("answers with statements: a question the user once asked is not part of an answer", () => {
    const question = "What should I cook for dinner tonight?";
    const q = parseQuestion(question, "Maya");
    // What /query found for it (a remark, then conversation windows).
    const candidates: Candidate[] = [
      {
        "id": "mem_0",
        "text": "Can you suggest a quick dinner?",
        "sourceIds": [
          "m2"
        ],
        "score": 0.5861,
        "source": "memory",
        "kind": "remark",
        "saidAt": "2026-03-02T10:00:00.000Z"
      },
      {
        "turnTimes": [
          "2026-03-02T10:00:00.000Z",
          "2026-03-02T10:00:00.000Z",
          "2026-03-02T10:00:00.000Z",
          "2026-03-02T10:00:00.000Z"
        ],
        "id": "cnv_1",
        "text": "Maya: Hi! I'm Maya. I work as a pharmacist at a hospital in Gothenburg.\nAssistant: Nice to meet you, Maya! How can I help?\nMaya: Can you suggest a quick dinner? Note that I'm severely allergic to shellfish, I carry an EpiPen.\nAssistant: Got it, no shellfish. How about a lemon chicken traybake?",
        "sourceIds": [
          "m0",
          "m1",
          "m2",
          "m3"
        ],
        "score": 0.4752,
        "source": "document",
        "kind": "excerpt",
        "saidAt": "2026-03-02T10:00:00.000Z"
      },
      {
        "turnTimes": [
          "2026-03-02T10:00:00.000Z",
          "2026-03-02T10:00:00.000Z",
          "2026-03-05T10:00:00.000Z",
          "2026-03-05T10:00:00.000Z"
        ],
        "id": "cnv_2",
        "text": "Maya: Can you suggest a quick dinner? Note that I'm severely allergic to shellfish, I carry an EpiPen.\nAssistant: Got it, no shellfish. How about a lemon chicken traybake?\nMaya: My partner Jonas is vegetarian, so something we can both eat would be better.\nAssistant: A chickpea and spinach curry works for both of you.",
        "sourceIds": [
          "m2",
          "m3",
          "m4",
          "m5"
        ],
        "score": 0.2166,
        "source": "document",
        "kind": "excerpt",
        "saidAt": "2026-03-05T10:00:00.000Z"
      },
      {
        "turnTimes": [
          "2026-04-25T10:00:00.000Z",
          "2026-04-25T10:00:00.000Z",
          "2026-05-03T10:00:00.000Z",
          "2026-05-03T10:00:00.000Z"
        ],
        "id": "cnv_3",
        "text": "Maya: Elsa's party went great, we had a T-rex cake.\nAssistant: That sounds wonderful!\nMaya: I also take levothyroxine every morning for my thyroid.\nAssistant: Thanks, I'll keep that in mind.",
        "sourceIds": [
          "m18",
          "m19",
          "m20",
          "m21"
        ],
        "score": 0.2146,
        "source": "document",
        "kind": "excerpt",
        "saidAt": "2026-05-03T10:00:00.000Z"
      }
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Maya", question), "Maya")!;
    expect(composed.answer).toMatch(/allergic to shellfish/);
    expect(composed.answer).not.toMatch(/\?/);
  });

  it("answers 'Who is Sophie?' with who Sophie is to the user, not with someone else named near her", () => {
    const question = "Who is Sophie?";
    const q = parseQuestion(question, "Ruth");
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.9, text: "Ruth's late husband Harold would have loved to see it. He passed in 2021.", sourceIds: ["m2"] },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.85, text: "Ruth's granddaughter Sophie just graduated from nursing school!", sourceIds: ["m1"] },
      { id: "mem_3", kind: "fact", source: "memory", score: 0.8, text: "Sophie's getting married in October to a fellow named Daniel.", sourceIds: ["m3"] },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Ruth", question), "Ruth")!;
    expect(composed.answer).toMatch(/^Ruth's granddaughter Sophie just graduated from nursing school\./);
    expect(composed.answer).not.toMatch(/Harold/);
    // "Their CMO is Ana Ribeiro": with the sentence that says whose.
    const q3 = parseQuestion("Who is Ana Ribeiro?", "Sam");
    const cmo: Candidate[] = [{ id: "mem_1", kind: "fact", source: "memory", score: 0.9, text: "Sam's main client right now is Verdant, a climate fintech. Their CMO is Ana Ribeiro, you can reach her at [EMAIL].", sourceIds: ["m1"] }];
    expect(composeFromPieces(q3, rankPieces(q3, cmo, "Sam", "Who is Ana Ribeiro?"), "Sam")!.answer).toMatch(/^Sam's main client right now is Verdant, a climate fintech\. Their CMO is Ana Ribeiro/);
    // Asked for a name, a piece that gives one still comes first.
    const q2 = parseQuestion("Who performed at the concert?", "Mel");
    expect(q2.named).toBeNull();
  });

  it("answers a medication question with the medication, not with what shares the verb 'take'", () => {
    const question = "What medications does Ruth take?";
    const q = parseQuestion(question, "Ruth");
    expect(q.safety).toBe(true);
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.7, text: "Ruth also quit the water aerobics, their knees couldn't take it.", sourceIds: ["m1"] },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.5, text: "Ruth's doctor switched Ruth from metformin to insulin injections in the week of 3 November 2025.", sourceIds: ["m2"] },
      { id: "mem_3", kind: "fact", source: "memory", score: 0.5, text: "Ruth is allergic to penicillin, found that out the hard way last spring.", sourceIds: ["m3"] },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Ruth", question), "Ruth")!;
    expect(composed.answer).toMatch(/^Ruth's doctor switched Ruth from metformin to insulin/);
    expect(composed.answer).not.toMatch(/aerobics/);
  });

  it("answers what the user can eat with what keeps them safe first, whatever the words", () => {
    const question = "What can Sam eat?";
    const q = parseQuestion(question, "Sam");
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.8, text: 'Asked "Any cuisine preferences?", Sam said: Anything but seafood, Sam really doesn\'t like it.', sourceIds: ["m1", "m2"] },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.8, text: "Sam has celiac disease.", sourceIds: ["m3"] },
      { id: "mem_3", kind: "fact", source: "memory", score: 0.6, text: "Sam's partner Jess is coming with Sam.", sourceIds: ["m4"] },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Sam", question), "Sam")!;
    expect(composed.answer).toMatch(/^Sam has celiac disease\./);
    expect(composed.answer).toMatch(/seafood/);
    expect(composed.answer).not.toMatch(/Jess/);
    // Every one of them, however low it ranks.
    const more: Candidate[] = [
      ...candidates,
      { id: "mem_4", kind: "fact", source: "memory", score: 0.1, text: "Sam's kid Tomi is allergic to peanuts.", sourceIds: ["m5"] },
      { id: "mem_5", kind: "fact", source: "memory", score: 0.75, text: "Sam loves long dinners with friends on the terrace.", sourceIds: ["m6"] },
      { id: "mem_6", kind: "fact", source: "memory", score: 0.75, text: "Sam's favourite dinner spot is a taverna in Alfama.", sourceIds: ["m7"] },
    ];
    const all = composeFromPieces(q, rankPieces(q, more, "Sam", question), "Sam")!;
    expect(all.answer).toMatch(/celiac/);
    expect(all.answer).toMatch(/allergic to peanuts/);
  });

  it("answers when the user is available with their hours, not with a date", () => {
    const question = "When is Sam available for meetings?";
    const q = parseQuestion(question, "Sam");
    expect(q.type).not.toBe("when");
    // Past events stay date questions, whatever their verbs.
    for (const past of ["When did Gina open her online clothing store?", "When did Caroline meet up with her friends?", "When did Ash book the flight?"]) {
      expect(parseQuestion(past, "Ash").type, past).toBe("when");
    }
    expect(parseQuestion("When can I call Sam?", "Sam").availability).toBe(true);
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.7, text: "Sam is a freelance brand designer based in Lisbon, mostly working with early-stage startups.", sourceIds: ["m1"], saidAt: "2025-04-07T18:00:00.000Z" },
      { id: "mem_2", kind: "fact", source: "memory", score: 0.65, text: "Sam works 9 to 5 Lisbon time, Monday to Thursday.", sourceIds: ["m2"] },
      { id: "mem_3", kind: "fact", source: "memory", score: 0.6, text: "Fridays are for Sam's kid, Tomi.", sourceIds: ["m3"] },
    ];
    expect(composeFromPieces(q, rankPieces(q, candidates, "Sam", question), "Sam")!.answer).toMatch(/^Sam works 9 to 5 Lisbon time, Monday to Thursday\./);
  });

  it("never answers with thanks: the sentence after it in the turn is the answer", () => {
    const question = "How did Melanie's children handle the accident?";
    const q = parseQuestion(question, "Melanie");
    const candidates: Candidate[] = [
      {
        id: "cnv_1",
        kind: "excerpt",
        source: "document",
        score: 0.8,
        text: "Caroline: The kids look so cute, Mel! I bet they bring lots of joy. How did they handle the accident?\nMelanie: Thanks! They were scared but we reassured them and explained their brother would be OK. They're tough kids.",
        sourceIds: ["D1", "D2"],
        saidAt: "2023-10-20T10:00:00.000Z",
      },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Melanie", question), "Melanie")!;
    expect(composed.answer).not.toMatch(/^Thanks/);
    expect(composed.answer).toMatch(/scared/);
  });

  it("adds no bare reply to an answer", () => {
    const question = "Give me a snack idea for my kid";
    const q = parseQuestion(question, "Dev");
    const candidates: Candidate[] = [
      {
        id: "mem_1",
        kind: "fact",
        source: "memory",
        score: 0.7,
        text: 'Asked "Need help planning it?", Dev said: yes please. Dev\'s son Arjun is allergic to peanuts so when Dev asks for snack ideas keep that in mind',
        sourceIds: ["m1", "m2"],
      },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Dev", question), "Dev")!;
    expect(composed.answer).toMatch(/allergic to peanuts/);
    expect(composed.answer).not.toMatch(/yes please|Asked/);
    // Nor a chat writer's "yes pls".
    const pls: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 0.7, text: 'Asked "Want a study schedule?", User said: yes pls!! User studies best late at night, like 10pm to 2am', sourceIds: ["m1", "m2"] },
    ];
    const q2 = parseQuestion("When does the user like to study?", null);
    expect(composeFromPieces(q2, rankPieces(q2, pls, null, "When does the user like to study?"), null)!.answer).not.toMatch(/yes pls|said/);
  });

  it("reads a turn's later sentences on their own: the turn before is context for its opening only", () => {
    const question = "Any plans for travel?";
    const q = parseQuestion(question, "Maya");
    const at = "2026-03-15T10:00:00.000Z";
    const candidates: Candidate[] = [
      { id: "mem_1", kind: "fact", source: "memory", score: 1, text: "Maya is planning a trip to Lisbon in September.", sourceIds: ["m14"], saidAt: at },
      {
        id: "cnv_1",
        kind: "excerpt",
        source: "document",
        score: 0.85,
        text:
          "Maya: I've started training for the Gothenburg half marathon in May. Running 3 times a week.\nAssistant: Great goal! A 12-week plan would fit well.\n" +
          "Maya: My knee has been hurting after long runs. The physio said it's runner's knee.\nAssistant: Sorry to hear that.",
        sourceIds: ["m6", "m7", "m8", "m9"],
        turnTimes: [at, at, at, at],
        saidAt: at,
      },
    ];
    const composed = composeFromPieces(q, rankPieces(q, candidates, "Maya", question), "Maya")!;
    expect(composed.answer).toMatch(/Lisbon/);
    expect(composed.answer).not.toMatch(/knee/);
  });
});
