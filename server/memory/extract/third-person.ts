/**
 * Rewrites a user's first-person sentence into the third person, keeping everything else
 * verbatim: "I love sushi and usually eat late dinners around 9pm" →
 * "Ash loves sushi and usually eats late dinners around 9pm".
 *
 * Rules (heuristic, no parser):
 * - I'm / I am → <S> is; I've → <S> has; I'll → <S> will; I'd → <S> would (had before
 *   been/better/gone/…); I was → <S> was.
 * - I + [adverbs] + verb: the verb is conjugated (have → has, do → does, go → goes, don't →
 *   doesn't, -s/-sh/-ch/-x/-z/-o → +es, consonant+y → -ies, else +s). Modals, past tenses,
 *   "-n't" forms and -ing forms are left alone.
 * - A second verb of the same clause after and/but/or/then is conjugated too when it is a
 *   common verb and either follows an adverb or is followed by more words
 *   ("… and usually eat late dinners" → "… and usually eats late dinners").
 * - Questions ("what should I eat", "do I need") keep the verb; do/have/am before I become
 *   does/has/is.
 * - my → <S>'s, or "their" once <S> already appears in the sentence; mine → <S>'s;
 *   me → <S>; myself → themselves (or <S> when not yet mentioned).
 * - we → "<S> and family" / "<S> and team" / "<S> and others" (by the sentence's words; the
 *   verb is already plural); we're / we've / we'll / we'd likewise; us → them (or "<S> and …");
 *   our → <S>'s, or "their" once <S> appears; ours → theirs; ourselves → themselves.
 * - Text inside double quotes is left unchanged (someone else's words).
 *
 * <S> is the user's first name, or "User" at the start of a sentence and "the user" elsewhere
 * when the name is unknown.
 */

export interface Subject {
  /** First name, or null when unknown. */
  name: string | null;
  /** Who "we" is when a sentence's own words do not say (from its message and the turn it answers). */
  we?: "family" | "team" | null;
}

/** Who "we" is by a whole text's words: the family, the team, or unknown. */
export function weContext(text: string): "family" | "team" | null {
  const lower = (text.toLowerCase().match(/[a-z]+/g) ?? []);
  if (lower.some((w) => FAMILY_CONTEXT.has(w))) return "family";
  if (lower.some((w) => TEAM_CONTEXT.has(w))) return "team";
  return null;
}

/** "Ash Lewis" → "Ash"; blank or null → null. */
export function firstName(userName: string | null | undefined): string | null {
  const first = (userName ?? "").trim().split(/\s+/)[0];
  return first ? first : null;
}

const ADVERBS = new Set(
  `usually always also really just never often sometimes still even actually definitely totally
  honestly truly rarely seldom generally normally typically mostly already kinda only absolutely
  literally personally probably certainly now finally recently currently especially simply
  basically seriously barely hardly occasionally frequently regularly constantly mainly genuinely
  secretly so def then sincerely gladly happily mostly nearly almost usually once`.split(/\s+/),
);

const MODALS = new Set(
  `can could will would shall should may might must ought need'nt dare used cannot`.split(/\s+/),
);

const IRREGULAR_PAST = new Set(
  `went was were had did got made took saw came found gave told felt thought knew left met bought
  brought caught taught began ran ate drank wrote said sat stood slept spent sent lost won kept held
  heard paid built became broke chose drove flew forgot grew hung hid led lit meant rode rang rose
  sang shot shook sold spoke stole swam threw understood woke wore fell fed fought drew dug dealt
  bit blew froze swore tore sought sank spun struck sprang stuck stung slid bent lent bled bred fled
  sped gotten been done gone seen taken given known begun`.split(/\s+/),
);

/** Present-tense verbs that end in -ed. */
const ED_PRESENT = new Set(
  `need feed bleed breed speed succeed proceed exceed heed seed weed shed wed shred embed`.split(/\s+/),
);

/** Words after "I" that are not a verb to conjugate. */
const NOT_VERB = new Set(
  `and or but nor too also as if myself alone a an the to of in on at for with from by not`.split(/\s+/),
);

const SPECIAL_CONJUGATION: Record<string, string> = {
  am: "is",
  are: "is",
  be: "is",
  have: "has",
  do: "does",
  go: "goes",
  "don't": "doesn't",
  dont: "doesnt",
  // Negatives written without the apostrophe stay as written ("I cant do heat" → "cant", not "cants").
  cant: "cant",
  wont: "wont",
  didnt: "didnt",
  couldnt: "couldnt",
  wouldnt: "wouldnt",
  shouldnt: "shouldnt",
  "haven't": "hasn't",
  havent: "hasnt",
  "aren't": "isn't",
  were: "was",
  "weren't": "wasn't",
  wanna: "wants to",
  gotta: "has to",
};

/** Inverted questions: the auxiliary before "I" changes instead of the verb after it. */
const INVERSION: Record<string, string> = {
  do: "does",
  have: "has",
  am: "is",
  "don't": "doesn't",
  dont: "doesnt",
  "haven't": "hasn't",
  "aren't": "isn't",
  "ain't": "isn't",
  were: "was",
};
const AUXILIARIES = new Set([
  ...Object.keys(INVERSION),
  ...`does did was can could will would shall should may might must didn't wasn't can't couldn't
  won't wouldn't shouldn't`.split(/\s+/),
]);

/** Common base-form verbs: conjugated after a coordinating conjunction of an "I" clause. */
const COMMON_VERBS = new Set(
  `love like enjoy eat drink go play work live want need have do make take get think know feel
  prefer hate watch read write cook run walk hike swim travel visit teach learn study practice
  practise dance sing paint draw listen try plan hope wish use buy spend own keep stay leave come
  see look find give help call text talk speak meet start stop finish begin miss care believe
  remember forget wake sleep train exercise bake grow collect volunteer drive ride fly wear
  mean say tell ask show bring build create design lead manage run open close move rent share
  save pay earn sell order host join attend visit explore relax rest shop clean fix code
  program write edit film shoot record perform compete win lose coach mentor support raise
  adore admire appreciate avoid fear worry wonder struggle tend plan intend expect feel seem
  become remain sit stand lie hang read sketch knit sew garden fish hunt climb surf ski skate
  bike cycle jog lift meditate pray celebrate cry laugh smile dream`.split(/\s+/),
);

const CONJUNCTIONS = new Set(["and", "but", "or", "then", "&"]);
/** Words that end the current "I" clause (a new subject or a subordinate clause starts). */
const CLAUSE_BREAK = new Set(
  `he she they we you it who which that because when while if although though since where there
  his her their our your its this these those`.split(/\s+/),
);
/** Words that say who "we" is: the user's family or household, or their team at work. */
const FAMILY_CONTEXT = new Set(
  `family kids kid children child son sons daughter daughters husband wife partner baby home house mom dad parents
  brother sister dog cat pets vacation holiday camping trip dinner wedding married anniversary ivf fertility pregnancy
  grandchildren grandkids grandson granddaughter grandsons granddaughters pregnant embryo miscarriage adoption adopt adopted nursery honeymoon engaged puppy kitten corgi lab retriever
  poodle terrier beagle husky shepherd bulldog dachshund`.split(/\s+/),
);
const TEAM_CONTEXT = new Set(
  `team company startup round seed funding investors product launch customers clients office revenue hiring hire
  business store studio shop brand sales deal deals board release roadmap sprint engineers employees`.split(/\s+/),
);

/** "my cofounder Sarah Chen … we": the one person the sentence introduces as theirs is who "we" includes. */
const COMPANION_RELATIONS = new Set(
  `cofounder co-founder partner husband wife boyfriend girlfriend fiance fiancee friend bestie buddy sister brother mom
  mother dad father son daughter cousin aunt uncle grandma grandpa colleague coworker boss manager mentor roommate neighbor`.split(/\s+/),
);

function weGroup(words: Word[], fallback: "family" | "team" | null = null): string {
  const names = new Set<string>();
  words.forEach((w, i) => {
    const next = words[i + 1]?.text ?? "";
    // "my sister Lena" — not "our daughter Sofia", where "we" is the family.
    if (norm(words[i - 1]?.text ?? "") === "my" && COMPANION_RELATIONS.has(norm(w.text)) && /^[A-Z][a-z]+$/.test(next)) names.add(next);
  });
  if (names.size === 1) return [...names][0]!;
  const lower = words.map((w) => norm(w.text));
  // "We got married last weekend": the user and their partner, not "and family".
  if (/\b(?:got|get|getting|are getting) (?:married|engaged|hitched)\b|\beloped\b|\btied the knot\b/.test(lower.join(" "))) return "their partner";
  if (lower.some((w) => FAMILY_CONTEXT.has(w))) return "family";
  if (lower.some((w) => TEAM_CONTEXT.has(w))) return "team";
  return fallback ?? "others";
}

/** Verbs whose past is their present form ("I quit", "I put"). */
const SAME_IN_PAST = new Set(`quit put set cut read hit let hurt shut cost split spread bet cast upset`.split(/\s+/));
/** Of those, the ones a first-person chat statement means in the past ("I quit the choir", "I hurt my knee"). */
const PAST_BY_DEFAULT = new Set(`quit hurt split upset`.split(/\s+/));
/** What makes it a habit ("I quit sugar every January"). */
const HABITUAL = /\b(?:every|each|usually|always|often|never|whenever|sometimes|normally|typically)\b/i;
/** Adverbs before such a verb that say it happened ("I just put", "I finally cut"). */
const DONE_ADVERBS = new Set(`just recently finally already`.split(/\s+/));
/** Words that put a sentence in the past. */
const PAST_CONTEXT = /\b(?:was|were|had|did|ago|yesterday|last (?:night|week|weekend|month|year|time|summer|winter|spring|fall)|back then|in (?:19|20)\d\d)\b/i;

/** "I'd" means "I had" before these. */
const HAD_AFTER_ID = new Set(`been better gone done seen had got gotten never already`.split(/\s+/));

function matchCase(original: string, replacement: string): string {
  if (original.length > 0 && original[0] === original[0]!.toUpperCase() && original[0] !== original[0]!.toLowerCase()) {
    return replacement[0]!.toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

function isPast(lw: string): boolean {
  if (IRREGULAR_PAST.has(lw)) return true;
  return lw.endsWith("ed") && !ED_PRESENT.has(lw);
}

/** Third-person singular of a present-tense verb, or null to leave the word unchanged. */
export function conjugate(word: string): string | null {
  const lw = word.toLowerCase().replace(/’/g, "'");
  const special = SPECIAL_CONJUGATION[lw];
  if (special !== undefined) return matchCase(word, word.includes("’") ? special.replace(/'/g, "’") : special);
  if (lw.length < 2 || NOT_VERB.has(lw) || MODALS.has(lw) || ADVERBS.has(lw)) return null;
  if (!/^[a-z]+$/.test(lw)) return null; // contractions (didn't, can't, won't), numbers, …
  if (isPast(lw) || (lw.endsWith("ing") && !ING_BASE_VERBS.has(lw))) return null;
  if (/(s|sh|ch|x|z|o)$/.test(lw)) return word + "es";
  if (/[^aeiou]y$/.test(lw)) return word.slice(0, -1) + "ies";
  return word + "s";
}

/** Adverbs a subject-less sentence may open with before its verb ("Now working with …", "Just moved"). */
const LEAD_ADVERBS = new Set(["now", "still", "currently", "finally", "also", "just", "mostly", "recently", "officially"]);

/** Verbs whose base form ends in -ing ("I sing in a choir" → "sings"). */
const ING_BASE_VERBS = new Set(["sing", "bring", "swing", "ring", "sting", "cling", "fling", "wring", "spring", "sling"]);

/** -ed words that, first in a subject-less sentence, are adjectives: "Excited to go!" → "<S> is excited to go!". */
const ED_ADJECTIVES = new Set(
  `excited tired bored interested stressed worried pleased thrilled surprised amazed scared
  married retired obsessed blessed stoked pumped exhausted overwhelmed relieved disappointed
  annoyed confused delighted impressed inspired motivated frustrated determined engaged
  satisfied terrified shocked embarrassed exhausted hooked`.split(/\s+/),
);
/** -ing words that are things, not what someone is doing ("Nothing new", "Morning run done"). */
const ING_NOUNS = new Set(
  `nothing something anything everything morning evening wedding building ceiling thing king ring spring sibling
  string swing wing sing bring darling pudding stuffing icing frosting clothing bedding lightning feeling meeting
  painting drawing reading writing setting ending beginning offering earring during`.split(/\s+/),
);
/** -ing words that describe rather than do ("Exciting but kinda nerve-wracking"). */
const ING_ADJECTIVES = new Set(
  `exciting amazing interesting boring annoying confusing terrifying surprising tiring exhausting frustrating
  stunning inspiring relaxing challenging rewarding charming disappointing depressing overwhelming satisfying
  heartbreaking refreshing fascinating promising thrilling embarrassing shocking worrying amusing`.split(/\s+/),
);
/** What follows a verb's -ing form: its object or a preposition ("Training for", "Loving the new job"). */
const ING_OBJECT = /^(?:for|to|about|on|with|at|in|into|the|a|an|my|our|this|that|some|up|out|back|through|from|over|toward|towards|around|his|her|their|it|really|so|more|less|again|hard|home|two|three|four|five|six|\d+|time|off|abroad)$/i;
/** A finite verb after the first word: the sentence has a verb of its own. */
const FINITE_AFTER = /\b(?:is|are|was|were|am|has|have|had|does|do|did|makes|made|keeps|kept|helps|helped|gives|gave|takes|took|feels|felt|seems|looks|sounds|can|could|will|would|should|must|may|might)\b|['’](?:s|re|ve|d|ll|m)\b/i;
/** Contracted negatives that start a subject-less sentence ("Can't believe it's over"). */
const IMPLICIT_NEGATIVES = new Set(
  `can't cant couldn't couldnt didn't didnt wasn't wasnt won't wont cannot`.split(/\s+/),
);

function lowerFirst(w: string): string {
  // Keep acronyms and proper-looking words ("OK", "iPhone") as they are.
  return w.length > 1 && w[1] === w[1]!.toLowerCase() ? w[0]!.toLowerCase() + w.slice(1) : w;
}

/**
 * When a statement starts with a capitalized verb and no subject, the subject is the user:
 * returns "" (prefix the subject), "is" (prefix "<S> is") or "has", else null. Questions are
 * skipped ("Wanna see my moves?" means "do you wanna").
 */
/**
 * "Grad student at Kyoto University", "Nurse at St Mary's, nights": what the user is, said
 * without "I'm a" (a role, then where or whom it is for).
 */
/** Words that name what someone does for a living or studies (said bare, "Nurse at St Mary's"). */
export const ROLE_WORDS = [
  "student", "nurse", "teacher", "engineer", "developer", "designer", "doctor", "lawyer", "pharmacist", "chef", "cook", "researcher",
  "scientist", "professor", "lecturer", "analyst", "consultant", "accountant", "architect", "manager", "founder", "cofounder",
  "co-founder", "intern", "resident", "paramedic", "firefighter", "officer", "programmer", "writer", "editor", "journalist",
  "photographer", "therapist", "counselor", "counsellor", "librarian", "mechanic", "electrician", "plumber", "carpenter",
  "barista", "bartender", "waiter", "waitress", "driver", "truck driver", "trucker", "pilot", "veteran", "volunteer", "freelancer",
  "contractor", "postdoc", "undergrad", "undergraduate", "sophomore", "freshman", "junior", "senior", "assistant", "aide",
  "technician", "receptionist", "stylist", "hairdresser", "baker", "caregiver", "carer", "farmer", "soldier", "realtor", "retiree",
  "coach", "artist", "musician", "athlete", "owner", "dev", "welder", "midwife", "dietitian", "tutor", "translator",
];

const BARE_ROLE = new RegExp(
  `^(?:(?!(?:my|our|your|his|her|their|the|a|an|this|that|no|every|each|some|i|we|you|he|she|they|it)\\b)[A-Za-z'’-]+ ){0,2}?(?:${ROLE_WORDS.join("|")})(?= (?:at|in|for|with|from|of|based)\\b|\\s*[,;.!]|\\s*$)`,
  "i",
);

function implicitSubject(words: Word[], seps: string[], sentence: string): "" | "is" | "has" | "is a" | "is an" | null {
  const first = words[0];
  if (!first || seps[0]!.trim() !== "" || sentence.trimEnd().endsWith("?")) return null;
  const role = BARE_ROLE.exec(sentence.trim());
  const afterRole = role ? sentence.trim().slice(role[0].length).split(/[,;.!]/)[0]! : "";
  // Not when someone of that role does something ("Doctor at the clinic said …").
  if (role && words.length >= 2 && !FINITE_AFTER.test(afterRole) && !/\b(?:said|says|told|tells|thinks|thought|wants|wanted|gave|asked|recommended|suggested|(?!based\b)[a-z]+ed)\b/i.test(afterRole)) {
    return /^[aeiou]/i.test(first.text) ? "is an" : "is a";
  }
  // "Type 1 diabetic, I wear a pump", "Allergic to nuts btw": what the user is.
  // Not when the word names a thing ("Vegan food is great", "Celiac disease runs in my family").
  if (/^(?:(?:type [12]|severely|very|mildly|super|also|deathly|extremely|highly|seriously|dangerously|really|so|life[- ]threateningly) )?(?:diabetic|allergic|c[o]?eliac|vegan|vegetarian|pescatarian|lactose intolerant|gluten[- ]free|pregnant|epileptic|asthmatic|deaf|blind|hard of hearing)(?=\s*[,.!;:)]|\s*$|\s+(?:to|and|since|for|so|but|btw|too|as|now|here|lol|haha|myself|again|anymore)\b)/i.test(sentence.trim())) return "is";
  // "Back in Columbus", "Off crutches", "Cleared to play again": where or how the user is.
  if (/^(?:back (?:in|at|to|home|on)\b|off (?:the )?(?:crutches|boot|bed rest|meds|antibiotics|steroids|oxygen|work)\b|cleared (?:to|for)\b)/i.test(sentence.trim())) return "is";
  // "On parental leave until November", "On call this weekend": where the user is.
  if (/^on (?:(?:parental|maternity|paternity|medical|sick|annual|unpaid|study) )?(?:leave|vacation|holiday|sabbatical|call|bed rest)\b/i.test(sentence.trim())) return "is";
  // "1 year sober next month", "6 months pregnant": how long the user has been so.
  if (/^\d+\s+(?:days?|weeks?|months?|years?)\s+(?:sober|clean|married|pregnant|postpartum|smoke[- ]free|cancer[- ]free)\b/i.test(sentence.trim())) return "is";
  const w = first.text;
  // A sentence starts here: a capitalized word, or a lowercase one from someone who writes in lowercase.
  if (w[0] === w[0]!.toLowerCase() && (seps[0]!.length > 0 || !/^[a-z]/.test(w))) return null;
  if (w === w.toUpperCase()) return null;
  if (words.length < 2) return null;
  const lw = norm(w);
  if (ED_ADJECTIVES.has(lw)) return "is";
  // "Training for the Berlin marathon", "Going for a half marathon instead": what the user is doing,
  // unless a verb follows that makes the -ing word the subject ("Running is my therapy").
  // (A verb of a clause after a comma is that clause's: "Trying to quit, I've gone 2 weeks without".)
  if (/^[a-z]{2,}ing$/.test(lw) && !ING_NOUNS.has(lw) && !ING_ADJECTIVES.has(lw) && ING_OBJECT.test(words[1]!.text) && !FINITE_AFTER.test(sentence.slice(first.end).split(/[,;]/)[0]!)) return "is";
  if (PAST_BY_DEFAULT.has(lw)) return "";
  // "Now working mostly with Northwind Books", "Just moved to Denver": an adverb, then the verb.
  if (LEAD_ADVERBS.has(lw) && words.length >= 3) {
    const next = norm(words[1]!.text);
    if (/^[a-z]{2,}ing$/.test(next) && !ING_NOUNS.has(next) && !ING_ADJECTIVES.has(next) && (ING_OBJECT.test(words[2]!.text) || (/ly$/i.test(words[2]!.text) && ING_OBJECT.test(words[3]?.text ?? ""))) && !FINITE_AFTER.test(sentence.slice(words[1]!.end))) return "is";
    if (/^[a-z]+ed$/.test(next) && !ED_PRESENT.has(next) && !ED_ADJECTIVES.has(next) && next.length > 4 && !FINITE_AFTER.test(sentence.slice(words[1]!.end))) return "";
  }
  // "Not vegan anymore": what the user no longer is.
  if (lw === "not" && /\b(?:anymore|any more)\b/i.test(sentence) && !FINITE_AFTER.test(sentence.slice(first.end))) return "is";
  if (lw === "gonna") return "is";
  // "Had a relapse in July", "Had surgery last week": what happened to the user.
  if (lw === "had" && /^had (?:a|an|the|my|our|some|two|three|\d+|surgery|covid|the flu|(?:[a-z-]+ ){1,2}(?:surgery|operation|procedure|biopsy|scan|checkup|check-up|colonoscopy|injection|infusion|treatment))\b/i.test(sentence.trim())) return "";
  if (lw === "been") return "has";
  if (IMPLICIT_NEGATIVES.has(lw)) return "";
  if (IRREGULAR_PAST.has(lw) && !["was", "were", "had", "did", "been", "done", "gone", "seen", "taken", "given", "known", "begun", "gotten"].includes(lw)) return "";
  if (/^[a-z]+ed$/.test(lw) && !ED_PRESENT.has(lw) && lw.length > 4) return "";
  return null;
}

/** Chat ellipsis whose subject is the user ("Training for a marathon", "Lost my job"). */
export function hasImplicitSubject(sentence: string): boolean {
  const words: Word[] = [];
  for (const m of sentence.matchAll(WORD_RE)) words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  if (words.length === 0) return false;
  return implicitSubject(words, [sentence.slice(0, words[0]!.start)], sentence) !== null;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function norm(w: string): string {
  return w.toLowerCase().replace(/’/g, "'");
}

/**
 * Rewrites one sentence. `startOfSentence` tells whether the text starts a sentence (for
 * "User" vs "the user"). Returns the rewritten text.
 */
/** "…, so please never book seafood places" → "…, so I ask never to book …" (then in the third person). */
const PLEASE = /(^|[,;:]\s*(?:(?:so|and|but|then)\s+)?|\b(?:so|and|but)\s+)please,?\s+(?:(don't|don’t|do not|never|always)\s+)?(?=[a-z])/gi;
const PLEASE_NEGATION: Record<string, string> = { "don't": "not ", "don’t": "not ", "do not": "not ", never: "never ", always: "" };

export function toThirdPerson(sentence: string, subject: Subject, startOfSentence = true): string {
  // An emphatic "myself" after what the user is ("I'm allergic to shellfish myself") adds nothing
  // and has no pronoun to become: dropped.
  sentence = sentence.replace(/\b(I['’]m|I am)\b([^.,;!?]*?\S)\s+myself\b/g, (m, be: string, rest: string) => (/\b(?:by|for|to|with|of|about|at)$/i.test(rest) ? m : `${be}${rest}`));
  // A request the user makes is something they ask, not an imperative to whoever reads the fact.
  sentence = sentence.replace(PLEASE, (_m, lead: string, neg?: string) => {
    const n = neg ? PLEASE_NEGATION[neg.toLowerCase()] : "";
    return `${lead}I ask ${n}to ${neg?.toLowerCase() === "always" ? "always " : ""}`;
  }).replace(/(I ask (?:not |never )?to (?:always )?\w+) me\b/g, "$1 them");
  const words: Word[] = [];
  for (const m of sentence.matchAll(WORD_RE)) words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  if (words.length === 0) return sentence;

  const out: string[] = new Array<string>(words.length);
  for (let i = 0; i < words.length; i++) out[i] = words[i]!.text;
  const seps: string[] = [];
  for (let i = 0; i <= words.length; i++) {
    const from = i === 0 ? 0 : words[i - 1]!.end;
    const to = i === words.length ? sentence.length : words[i]!.start;
    seps.push(sentence.slice(from, to));
  }

  const name = subject.name;
  let mentioned = false;
  /** The user was last named as themselves ("Ash"), not as an owner ("Ash's kids"): "their" then points at them. */
  let namedLast = false;
  const subj = (i: number): string => {
    mentioned = true;
    namedLast = true;
    if (name) return name;
    return i === 0 && startOfSentence ? "User" : "the user";
  };
  const possessive = (i: number): string => {
    // A new sentence names its owner again ("Grace is a nurse. Grace's mom lives with Grace.").
    const opens = i > 0 && /[.!?]["')\]]*\s+$/.test(seps[i]!);
    // "Seeing Ash's kids smile makes their day": "their" would be the kids'; the name is clear.
    if (mentioned && namedLast && !opens) return i === 0 ? "Their" : "their";
    mentioned = true;
    if (name) return `${name}'s`;
    return i === 0 && startOfSentence ? "User's" : "the user's";
  };

  // Chat ellipsis without a subject ("Lost my job yesterday", "Went hiking", "Excited to go!").
  const implicit = implicitSubject(words, seps, sentence);
  if (implicit !== null) mentioned = namedLast = true;
  // "I quit my job" reads both ways: past when the sentence says it is ("When my son was born, I quit").
  const pastContext = PAST_CONTEXT.test(sentence);

  let inQuote = false;
  /** Inside an "I" clause whose verb was conjugated: a coordinated verb may follow. */
  let iClause = false;
  /** That clause's verb is a negated "do" ("I don't eat pork or drink …"): a verb after "or" shares it. */
  let negatedDo = false;
  /** An infinitive ("to cook") came after the verb: "and bake" belongs to it unless an adverb follows. */
  let afterTo = false;
  let sawISubject = false;

  /**
   * Conjugates the verb of an "I" subject: the first word from `j` on, after adverbs.
   * Returns the index after the verb (or `j` when there is no verb) and whether it changed.
   */
  const conjugateFrom = (j: number, coordinated: boolean): { next: number; changed: boolean } => {
    let k = j;
    let sawAdverb = false;
    for (;;) {
      if (k < words.length && ADVERBS.has(norm(words[k]!.text)) && !/[,;:.!?]/.test(seps[k]!)) k++;
      // "I kind of like it", "I sort of miss it": an adverb of two words.
      else if (k + 1 < words.length && /^(?:kind|sort)$/.test(norm(words[k]!.text)) && norm(words[k + 1]!.text) === "of" && !/[,;:.!?]/.test(seps[k + 1]!)) k += 2;
      else break;
      sawAdverb = true;
    }
    if (k >= words.length || /[,;:.!?"“”]/.test(seps[k]!)) return { next: j, changed: false };
    const w = words[k]!.text;
    const lw = norm(w);
    if (coordinated) {
      if (afterTo && !sawAdverb) return { next: j, changed: false };
      const moreWords = k + 1 < words.length && !/[.!?;]/.test(seps[k + 1]!);
      if (!COMMON_VERBS.has(lw) || !(sawAdverb || moreWords)) return { next: j, changed: false };
    }
    if (SAME_IN_PAST.has(lw) && (pastContext || (PAST_BY_DEFAULT.has(lw) && !HABITUAL.test(sentence)) || words.slice(j, k).some((a) => DONE_ADVERBS.has(norm(a.text))))) {
      return { next: k + 1, changed: true };
    }
    const c = conjugate(w);
    if (c !== null) out[k] = c;
    if (!coordinated) negatedDo = lw === "don't" || lw === "dont" || (lw === "do" && k + 1 < words.length && norm(words[k + 1]!.text) === "not");
    return { next: k + 1, changed: c !== null };
  };

  for (let i = 0; i < words.length; i++) {
    const sep = seps[i]!;
    for (const ch of sep) {
      if (ch === "“") inQuote = true;
      else if (ch === "”") inQuote = false;
      else if (ch === '"') inQuote = !inQuote;
    }
    if (inQuote) continue;
    if (/[;:—–]|[.!?]\s/.test(sep)) iClause = false;

    const w = words[i]!.text;
    const lw = norm(w);
    const prev = i > 0 ? norm(words[i - 1]!.text) : "";

    switch (lw) {
      case "i":
      case "i'm":
      case "im":
      case "i've":
      case "ive":
      case "i'll":
      case "i'd": {
        if (lw === "i" && w === "i" && seps[i + 1]?.startsWith(".") && words[i + 1]?.text.toLowerCase() === "e") break; // i.e.
        if ((lw === "im" || lw === "ive") && w !== w.toLowerCase() && w[1] !== w[1]!.toLowerCase()) break; // IM, IVE
        const s = subj(i);
        iClause = false;
        // Inverted question: "do I need" → "does Ash need"; "should I go" → "should Ash go".
        if (lw === "i" && i > 0 && AUXILIARIES.has(prev) && !/[,;:.!?]/.test(sep)) {
          const inv = INVERSION[prev];
          const before = words[i - 1]!.text;
          if (inv) out[i - 1] = matchCase(before, before.includes("’") ? inv.replace(/'/g, "’") : inv);
          out[i] = s;
          sawISubject = true;
          break;
        }
        if (lw === "i'm" || lw === "im") {
          out[i] = `${s} is`;
          iClause = true;
          afterTo = false;
        } else if (lw === "i've" || lw === "ive") {
          out[i] = `${s} has`;
          iClause = true;
          afterTo = false;
        } else if (lw === "i'll") {
          out[i] = `${s} will`;
        } else if (lw === "i'd") {
          let k = i + 1;
          while (k < words.length && ADVERBS.has(norm(words[k]!.text))) k++;
          const had = k < words.length && HAD_AFTER_ID.has(norm(words[k]!.text));
          out[i] = `${s} ${had ? "had" : "would"}`;
        } else {
          out[i] = s;
          // Compound subject ("my wife and I love …", also after a clause: "Going through a rough
          // patch, my wife Claire and I are separating"): plural verb, leave it.
          let clauseStart = 0;
          for (let k = i; k > 0; k--) if (/[,;]/.test(seps[k] ?? "")) { clauseStart = k; break; }
          const compound = (prev === "and" || prev === "&") && !sawISubject && i - clauseStart <= 5;
          if (!compound) {
            const r = conjugateFrom(i + 1, false);
            iClause = r.changed;
            afterTo = false;
            if (r.next > i + 1) i = r.next - 1;
          }
        }
        sawISubject = true;
        break;
      }
      case "me":
        if (seps[i + 1]?.startsWith("-") || seps[i]!.endsWith("-")) break; // "me-time"
        out[i] = subj(i);
        break;
      case "my":
        out[i] = possessive(i);
        break;
      case "mine":
        out[i] = name ? `${name}'s` : "the user's";
        mentioned = true;
        break;
      case "myself":
        out[i] = mentioned ? "themselves" : subj(i);
        break;
      case "we":
      case "we're":
      case "we've":
      case "we'll":
      case "we'd": {
        if (w === "WE") break;
        const group = `${subj(i)} and ${weGroup(words, subject.we ?? null)}`;
        const tail = lw === "we're" ? " are" : lw === "we've" ? " have" : lw === "we'll" ? " will" : lw === "we'd" ? " would" : "";
        out[i] = group + tail;
        iClause = false;
        break;
      }
      case "us":
        if (w === "US" || (i > 0 && words[i - 1]!.text === "the")) break; // the US
        out[i] = mentioned ? "them" : `${subj(i)} and ${weGroup(words)}`;
        break;
      case "our":
        out[i] = possessive(i);
        break;
      case "ours":
        out[i] = mentioned ? "theirs" : name ? `${name}'s` : "the user's";
        mentioned = true;
        break;
      case "ourselves":
        out[i] = "themselves";
        break;
      case "to":
        afterTo = true; // "… likes to cook and bake": the second verb belongs to "to"
        break;
      default:
        if (iClause && CONJUNCTIONS.has(lw) && !/[.!?;]/.test(sep)) {
          // "doesn't eat pork or drink alcohol": the verb after "or" is still under "doesn't".
          if (negatedDo && (lw === "or" || lw === "nor")) break;
          const r = conjugateFrom(i + 1, true);
          if (r.next > i + 1) i = r.next - 1;
        } else if (CLAUSE_BREAK.has(lw)) {
          iClause = false;
        }
    }
  }

  if (implicit !== null) {
    const s = name ?? (startOfSentence ? "User" : "the user");
    out[0] = `${s} ${implicit ? `${implicit} ` : ""}${lowerFirst(out[0]!)}`;
  }

  let result = seps[0]!;
  for (let i = 0; i < words.length; i++) result += out[i]! + seps[i + 1]!;
  return result;
}
