import { describe, expect, it } from "vitest";
import { resolveRelativeDates } from "@/server/memory/extract/dates";
import { createOfflineExtractor, normalizeFactText, splitClauses, unshout } from "@/server/memory/extract/offline";
import { isFiller, splitSentences } from "@/server/memory/extract/sentences";
import { firstName, toThirdPerson } from "@/server/memory/extract/third-person";
import { planSupersessions } from "@/server/memory/facts/supersede";
import type { ConversationMessage, ExtractedFact } from "@/server/memory/extract/types";

const extractor = createOfflineExtractor();
// A Friday.
const T = new Date("2023-01-20T13:56:00Z");

let n = 0;
function msg(role: ConversationMessage["role"], content: string, timestamp = T, id = `m${++n}`): ConversationMessage {
  return { id, role, content, timestamp };
}

async function facts(messages: ConversationMessage[], userName: string | null = "Ash Lewis", context: ConversationMessage[] = []) {
  return extractor.extract({ userName, messages, context });
}

describe("third person rewriting", () => {
  const ash = { name: "Ash" };
  const anon = { name: null };

  it("uses the first name, or User when unknown", async () => {
    expect(firstName("Ash Lewis")).toBe("Ash");
    expect(firstName("  ")).toBeNull();
    const [a] = await facts([msg("user", "I love sushi and usually eat late dinners around 9pm")], "Ash Lewis");
    expect(a!.text).toBe("Ash loves sushi and usually eats late dinners around 9pm");
    const [u] = await facts([msg("user", "I love sushi and usually eat late dinners around 9pm")], null);
    expect(u!.text).toBe("User loves sushi and usually eats late dinners around 9pm");
  });

  it.each([
    ["I'm a nurse in Leeds.", "Ash is a nurse in Leeds."],
    ["I am vegan.", "Ash is vegan."],
    ["I've been to Tokyo twice.", "Ash has been to Tokyo twice."],
    ["I'd love a window seat.", "Ash would love a window seat."],
    ["I'll be in Paris on 3 May.", "Ash will be in Paris on 3 May."],
    ["I was born in 1990.", "Ash was born in 1990."],
    ["I have two cats.", "Ash has two cats."],
    ["I do yoga on Mondays.", "Ash does yoga on Mondays."],
    ["I go to the gym at 6am.", "Ash goes to the gym at 6am."],
    ["I watch anime and I study Japanese.", "Ash watches anime and Ash studies Japanese."],
    ["I don't eat pork.", "Ash doesn't eat pork."],
    ["I really don’t like crowds.", "Ash really doesn’t like crowds."],
    ["I never drink coffee after 2pm.", "Ash never drinks coffee after 2pm."],
    ["I can swim.", "Ash can swim."],
    ["I went hiking with my sister.", "Ash went hiking with their sister."],
    ["My dog Max is 3.", "Ash's dog Max is 3."],
    ["That book changed me.", "That book changed Ash."],
    ["I taught myself guitar.", "Ash taught themselves guitar."],
    ["What should I eat tonight?", "What should Ash eat tonight?"],
    ["Do I need a visa?", "Does Ash need a visa?"],
    ["My wife and I love hiking.", "Ash's wife and Ash love hiking."],
    ["Lost my job as a banker.", "Ash lost their job as a banker."],
    ["Excited to start my studio!", "Ash is excited to start their studio!"],
  ])("%s → %s", (input, expected) => {
    expect(toThirdPerson(input, ash)).toBe(expected);
  });

  it("says 'the user' mid-sentence when the name is unknown", () => {
    expect(toThirdPerson("Yesterday I bought a bike for $400.", anon)).toBe("Yesterday the user bought a bike for $400.");
    expect(toThirdPerson("My favourite band is Muse.", anon)).toBe("User's favourite band is Muse.");
  });

  it("keeps names, dates, times, prices and places verbatim and leaves quotes alone", () => {
    const s = 'I met Gina at Café Nero on 5 March 2023 at 7:30pm and paid £12.50. She said "I love it".';
    expect(toThirdPerson(s, ash)).toBe(
      'Ash met Gina at Café Nero on 5 March 2023 at 7:30pm and paid £12.50. She said "I love it".',
    );
  });
});

describe("sentences and filler", () => {
  it("splits sentences without breaking abbreviations or times", () => {
    expect(splitSentences("Hey Gina! Good to see you. Dr. Smith says hi at 5 p.m. today.\nNew line")).toEqual([
      "Hey Gina!",
      "Good to see you.",
      "Dr. Smith says hi at 5 p.m. today.",
      "New line",
    ]);
  });

  it("splits the sentences of someone who writes in lowercase", () => {
    expect(splitSentences("yes please. also my son Arjun is allergic to peanuts. e.g. no satay")).toEqual([
      "yes please.",
      "also my son Arjun is allergic to peanuts.",
      "e.g. no satay",
    ]);
    // Someone who capitalizes: a lowercase word after a full stop continues the sentence.
    expect(splitSentences("We met at approx. noon. It went well.")).toEqual(["We met at approx. noon.", "It went well."]);
  });

  it.each(["Hey Gina!", "Thanks!", "Good to see you too.", "Haha", "Wow!", "Sounds great!", "Thank you so much, Jon!", "😂"])(
    "drops %s",
    (s) => expect(isFiller(s)).toBe(true),
  );

  it.each(["Yes!", "Paris.", "I love it!", "Wow, great idea!", "No.", "Sure thing!", "Congrats on the new job!"])(
    "keeps %s",
    (s) => expect(isFiller(s)).toBe(false),
  );

  it("drops filler sentences from a message and messages that are only filler", async () => {
    const [f, ...rest] = await facts([
      msg("user", "Hey Gina! Good to see you too. Lost my job as a banker yesterday, so I'm gonna start my own business."),
      msg("user", "Haha thanks! Wow!"),
    ]);
    expect(rest).toEqual([]);
    expect(f!.text).toBe(
      "Ash lost their job as a banker yesterday (19 January 2023), so Ash is gonna start their own business.",
    );
  });
});

describe("third person: the name where 'their' would be unclear, the past where the verb reads both ways", () => {
  const ash = { name: "Ash" };
  it.each([
    ["Seeing my kids smile makes my day.", "Seeing Ash's kids smile makes Ash's day."],
    ["My husband and my kids love the beach.", "Ash's husband and Ash's kids love the beach."],
    ["I love my job.", "Ash loves their job."],
    ["When my son was born, I quit my job.", "When Ash's son was born, Ash quit their job."],
    ["I quit sugar every January.", "Ash quits sugar every January."],
    ["Last year I put my savings into index funds.", "Last year Ash put their savings into index funds."],
  ])("%s", (input, expected) => {
    expect(toThirdPerson(input, ash)).toBe(expected);
  });
});

describe("offline extraction", () => {
  it("makes one fact per user message with its id, timestamp, and no facts from other roles", async () => {
    const u1 = msg("user", "I love sushi.");
    const a1 = msg("assistant", "You love sushi, noted! Anything else I should know about your food preferences?");
    const s1 = msg("system", "You are a helpful assistant.");
    const t1 = msg("tool", '{"weather": "sunny"}');
    const out = await facts([s1, u1, a1, t1]);
    expect(out).toEqual<ExtractedFact[]>([{ text: "Ash loves sushi.", sourceIds: [u1.id], occurredAt: T }]);
  });

  it("prefixes a short reply with the question it answers and both source ids", async () => {
    const q = msg("assistant", "Nice! Did you go to Paris?");
    const a = msg("user", "Yes, I went last week.");
    const [f] = await facts([a], "Jon", [q]);
    expect(f!.text).toBe('Asked "Did you go to Paris?", Jon said: yes, Jon went last week (week of 9 January 2023).');
    expect(f!.sourceIds).toEqual([q.id, a.id]);
  });

  it("gives replies to statements context too, and drops bare replies with nothing to attach", async () => {
    const s = msg("assistant", "I booked the Italian place for Friday.");
    const r = msg("user", "That works for me");
    const [f] = await facts([s, r], null);
    expect(f!.text).toBe('Replying to "I booked the Italian place for Friday.", User said: that works for the user');
    expect(f!.sourceIds).toEqual([s.id, r.id]);
    expect(await facts([msg("user", "Yes!")])).toEqual([]);
  });

  it("gives a reply that points at what the question named the question, and the message the question was about", async () => {
    const shown = msg("user", "Guidance helps dancers shine. [shared a photo: a clipboard with a notepad attached to it]");
    const q = msg("assistant", "Nice one! How've you been using it?");
    const r = msg("user", "I'm using it to stay organized and motivated. It sets goals and tracks my achievements, which keeps me honest.");
    const [f] = await facts([r], "Jon", [shown, q]);
    expect(f!.text).toBe('Asked "How\'ve you been using it?", Jon said: Jon is using it to stay organized and motivated.');
    expect(f!.sourceIds).toEqual([shown.id, q.id, r.id]);
  });

  it("cites only the question for a reply to a question that names its own subject", async () => {
    const said = msg("user", "I went hiking last weekend.");
    const q = msg("assistant", "Did you go to Paris?");
    const r = msg("user", "Yes, I went last week.");
    const [f] = await facts([r], "Jon", [said, q]);
    expect(f!.sourceIds).toEqual([q.id, r.id]);
    // A statement that needs no question keeps its own id alone.
    const q2 = msg("assistant", "What do you do on weekends?");
    const r2 = msg("user", "I usually go climbing with my sister Lena at the big bouldering gym downtown on Saturday mornings.");
    const [g] = await facts([r2], "Jon", [said, q2]);
    expect(g!.sourceIds).toEqual([r2.id]);
  });

  it("makes a statement about someone named its own fact, not part of the sentence before", async () => {
    const u = msg("user", "My husband Mark is a dentist, he works at Bright Smiles in the Mission. Sofia just started first grade.");
    const out = await facts([u]);
    expect(out.map((f) => f.text)).toEqual(["Ash's husband Mark is a dentist, he works at Bright Smiles in the Mission.", "Sofia just started first grade."]);
    // A place or a sentence that names no one still goes with its neighbour.
    const b = msg("user", "Boston was great, the talk went fine. I gave the keynote.");
    expect((await facts([b])).map((f) => f.text)).toEqual(["Boston was great, the talk went fine. Ash gave the keynote."]);
  });

  it("splits a message that answers two questions into one fact per answer, each with its question", async () => {
    const said = msg("user", "I applied to adoption agencies this week!");
    const q = msg("assistant", "Congrats! How does it feel? Also, do you have any pets?");
    const r = msg("user", "Thanks! Exciting but kinda nerve-wracking. Parenting's such a big responsibility. And yup, I do- Oscar, my guinea pig. He's been great. How are your pets?");
    const out = (await facts([r], "Caroline", [said, q])).filter((f) => f.kind !== "remark");
    expect(out.map((f) => f.text)).toEqual([
      'Asked "How does it feel?", Caroline said: Exciting but kinda nerve-wracking. Parenting\'s such a big responsibility.',
      'Asked "Also, do you have any pets?", Caroline said: yup, Caroline does- Oscar, their guinea pig. He\'s been great.',
    ]);
    // "How does it feel?" is about what she had said; "do you have any pets?" names its own subject.
    expect(out.map((f) => f.sourceIds)).toEqual([[said.id, q.id, r.id], [q.id, r.id]]);
  });

  it("keeps a sentence said to someone by name as a remark, and an interjection before a comma is no one's name", async () => {
    const u = msg("user", "I started salsa lessons! Maria, that photo looks awesome.");
    const out = await facts([u], "Robin");
    expect(out.filter((f) => f.kind !== "remark").map((f) => f.text)).toEqual(["Robin started salsa lessons!"]);
    expect(out.filter((f) => f.kind === "remark").map((f) => f.text)).toEqual(["That photo looks awesome."]);
    expect(await facts([msg("user", "Hmm, good question.")], "Robin")).toEqual([]);
  });

  it("does not add context to a self-contained statement after a non-question", async () => {
    const s = msg("assistant", "Got it.");
    const u = msg("user", "I love sushi and usually eat late dinners around 9pm");
    const [f] = await facts([s, u]);
    expect(f!.text).toBe("Ash loves sushi and usually eats late dinners around 9pm");
    expect(f!.sourceIds).toEqual([u.id]);
  });

  it("gives no context to a statement about the user's own people and things after a non-question", async () => {
    const s = msg("assistant", "Sorry to hear that. Strength work for hips and quads helps.");
    const u = msg("user", "Our daughter Elsa turns 6 next month, she loves dinosaurs.");
    const [f] = await facts([s, u], "Maya Lindqvist");
    expect(f!.text).toBe("Maya's daughter Elsa turns 6 next month (February 2023), she loves dinosaurs.");
    expect(f!.sourceIds).toEqual([u.id]);
    const s2 = msg("assistant", "Sensible choice. The 10k is still a great goal.");
    const u2 = msg("user", "Elsa's party went great, we had a T-rex cake.");
    const [g] = await facts([s2, u2], "Maya Lindqvist");
    expect(g!.text).not.toMatch(/^Replying to/);
    expect(g!.sourceIds).toEqual([u2.id]);
    // Replies that only make sense with the turn before keep it.
    const s3 = msg("assistant", "I love hiking in the fall.");
    expect((await facts([s3, msg("user", "Me too, we go every single year.")], "Maya"))[0]!.text).toMatch(/^Replying to "I love hiking in the fall\."/);
    const q = msg("assistant", "How was the weekend?");
    expect((await facts([q, msg("user", "We had a lovely time at the lake with our kids.")], "Maya"))[0]!.text).toMatch(/^Asked "How was the weekend\?"/);
  });

  it("keeps a polite question that asks for how to be answered as a preference", async () => {
    const out = await facts([msg("user", "hey, can you keep your answers short? bullet points work best for me")], "Dev Patel");
    expect(out.filter((f) => f.kind !== "remark").map((f) => f.text)).toEqual(["Dev asks to keep answers short.", "Bullet points work best for Dev"]);
    // A one-off favour is not a preference.
    const once = await facts([msg("user", "Could you book a table for Friday?")], "Dev Patel");
    expect(once.filter((f) => f.kind !== "remark")).toEqual([]);
  });

  it("takes a message that neither takes nor declines an offer as news of its own", async () => {
    const offer = msg("assistant", "Great change. Want some vegan recipes?");
    const news = msg("user", "shipped the ledger migration two weeks early 🎉");
    const [f] = await facts([offer, news], "Dev Patel");
    expect(f!.text).not.toMatch(/^Asked/);
    expect(f!.sourceIds).toEqual([news.id]);
    // A question about the user is no offer.
    const ask = msg("assistant", "Can I ask what made you choose Denver?");
    const [h] = await facts([ask, msg("user", "my sister lives there and the rent is much cheaper")], "Dev Patel");
    expect(h!.text).toMatch(/^Asked "Can I ask what made you choose Denver\?"/);
    // Taking it up is a reply to it.
    const [g] = await facts([offer, msg("user", "yes, something with lentils")], "Dev Patel");
    expect(g!.text).toMatch(/^Asked "Great change\. Want some vegan recipes\?"|^Asked "Want some vegan recipes\?"/);
  });

  it("takes news about someone named, after a statement that does not name them, as a fact of its own", async () => {
    const s = msg("assistant", "Balance is hard when running a business.");
    const u = msg("user", "Blue Door pulled out, they went with a bigger supplier. Pretty gutted.");
    const [f] = await facts([s, u], null);
    expect(f!.text).toBe("Blue Door pulled out, they went with a bigger supplier. Pretty gutted.");
    // A capitalized first word is no name: replies to the statement keep it.
    const plan = msg("assistant", "I think a weekend trip to the coast would be nice.");
    for (const reply of ["Great idea, let me check the calendar.", "Sounds like a plan to me.", "Lol sounds fun, count me in!", "Good luck with the move!"]) {
      expect((await facts([plan, msg("user", reply)], "Lena"))[0]!.text).toMatch(/^Replying to "I think a weekend trip/);
    }
    expect((await facts([plan, msg("user", "Marcus proposed last night!")], "Lena"))[0]!.text).toMatch(/^Marcus proposed last night/);
    // A name the turn before gave is what the reply answers about.
    const s2 = msg("assistant", "I hope Blue Door signs soon.");
    expect((await facts([s2, msg("user", "Blue Door did sign, finally!")], null))[0]!.text).toMatch(/^Replying to/);
  });

  it("takes news about someone named with a contraction ('Sophie's getting married') as a fact of its own", async () => {
    const s = msg("assistant", "That sounds wonderful.");
    const u = msg("user", "Sophie's getting married in October to a fellow named Daniel.");
    const [f] = await facts([s, u], "Ruth Abernathy");
    expect(f!.text).toMatch(/^Sophie's getting married in October/);
    expect(f!.sourceIds).toEqual([u.id]);
    // A possessive that the turn before named is what the reply is about.
    const s2 = msg("assistant", "Sophie must be thrilled about the wedding.");
    expect((await facts([s2, msg("user", "Sophie's over the moon!")], "Ruth"))[0]!.text).toMatch(/^Replying to/);
  });

  it("gives a fragment that answers a question its question, and keeps the news after it apart", async () => {
    const q = msg("assistant", "Lovely to meet you, Ruth! What keeps you busy these days?");
    const u = msg("user", "Mostly my garden and my grandchildren. I have type 2 diabetes so I have to watch my sugar.");
    const out = (await facts([q, u], "Ruth Abernathy")).map((f) => f.text);
    expect(out).toEqual(['Asked "What keeps you busy these days?", Ruth said: Mostly Ruth\'s garden and Ruth\'s grandchildren.', "Ruth has type 2 diabetes so Ruth has to watch their sugar."]);
    const q2 = msg("assistant", "How are you finding the injections?");
    const out2 = (await facts([q2, msg("user", "Not fun but manageable. I also quit the water aerobics, my knees couldn't take it.")], "Ruth")).map((f) => f.text);
    expect(out2[0]).toBe('Asked "How are you finding the injections?", Ruth said: Not fun but manageable.');
    expect(out2[1]).toMatch(/^Ruth also quit the water aerobics/);
    // Thanks and greetings answer nothing.
    const q4 = msg("assistant", "How's the dance studio going? Did you find the right spot?");
    const thanks = (await facts([q4, msg("user", "Hey Gina! Thanks for asking. I'm on the hunt for the ideal spot for my dance studio and it's been quite a journey!")], "Jon")).map((f) => f.text);
    expect(thanks.join("\n")).not.toMatch(/said: Thanks for asking\.$/m);
    // A statement with a subject of its own is no fragment.
    const q3 = msg("assistant", "What did you do this weekend?");
    expect((await facts([q3, msg("user", "My sister visited from Denver and we went hiking. I loved it, we should do it more often.")], "Ruth"))[0]!.text).not.toMatch(/^Asked/);
  });

  it("reads a chat writer's opening as what it is: greetings dropped, 'my boyfriend Marco and I' one subject", async () => {
    const said = async (text: string) => (await facts([msg("user", text)], null)).filter((f) => f.kind !== "remark").map((f) => f.text);
    expect(await said("hiii ok so im a sophomore at UT Austin, double majoring in econ and stats")).toEqual(["User is a sophomore at UT Austin, double majoring in econ and stats"]);
    expect((await said("also my boyfriend Marco and I broke up last weekend so thats been rough"))[0]).toMatch(/^User's boyfriend Marco and the user broke up last weekend/);
    expect(splitClauses("I live in Austin and I'm a nurse.")).toEqual(["I live in Austin.", "I'm a nurse."]);
  });

  it("never takes a turn from an earlier session as the one a message replies to", async () => {
    const earlier = msg("assistant", "That sounds like a great routine!", new Date("2025-09-03T18:03:30Z"));
    const later = msg("user", "ugh midterms next week. stats 301 is killing me", new Date("2025-10-20T18:00:00Z"));
    const [f] = await facts([earlier, later], null);
    expect(f!.text).not.toMatch(/^Replying to/);
    expect(f!.sourceIds).toEqual([later.id]);
    // Minutes apart, it is the turn answered.
    const q = msg("assistant", "How's the semester going?", new Date("2025-09-03T18:00:30Z"));
    const [g] = await facts([q, msg("user", "kinda hectic lol", new Date("2025-09-03T18:01:00Z"))], null);
    expect(g!.text).toMatch(/^Asked "How's the semester going\?"/);
  });

  it("keeps how to reach someone as a fact: 'you can reach her at …' is no remark about the assistant", async () => {
    const out = await facts([msg("user", "My main client right now is Verdant, a climate fintech. Their CMO is Ana Ribeiro, you can reach her at the Lisbon office.")], "Sam Okoro");
    expect(out.filter((f) => f.kind !== "remark").map((f) => f.text).join(" ")).toMatch(/Their CMO is Ana Ribeiro, you can reach her at the Lisbon office/);
  });

  it("reads 'we' by the message and the turn it answers when the sentence alone says nothing", async () => {
    const q = msg("assistant", "Hi Maria! How old are your kids?");
    const out = (await facts([q, msg("user", "Leo is 7 and Ana is 3. Leo has a severe tree nut allergy, we always carry an EpiPen.")], "Maria Gonzalez")).map((f) => f.text);
    expect(out.join(" ")).toMatch(/Maria and family always carry an EpiPen/);
    // With nothing to go by, still "others".
    expect((await facts([msg("user", "We always carry an umbrella.")], "Maria"))[0]!.text).toBe("Maria and others always carry an umbrella.");
  });

  it("reads 'she' as the one woman of the user's life their message before named, never as the user", async () => {
    const m1 = msg("user", "It is. My mom moved in with us last year, she has early dementia.");
    const a1 = msg("assistant", "I'm sorry. How is she doing?");
    const m2 = msg("user", "Good days and bad days. Please don't call in the evenings, that's when she gets confused.");
    const out = (await facts([m1, a1, m2], "Maria Gonzalez")).map((f) => f.text).join("\n");
    expect(out).toMatch(/that's when (?:Maria's|their) mom gets confused/);
    // The turn answered names someone else: the pronoun is theirs.
    const a2 = msg("assistant", "And how is Ana settling in at preschool?");
    const m5 = msg("user", "Good days and bad days, she gets confused in the evenings.");
    expect((await facts([m1, a2, m5], "Maria Gonzalez")).map((f) => f.text).join("\n")).not.toMatch(/mom gets confused/);
    // Two women named before: left as it is.
    const m3 = msg("user", "My mom and my sister both live nearby.");
    const a3 = msg("assistant", "How nice! Do you see them often?");
    const m4 = msg("user", "Every Sunday, she cooks for all of us.");
    expect((await facts([m3, a3, m4], "Maria Gonzalez")).map((f) => f.text).join("\n")).not.toMatch(/Maria's (?:mom|sister) cooks/);
  });

  it("keeps verbs whose past is their present in the past ('I quit', 'I put')", async () => {
    const said = async (text: string) => (await facts([msg("user", text)], "Ruth"))[0]!.text;
    expect(await said("I quit smoking in 2010 and never looked back.")).toBe("Ruth quit smoking in 2010 and never looked back.");
    expect(await said("I put the house on the market last week.")).toMatch(/^Ruth put the house on the market/);
    expect(await said("I read every night before bed.")).toBe("Ruth reads every night before bed.");
    expect(await said("I also quit the water aerobics, my knees couldn't take it.")).toMatch(/^Ruth also quit the water aerobics/);
    expect(await said("I recently cut sugar from my diet.")).toMatch(/^Ruth recently cut sugar/);
    expect(await said("I put sugar in my coffee.")).toMatch(/^Ruth puts sugar/);
  });

  it("keeps a standing request after an offer as the preference it is", async () => {
    const offer = msg("assistant", "Great lead! Want me to draft a pricing sheet?");
    const [f] = await facts([offer, msg("user", "Please always email me drafts instead of pasting them in chat.")], null);
    expect(f!.text).toBe("User asks to always email them drafts instead of pasting them in chat.");
  });

  it("keeps the person the user did something with: 'Marcus and I' is not two clauses", async () => {
    const [f] = await facts([msg("user", "Marcus and I got engaged last weekend!")], "Lena Okafor");
    expect(f!.text).toMatch(/^Marcus and Lena got engaged last weekend/);
    // Two clauses of their own still split.
    expect(splitClauses("I live in Austin and I'm a nurse.")).toEqual(["I live in Austin.", "I'm a nurse."]);
    expect(splitClauses("Marcus and I got engaged last weekend!")).toEqual(["Marcus and I got engaged last weekend!"]);
  });

  it("the shift said after who the user is is a statement of its own: a new shift ends it, not the profession (2026-12-03)", async () => {
    const said = (text: string) => facts([msg("user", text)], "Tyler Brooks").then((fs) => fs.map((f) => f.text));
    expect(await said("I'm an ER doctor, working nights mostly")).toEqual(["Tyler is an ER doctor.", "Tyler works nights mostly"]);
    expect(await said("I'm a nurse at St. Luke's, working night shifts these days.")).toEqual(["Tyler is a nurse at St. Luke's.", "Tyler works night shifts these days."]);
    // What follows from the shift stays with it.
    expect(await said("I'm an ER doctor, working nights mostly, so I sleep during the day")).toEqual(["Tyler is an ER doctor.", "Tyler works nights mostly, so Tyler sleeps during the day"]);
    // A possessive before the period ends the sentence ("St. Luke's." is no initial like "J.").
    expect(splitSentences("I'm a nurse at St. Luke's. I work nights.")).toEqual(["I'm a nurse at St. Luke's.", "I work nights."]);
    expect(splitSentences("Loved J. K. Rowling's books. Still do.")).toEqual(["Loved J. K. Rowling's books.", "Still do."]);
    // Not a shift worked: left as it was said.
    expect(await said("I'm exhausted, working nights is brutal")).toEqual(["Tyler is exhausted, working nights is brutal"]);
    const [who, shift] = await said("I'm an ER doctor, working nights mostly");
    const news = [{ text: "Tyler switched to day shifts", slot: null, slotValue: null, negates: null, shift: "day" as const, at: 2, said: 2 }];
    const old = (id: string, text: string) => ({ id, text, slot: null, slotValue: null, negates: null, at: 1, said: 1 });
    expect(planSupersessions(news, [old("who", who!), old("shift", shift!)]).supersedes.get(0)).toEqual(["shift"]);
  });

  it("a verb after 'or' shares a negated 'don't' ('doesn't eat pork or drink alcohol'); after 'and' it is the user's own (2026-12-03)", () => {
    const o = (text: string) => toThirdPerson(text, { name: "Omar" });
    expect(o("I don't eat pork or drink alcohol")).toBe("Omar doesn't eat pork or drink alcohol");
    expect(o("I don't drink or smoke")).toBe("Omar doesn't drink or smoke");
    expect(o("I do not eat pork or drink alcohol")).toBe("Omar does not eat pork or drink alcohol");
    expect(o("I never smoke or drink at parties")).toBe("Omar never smokes or drinks at parties");
    // "and" starts the user's next statement: conjugated as before.
    expect(o("I don't like cilantro and want it left out")).toBe("Omar doesn't like cilantro and wants it left out");
    expect(o("I cook and bake every weekend")).toBe("Omar cooks and bakes every weekend");
    expect(o("I walk or bike to work")).toBe("Omar walks or bikes to work");
  });

  it("keeps a clause that points back with 'it' with what it points at; 'I volunteer' is a verb (Linda, eleventh read)", async () => {
    expect(splitClauses("I take amlodipine for blood pressure, and I can't have grapefruit with it")).toEqual(["I take amlodipine for blood pressure, and I can't have grapefruit with it"]);
    expect(splitClauses("I live in Austin and I'm a nurse.")).toEqual(["I live in Austin.", "I'm a nurse."]);
    expect(toThirdPerson("I volunteer at the public library on Saturdays", { name: "Linda" })).toBe("Linda volunteers at the public library on Saturdays");
    // Said bare, it is what the user is.
    expect(toThirdPerson("Volunteer at the public library on Saturdays", { name: "Linda" })).toBe("Linda is a volunteer at the public library on Saturdays");
    // Where the user lives, said after who they are, is a statement of its own (a move ends it, not who they are).
    const [who, where] = await facts([msg("user", "I'm a retired high school English teacher, 68, living in Spokane")], "Linda Marsh");
    expect(who!.text).toBe("Linda is a retired high school English teacher, 68.");
    expect(where!.text).toBe("Linda lives in Spokane");
    // An age said bare before a statement of the user's: both are the user's.
    expect((await facts([msg("user", "Hi, I'm Dana. 44, I manage a credit union branch in Raleigh")], "Dana Whitfield")).map((f) => f.text)).toEqual(["Dana is 44. Dana manages a credit union branch in Raleigh"]);
    // "We got married": the user and their partner, not "and family".
    expect(toThirdPerson("We got married last weekend, tiny courthouse wedding", { name: "Leah" })).toBe("Leah and their partner got married last weekend, tiny courthouse wedding");
    expect(toThirdPerson("We're going to Lisbon in April", { name: "Leah" })).toBe("Leah and others are going to Lisbon in April");
    // "kind of" is an adverb, not a verb to conjugate ("Oskar kinds of like it" before).
    expect(toThirdPerson("I kind of like it now", { name: "Oskar" })).toBe("Oskar kind of likes it now");
    expect(toThirdPerson("I sort of miss it", { name: "Oskar" })).toBe("Oskar sort of misses it");
    // Chat that leaves out the subject: a procedure had, where the user is back, off, cleared.
    const k = (text: string) => toThirdPerson(text, { name: "Kai" });
    expect(k("Had cataract surgery on my right eye, no driving for two weeks")).toBe("Kai had cataract surgery on their right eye, no driving for two weeks");
    expect(k("Back in Columbus, got an internship at JPMorgan")).toMatch(/^Kai is back in Columbus/);
    expect(k("Off crutches, still doing PT here")).toMatch(/^Kai is off crutches/);
    expect(k("Studying abroad in Madrid this semester!")).toBe("Kai is studying abroad in Madrid this semester!");
    expect(k("Cleared to play again in the fall")).toBe("Kai is cleared to play again in the fall");
  });

  it("drops lead-ins that announce a statement", async () => {
    const said = async (text: string) => (await facts([msg("user", text)]))[0]!.text;
    expect(await said("Quick context: I'm a freelance brand designer based in Lisbon.")).toBe("Ash is a freelance brand designer based in Lisbon.");
    expect(await said("Update: I signed a new retainer with Halcyon Health.")).toBe("Ash signed a new retainer with Halcyon Health.");
    expect(await said("Big news though: I left Acme and joined Northwind.")).toBe("Ash left Acme and joined Northwind.");
    expect(await said("Note that I'm severely allergic to shellfish, I carry an EpiPen.")).toBe("Ash is severely allergic to shellfish, Ash carries an EpiPen.");
    expect(await said("Big news: I got a new job as a nurse at St Mary's.")).toBe("Ash got a new job as a nurse at St Mary's.");
    expect(await said("Big change: I left St. Luke's and joined a travel nursing agency.")).toBe("Ash left St. Luke's and joined a travel nursing agency.");
    expect(await said("Just so you know, I don't eat pork.")).toBe("Ash doesn't eat pork.");
    expect(await said("FYI I work night shifts on weekends.")).toBe("Ash works night shifts on weekends.");
  });

  it("reads chat without a subject, and leaves out hedges and sign-offs (a runner, a grandfather: 2026-12-02)", async () => {
    const texts = async (content: string, question?: string) =>
      (await facts(question ? [msg("assistant", question), msg("user", content)] : [msg("user", content)])).filter((f) => f.kind !== "remark").map((f) => f.text);
    expect((await texts("ugh hurt my IT band last week. physio every tuesday now"))[0]).toMatch(/^Ash hurt their IT band last week/);
    expect(await texts("been vegan since 2019 so i need help with protein too")).toEqual(["Ash has been vegan since 2019 so Ash needs help with protein too"]);
    const fish = (await texts("my doctor said my iron is really low so I started eating fish again. not vegan anymore I guess")).join(" ");
    expect(fish).toMatch(/Ash is not vegan anymore\.?$/);
    expect(fish).not.toMatch(/guess/);
    expect((await texts("training for the berlin marathon in september, first full one."))[0]).toMatch(/^Ash is training for the berlin marathon in september/);
    expect((await texts("we adopted a dog btw! his name is Biscuit")).join(" ")).not.toMatch(/btw/);
    expect(await texts("oh and i get migraines if i skip caffeine, just so you know")).toEqual(["Ash gets migraines if Ash skips caffeine"]);
    expect((await texts("Quick background so you can help me better: I'm a UX researcher, I use a wheelchair."))[0]).toMatch(/^Ash is a UX researcher\. Ash uses a wheelchair/);
    // After a thank-you (no question), a statement whose subject is understood is news of its own.
    expect(await texts("going for a half marathon in october instead, the Cardiff half", "Thanks for the update, I'll adjust the meal ideas.")).toEqual([
      "Ash is going for a half marathon in october instead, the Cardiff half",
    ]);
    // "My son Nikos he is …": the name is the subject; the pronoun says it again.
    expect(await texts("My son Nikos he is a doctor in Sydney.")).toEqual(["Ash's son Nikos is a doctor in Sydney."]);
  });

  it("reads 'she' / 'he' as the one person the turn or the sentence before named (a nurse, a nomad: 2026-12-02)", async () => {
    const texts = async (content: string, question?: string) =>
      (await facts(question ? [msg("assistant", question), msg("user", content)] : [msg("user", content)])).filter((f) => f.kind !== "remark").map((f) => f.text);
    expect((await texts("she loves her new room. and she finally eats vegetables, broccoli is her new favorite", "Congrats on the new home! How's Zuri adjusting?"))[0]).toMatch(/^Zuri loves her new room/);
    expect(await texts("I met someone, her name is Valeria. She's a climbing instructor at my gym.")).toEqual([
      "Ash met someone, her name is Valeria.",
      "Valeria's a climbing instructor at Ash's gym.",
    ]);
    // "btw" in the middle of a sentence goes too.
    expect((await texts("I'm pregnant btw, due in April! still working til March")).join(" ")).not.toMatch(/btw/);
  });

  it("'She' after a sentence that named one woman of the user's life is her; chat hedges and bare conditions (a landscaper, a swimmer: 2026-12-02)", async () => {
    const texts = async (content: string, name = "Frank Miller") => (await facts([msg("user", content)], name)).filter((f) => f.kind !== "remark").map((f) => f.text);
    expect((await texts("My wife Linda's birthday is June 3rd, remind me to book something nice. She loves Italian.")).join(" ")).toMatch(/Linda loves Italian\.$/);
    // Two women named: no guess.
    expect((await texts("My wife Linda and my sister Ann came over. She loves Italian.")).join(" ")).toMatch(/She loves Italian\.$/);
    expect(await texts("idk if i mentioned but im gluten free too, celiac since i was 10", "Maya Brooks")).toEqual(["Maya is gluten free too, celiac since Maya was 10"]);
    expect((await texts("mostly planning meals around practice ngl", "Maya Brooks")).join(" ")).not.toMatch(/ngl/);
    expect((await texts("also type 1 diabetic, i wear an insulin pump", "Maya Brooks"))[0]).toMatch(/^Maya is type 1 diabetic/);
    // The word naming a thing is no statement about the user.
    expect((await texts("Vegan food is great here.", "Maya Brooks"))[0] ?? "").not.toMatch(/Maya is vegan/);
    expect((await texts("Celiac disease runs in my family.", "Maya Brooks"))[0] ?? "").not.toMatch(/Maya is celiac/);
    // A line break between sentences stays.
    expect((await facts([msg("user", "My wife Linda called.\nShe loves Italian.")], "Frank Miller")).map((f) => f.text).join(" ")).toMatch(/Linda loves Italian/);
  });

  it("a caregiver's 'Dad' is their dad, and 'him' after it too (2026-12-02)", async () => {
    const texts = async (ms: ConversationMessage[]) => (await facts(ms, "Hannah Weiss")).filter((f) => f.kind !== "remark").map((f) => f.text);
    const moved = msg("user", "Dad moved into assisted living at Maple Grove last week. It was the right call but I feel guilty.");
    expect((await texts([moved]))[0]).toMatch(/^Hannah's dad moved into assisted living/);
    const ack = msg("assistant", "That's a hard decision, and a caring one.");
    expect(await texts([msg("user", "I visit him Tuesdays and Saturdays now.")].map((m) => m))).toEqual(["Hannah visits him Tuesdays and Saturdays now."]);
    const out = await extractor.extract({ userName: "Hannah Weiss", messages: [msg("user", "I visit him Tuesdays and Saturdays now.")], context: [moved, ack] });
    expect(out[0]!.text).toBe("Hannah visits their dad Tuesdays and Saturdays now.");
  });

  it("after a remark, a short message that says nothing of it is news of its own, not a reply to it", async () => {
    const remark = msg("assistant", "Pickles is a great name!");
    const [f] = await facts([remark, msg("user", "1 year sober next month :)")], "Jordan Blake");
    expect(f!.text).toMatch(/^Jordan is 1 year sober next month \(\w+ \d{4}\)$/);
    // "Same here!" still answers it.
    const [g] = await facts([msg("assistant", "I love a slow Sunday morning."), msg("user", "Same here, with coffee!")], "Jordan Blake");
    expect(g!.text).toMatch(/slow Sunday morning/);
  });

  it("after a remark (no question), a bare 'yes so much' does not make the news that follows a reply", async () => {
    const q = msg("assistant", "That must help with Zuri.");
    const out = (await facts([q, msg("user", "yes so much. also we're buying a house in Decatur, closing in August")], "Amara Okafor")).filter((f) => f.kind !== "remark");
    expect(out.map((f) => f.text)).toHaveLength(1);
    expect(out[0]!.text).toMatch(/^Amara and (?:family|others) are buying a house in Decatur, closing in August$/);
    // A reply that says something of the remark ("it's tough") keeps it: it is what the news answers.
    const remark = msg("assistant", "Great that you're prioritizing self-care.");
    const [f] = await facts([remark, msg("user", "Yeah, it's tough. So I'm carving out some me-time each day.")], "Melanie");
    expect(f!.text).toMatch(/^Replying to "Great that you're prioritizing self-care\.", Melanie said: /);
  });

  it("keeps a short statement about someone named, and a list answer's first item", async () => {
    const texts = async (content: string, question?: string) =>
      (await facts(question ? [msg("assistant", question), msg("user", content)] : [msg("user", content)])).filter((f) => f.kind !== "remark").map((f) => f.text);
    expect((await texts("Sofia is pregnant! My first grandchild, in November.")).join(" ")).toMatch(/^Sofia is pregnant!/);
    const garden = await texts("Tomatoes, figs, some olives. I have a heart problem, atrial fibrillation, I take warfarin.", "What do you grow in your garden?");
    expect(garden[0]).toMatch(/Ash said: Tomatoes, figs, some olives\.$/);
    // Two statements joined by a comma are two facts: a switch of medication must not take the condition with it.
    expect(garden.slice(1)).toEqual(["Ash has a heart problem, atrial fibrillation.", "Ash takes warfarin."]);
    expect(splitClauses("When I was young, I lived in Rome.")).toEqual(["When I was young, I lived in Rome."]);
    expect(splitClauses("Honestly, I love it.")).toEqual(["Honestly, I love it."]);
    expect(splitClauses("I love hiking, I go every weekend.")).toEqual(["I love hiking.", "I go every weekend."]);
    // A name spoken to still goes ("Mel, that's great").
    expect(await texts("Mel, I got the job!")).toEqual(["Ash got the job!"]);
  });

  it("splits very long messages at sentence boundaries into facts of ≤ 400 characters", async () => {
    const sentence = "I spent the whole afternoon repainting the kitchen cabinets a deep forest green colour.";
    const u = msg("user", Array.from({ length: 12 }, () => sentence).join(" "));
    const out = await facts([u]);
    expect(out.length).toBeGreaterThan(1);
    for (const f of out) {
      expect(f.text.length).toBeLessThanOrEqual(400);
      expect(f.sourceIds).toEqual([u.id]);
    }
    expect(out.map((f) => f.text).join(" ")).toBe(Array.from({ length: 12 }, () => sentence.replace("I spent", "Ash spent")).join(" "));
  });
});

describe("a student and a new mother (2026-12-02, seventh read)", () => {
  it("a standing request after 'so' is the user's request, with its reason; no 'Asked' before a statement of their own", async () => {
    const [f, ...rest] = await facts(
      [msg("user", "i have ADHD so pls keep answers short and give me checklists")],
      "Jordan Reyes",
      [msg("user", "hey, i'm a sophomore at UT Austin"), msg("assistant", "Hey Jordan! What can I help with?")],
    );
    expect(rest).toEqual([]);
    expect(f!.text).toBe("Jordan has ADHD, so Jordan asks to keep answers short and give them checklists");
  });

  it("after a remark naming someone, news with that person as its subject is news, not a reply", async () => {
    const ctx = [msg("user", "Also I decided to extend my leave until September."), msg("assistant", "Enjoy the extra time with Mila.")];
    const [f] = await facts([msg("user", "Mila's pediatrician is Dr. Okafor, next checkup is May 2nd.")], "Hannah Weber", ctx);
    expect(f!.text).toMatch(/^Mila's pediatrician is Dr\. Okafor/);
    // What points back at the remark still needs it.
    const party = [msg("user", "Mila's party is on Saturday."), msg("assistant", "Hope Mila enjoys the party.")];
    const [g] = await facts([msg("user", "Mila loved it, thanks!")], "Hannah Weber", party);
    expect(g!.text).toMatch(/^Replying to/);
  });

  it("the user's diet and a partner's allergy said together are two statements (a diet change must not take the allergy)", async () => {
    expect(splitClauses("I'm vegetarian, and my partner Jonas is allergic to shellfish so we never cook it at home.")).toEqual([
      "I'm vegetarian.",
      "my partner Jonas is allergic to shellfish so we never cook it at home.",
    ]);
    // Not a list of people, nor "and my" without a statement of its own.
    expect(splitClauses("I live with my wife and my two kids.")).toEqual(["I live with my wife and my two kids."]);
    expect(splitClauses("I love hiking and my dog loves it too.")).toEqual(["I love hiking.", "my dog loves it too."]);
  });

  it("a request for a language is a preference, and 'when you can' keeps no 'you' in it", async () => {
    const [f] = await facts([msg("user", "Please answer me in Spanish when you can, my English is ok but Spanish is easier.")], "Camila Ortiz");
    expect(f!.text).toBe("Camila asks to answer them in Spanish, their English is ok but Spanish is easier.");
    // The language to answer in is a standing preference, not a one-off request.
    expect(f!.kind ?? "fact").toBe("fact");
  });

  it("'New mom here, …' says who the user is", async () => {
    const texts = (await facts([msg("user", "Hi! New mom here, my daughter Mila was born on January 9th. I'm on maternity leave until June.")], "Hannah Weber")).map((f) => f.text);
    expect(texts.join(" ")).not.toMatch(/here,/);
    expect(texts.join(" ")).toMatch(/Hannah is a new mom/);
    expect(texts.join(" ")).toMatch(/Hannah's daughter Mila was born on January 9th/);
  });
});

describe("a caregiver, a veteran and a grad student (2026-12-02, eighth read)", () => {
  it("a sentence that opens with 'My' is the user's, wherever it stands in the fact", () => {
    expect(toThirdPerson("I'm a nurse. My mom lives with me.", { name: "Grace" })).toBe("Grace is a nurse. Grace's mom lives with Grace.");
  });

  it("a shouted sentence reads as a sentence; short capitals that are no word stay; an emphatic 'myself' is dropped", async () => {
    expect(unshout("WE GOT MATCHED. twins, boy and girl")).toBe("We got matched. twins, boy and girl");
    expect(unshout("I LOVE NYC")).toBe("I love NYC");
    expect(unshout("OMG my sister is here")).toBe("OMG my sister is here");
    expect(toThirdPerson("I'm allergic to shellfish myself", { name: "Sofia" })).toBe("Sofia is allergic to shellfish");
    expect(toThirdPerson("I'm proud of myself", { name: "Sofia" })).toMatch(/proud of/);
  });

  it("'Wife Linda and the boys …' is the user's wife; 'Long haul trucker here' says who the user is", async () => {
    const [f] = await facts([msg("user", "Wife Linda and the boys are in Tulsa.")], "Ray Dawson");
    expect(f!.text).toBe("Ray's wife Linda and the boys are in Tulsa.");
    const texts = (await facts([msg("user", "Long haul trucker here, 15 years. I'm on the road 3 weeks at a time.")], "Ray Dawson")).map((x) => x.text).join(" ");
    expect(texts).toMatch(/^Ray is a long haul trucker/);
    // A relation word that is no one's ("Son of a gun") or a list ("Wife, kids, dog") stays.
    const [g] = await facts([msg("user", "Son of a gun, I won the raffle!")], "Ray Dawson");
    expect(g!.text).not.toMatch(/Ray's son/);
  });

  it("chat shorthand is the user's (2026-12-03, ninth read): an age then a role, 'N months no cigarettes', 'parents are …', 'mom …', 'so short answers pls', 'Biggest client is …'", async () => {
    const one = async (text: string, name = "Tyler Brooks") => (await facts([msg("user", text)], name)).map((f) => f.text).join(" | ");
    expect(await one("yo. 16, junior in high school, i have adhd so short answers pls")).toBe("Tyler is 16, a junior in high school, Tyler has adhd, so Tyler asks for short answers");
    expect(await one("3 months no cigarettes!")).toBe("Tyler has gone 3 months without cigarettes!");
    expect(await one("trying to quit smoking, 2 weeks no cigarettes")).toBe("Tyler is trying to quit smoking, Tyler has gone 2 weeks without cigarettes");
    expect(await one("parents are divorced, i'm at my mom's during the week")).toMatch(/^Tyler's parents are divorced/);
    expect(await one("mom finished chemo and her scans are clear!")).toMatch(/^Tyler's mom finished chemo/);
    expect(await one("english is my second language so pls keep it simple")).toBe("English is Tyler's second language, so Tyler asks to keep it simple");
    expect(await one("Biggest client right now is Lumen Coffee, rebrand due end of March")).toBe("Tyler's biggest client right now is Lumen Coffee, rebrand due end of March");
    expect(await one("Knee is healing well, walking without the cane now")).toMatch(/^Tyler's knee is healing well/);
    expect(await one("My husband Jim has early stage Alzheimer's and I'm his main caregiver")).toBe("Tyler's husband Jim has early stage Alzheimer's. | Tyler is Jim's main caregiver");
    expect(await one("My mom lives alone and I do her groceries")).toBe("Tyler's mom lives alone. Tyler does their mom's groceries");
    expect(await one("Settled in Toronto now, Kofi and I live together in Leslieville")).toMatch(/Kofi and Tyler live together in Leslieville/);
    expect(await one("I'm vegan, have been since college")).toBe("Tyler is vegan, Tyler has been since college");
    // A correction reads as the statement corrected; "no X please" is a request.
    expect(await one("sorry, correction: it's not peanuts, I'm allergic to cashews")).toBe("Tyler is allergic to cashews, not peanuts");
    expect(await one("and Amina lives in Manchester, not Leeds, my mistake")).toBe("Amina lives in Manchester, not Leeds");
    // "sorry" is a sign-off only after a comma: "I was sorry" says something.
    expect(await one("I told my sister I was sorry")).toBe("Tyler told their sister Tyler was sorry");
    expect(await one("Amina lives in Manchester, sorry")).toBe("Amina lives in Manchester");
    expect(await one("no meetings before 10am please, I'm useless in the morning")).toBe("Tyler asks for no meetings before 10am | Tyler is useless in the morning");
    // Dictated chat: "cant" stays a negative, "Had a …" and "Live in …" are the user's; "give her" gives to her.
    expect(await one("Had a relapse in july so im on short term disability until october")).toMatch(/^Tyler had a relapse in july so Tyler is on short term disability/);
    expect(await one("my neurologist switched me to ocrevus and i cant do heat so no saunas")).toMatch(/Tyler cant do heat/);
    expect(await one("Live in Boulder with my girlfriend Nina")).toBe("Tyler lives in Boulder with their girlfriend Nina");
    const [give] = await facts([msg("user", "Never give her chocolate obviously")], "Tyler Brooks", [msg("user", "My mom lives alone."), msg("assistant", "Noted.")]);
    expect(give!.text).toBe("Tyler asks to never give their mom chocolate");
    // Not every superlative is the user's thing.
    expect(await one("Best part is the view.")).not.toMatch(/Tyler's best part/);
  });

  it("chat shorthand, tenth read (2026-12-03): 'Farm 600 acres', 'Bad allergy to …', 'Knee's good', a start date said after the news", async () => {
    const one = async (text: string, name = "Earl Lindqvist") => (await facts([msg("user", text)], name)).map((f) => f.text).join(" | ");
    expect(await one("Farm 600 acres of corn and soybeans outside Ames, Iowa. Third generation.")).toMatch(/^Earl farms 600 acres of corn/);
    expect(await one("Bad allergy to bee stings, I carry two EpiPens in the truck")).toBe("Earl has a bad allergy to bee stings, Earl carries two EpiPens in the truck");
    expect(await one("Knee's good as new, back on the combine for harvest")).toMatch(/^Earl's knee's good as new/);
    // "I start in June" says when the news before it starts: one fact, not "Earl starts in June".
    expect(await one("I got a job offer from Target's analytics team, I start in June")).toBe("Earl got a job offer from Target's analytics team, Earl starts in June");
    // A standing request with when it holds ("when you suggest places") is the user's, a fact.
    const [access] = await facts([msg("user", "Please always check step-free access when you suggest places.")], "Jordan Ellis");
    expect(access).toMatchObject({ text: "Jordan asks to always check step-free access when you suggest places." });
    expect(access!.kind).toBeUndefined();
    // News about someone named that the question did not ask about, and the user's own after it: no answer to it.
    const dog = await facts([msg("assistant", "How's the new place?"), msg("user", "Biscuit retired, he's 10 now. My new service dog is Juniper")], "Jordan Ellis");
    expect(dog.map((f) => f.text)).toEqual(["Biscuit retired, he's 10 now. Jordan's new service dog is Juniper"]);
    // An imperative is not the user's: "Run the numbers for me" stays a request.
    expect(await one("Run the numbers for me please")).not.toMatch(/Earl runs/);
  });

  it("'she' / 'her' is the one woman the user's recent messages named, even two messages back", async () => {
    const ctx = [
      msg("user", "Mom's neurologist added memantine to the donepezil."),
      msg("assistant", "Thanks for letting me know."),
      msg("user", "I visit her every Tuesday and Friday after work."),
      msg("assistant", "That's wonderful for her."),
    ];
    const [f] = await facts([msg("user", "she's allergic to penicillin btw, facility has it on file")], "Grace Okonkwo", ctx);
    expect(f!.text).toMatch(/^Grace's mom is allergic to penicillin/);
    const [g] = await facts([ctx[2]!], "Grace Okonkwo", ctx.slice(0, 2));
    expect(g!.text).toBe("Grace visits their mom every Tuesday and Friday after work.");
    // "His meds mostly." answering a question stays a reply once "His" is the dad's.
    const dad = [msg("user", "Hi, I'm looking after my dad, he's 81 and has Parkinson's."), msg("assistant", "I'm glad to help, Hannah. What do you need to keep track of?")];
    const [d] = await facts([msg("user", "His meds mostly. He takes levodopa four times a day, and he can't have protein close to the doses.")], "Hannah Weiss", dad);
    expect(d!.text).toMatch(/^Asked "What do you need to keep track of\?", Hannah said: Hannah's dad's meds mostly/);
    // Possessive "her": the same woman's.
    const [h] = await facts([msg("user", "I keep track of her appointments and meds.")], "Grace Okonkwo", ctx.slice(0, 2));
    expect(h!.text).toMatch(/their mom's appointments and meds/);
    // Two women named: left as it is.
    const two = [msg("user", "My mom and my sister both live nearby."), msg("assistant", "How nice!"), msg("user", "Sundays are busy."), msg("assistant", "I bet.")];
    const [k] = await facts([msg("user", "she's allergic to penicillin")], "Grace Okonkwo", two);
    expect(k!.text).not.toMatch(/mom|sister/);
  });
});

describe("relative dates", () => {
  it("appends absolute dates (UTC) to relative phrases", () => {
    expect(resolveRelativeDates("yesterday", T)).toBe("yesterday (19 January 2023)");
    expect(resolveRelativeDates("today and tomorrow", T)).toBe("today (20 January 2023) and tomorrow (21 January 2023)");
    expect(resolveRelativeDates("last week, next week", T)).toBe(
      "last week (week of 9 January 2023), next week (week of 23 January 2023)",
    );
    expect(resolveRelativeDates("last month and last year", T)).toBe("last month (December 2022) and last year (2022)");
    expect(resolveRelativeDates("this weekend", T)).toBe("this weekend (weekend of 21 January 2023)");
    expect(resolveRelativeDates("last weekend", T)).toBe("last weekend (weekend of 14 January 2023)");
    expect(resolveRelativeDates("Next Fri", T)).toBe("Next Fri (27 January 2023)");
    expect(resolveRelativeDates("3 days ago", T)).toBe("3 days ago (around 17 January 2023)");
    expect(resolveRelativeDates("yesterday (19 January 2023)", T)).toBe("yesterday (19 January 2023)");
  });

  it("resolves against each message's own timestamp", async () => {
    const u = msg("user", "I adopted a puppy yesterday.", new Date("2024-03-01T10:00:00Z"));
    const [f] = await facts([u]);
    expect(f!.text).toBe("Ash adopted a puppy yesterday (29 February 2024).");
    expect(f!.occurredAt).toEqual(new Date("2024-03-01T10:00:00Z"));
  });
});

describe("offline reconcile", () => {
  const fact = (text: string): ExtractedFact => ({ text, sourceIds: ["x"], occurredAt: T });

  it("NONE for a known memory (normalized), NONE for a duplicate in the batch, else ADD", async () => {
    const existing = [
      { id: "mem_1", text: "Ash loves sushi.", sourceIds: ["a"] },
      { id: "mem_2", text: "Ash has a dog named Max", sourceIds: ["b"] },
    ];
    const f = [fact("ash  LOVES sushi"), fact("Ash plays tennis."), fact("Ash plays tennis"), fact("Ash has a cat")];
    const decisions = await extractor.reconcile(f, existing);
    expect(decisions).toEqual([
      { action: "NONE", memoryId: "mem_1", fact: f[0] },
      { action: "ADD", fact: f[1] },
      { action: "NONE", fact: f[2] },
      { action: "ADD", fact: f[3] },
    ]);
    expect(await extractor.reconcile([], existing)).toEqual([]);
    expect(normalizeFactText("  Ash’s   dog, Max!  ")).toBe("ashs dog max");
  });
});

describe("'no' that opens a message (twelfth read, 2026-12-03)", () => {
  it("after a remark, 'No more walker' and 'no raw fish for me now' are news, not a reply to it; 'No, …' still replies", async () => {
    const remark = msg("assistant", "That sounds like a big change.");
    expect((await facts([remark, msg("user", "No more walker, I'm walking on my own again")], "Greta Holm"))[0]!.text).toBe("No more walker, Greta is walking on their own again");
    const congrats = msg("assistant", "Congratulations!");
    expect((await facts([congrats, msg("user", "no raw fish for me now, so no hwe or sushi")], "Sun-hee Park"))[0]!.text).not.toMatch(/^Replying to/);
    expect((await facts([remark, msg("user", "No, it was time")], "Greta Holm"))[0]!.text).toMatch(/^Replying to "That sounds like a big change\."/);
    // After a question, the answer keeps its question.
    expect((await facts([msg("assistant", "Do you eat fish?"), msg("user", "No fish for me, I'm vegetarian")], "Greta Holm"))[0]!.text).toMatch(/^Asked "Do you eat fish\?"/);
  });
});
