import { conceptsOf, cosine, embedOffline } from "@/server/ai/embeddings";
import { stem, tokenize } from "@/server/ai/text";
import { isBareReply, isFiller, splitSentences } from "@/server/memory/extract/sentences";
import { analyzeFact, concernsEating, firstAnnotatedDate, isSafetyCritical, mentionsMedication, safetyRank, splitReply, type FactEntity, type FactSlot } from "@/server/memory/facts";
import { formatDay } from "@/server/memory/extract/dates";
import { knownPlacesIn } from "@/server/memory/facts/places";
import { RELATION_WORDS } from "@/server/memory/facts/entities";
import { resolveRelativeDates } from "@/server/memory/extract/dates";
import { toThirdPerson } from "@/server/memory/extract/third-person";
import { isFragment, splitClauses } from "@/server/memory/extract/offline";
import { absoluteDates } from "./dates";
import { escapeRegExp } from "@/server/lib/regexp";
import { stripLeadIn } from "./summary";

/**
 * Offline answers to questions about a user, composed from the facts (and conversation
 * excerpts) that answer them: the answer first, one to three sentences, a short list for
 * "who / which" questions, relative dates written as dates. Pure functions over candidates
 * the caller retrieved; the caller decides what counts as evidence (current facts, or
 * superseded ones too for questions about the past).
 */

export type QuestionType = "when" | "where" | "who" | "which" | "what" | "how_many" | "how_long" | "why" | "how" | "yesno" | "other";

export interface ParsedQuestion {
  type: QuestionType;
  /** Asks for several items ("Which cities…", "What activities…", "Who are…"). */
  list: boolean;
  /** About how things were before ("Where did Ash live before?"). */
  past: boolean;
  /** The slot a question asks about, when it is one ("Where does the user live?" → residence). */
  slot: FactSlot | null;
  /** "Who are the people in the user's professional network?" → the people, by part of life. */
  people: "work" | "family" | "social" | "any" | null;
  /** Question terms (stems) and their expansions, with weights. */
  terms: Map<string, number>;
  /** About allergies, diet, medical or accessibility needs: every safety-critical fact is evidence. */
  safety: boolean;
  /** Months the question names ("… in July?"). */
  months: string[];
  /** Days the question names ("on May 23, 2023" → "2023-05-23", or "05-23" without a year). */
  days: string[];
  /** A person of the user's life the question is about ("the user's husband" → husband). */
  relation: string | null;
  /** About the user's time zone. */
  timezone: boolean;
  /** About what to eat or serve the user ("Suggest a snack"): the safety facts about eating are evidence. */
  food?: boolean;
  /** When the user can be reached or booked ("When is Sam available for meetings?"). */
  availability?: boolean;
  /** About the medications the user takes. */
  medication?: boolean;
  /** How to talk to the user ("How should I communicate with Walter?"): their wishes about it. */
  communication?: boolean;
  /** About the user themselves (named, nobody else named): their own facts before their family's. */
  aboutUser?: boolean;
  /** "Does Dev have any injuries?": what hurts, what a physio treats. */
  injury?: boolean;
  /** "What does Leila do?" asked of Omar: a piece that gives a role. */
  otherJob?: boolean;
  /** "What does Biscuit eat?", "Can Sofia have dairy?": the one asked about is someone else, by name. */
  asksOf?: string | null;
  /** "When is Eli's bar mitzvah?": what of theirs is asked about ("bar mitzvah"); a piece that names it is about them too. */
  asksOfThing?: string | null;
  /** "How old is Gianna?": a piece that gives an age. */
  age?: boolean;
  /** "What are Marco's plans?": what the user is thinking of doing, not "menu planning". */
  plans?: boolean;
  /** "Who is Sophie?": the person the question names, to be described (not a name to be found). */
  named?: string | null;
}

const QUESTION_WORDS = new Set(
  `what when where who whom whose which why how did does do is are was were has have had can could would should will
  kind type sort name names tell describe list user user's users going suggest recommend`.split(/\s+/),
);

/** Chat spellings and their words, both ways ("fave" is "favorite"). */
const ABBREVIATIONS: Record<string, string> = {
  fave: "favorite", fav: "favorite", favourite: "favorite", faves: "favorites", pic: "photo", pics: "photos", bday: "birthday",
  convo: "conversation", biz: "business", love: "like", loves: "like", loved: "like", enjoy: "like", enjoys: "like", enjoyed: "like", adore: "like", mins: "minutes", hrs: "hours", uni: "university", bro: "brother", sis: "sister",
};

const PAST = /\b(before|used to|previously|formerly|originally|in the past|prior|former|old (?:job|home|place|address|city)|earlier|anymore|any more|back then|at first)\b/i;

/** A question about when the user can be reached or booked. */
const AVAILABILITY = /^(?:when|what (?:days?|times?|hours?)|which (?:days?|times?|hours?))\b(?!.*\b(?:did|was|were|had)\b).*\b(?:available|availability|free to|reachable|working hours|office hours|best time|(?:can|should|could) (?:i|we|you) (?:call|reach|contact|meet|book|schedule|ping|text|email|message|dm|visit)|(?:does|do|is|are) (?:\S+ ){1,3}?(?:work|working|sleep|sleeping|on shift|open|closed|have (?:practice|class|classes|training|school|lessons?|rehearsal)))\b|^what (?:are|is) (?:\S+ ){0,3}?(?:opening |business |office |working )?hours\b/;
/** Hours and days of a week ("9 to 5", "Monday to Thursday", "mornings", "after 6pm"). */
const HOURS_HINT = /\b(?:\d{1,2}(?::\d\d)? ?(?:am|pm)|\d{1,2} ?(?:to|-|–) ?\d{1,2}\b|(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekdays?|weekends?|mornings?|afternoons?|evenings?|nights?|(?:day|night|early|late|morning|evening|double|split) shifts?|nine to five|9 to 5|full[- ]time|part[- ]time)\b)/i;

/** The end of a name, for names that end in a letter \b does not know ("José", "Renée"). */
const NAME_END = "(?![\\wÀ-ɏ])";

/** A question that names a person other than the user ("What does Sam do?", not a place or a month). */
export function namesSomeoneElse(q: string, subject: string): boolean {
  const own = new Set(subject.toLowerCase().split(/\s+/));
  // (Word boundaries by letters, not \b: "Andrés's" is one name, not "Andr".)
  // The whole word, hyphens included ("Sun-hee", not "Sun"), less a possessive "'s".
  return [...q.matchAll(/(?<!^)(?<![\p{L}\p{N}])([A-Z][\p{L}'’-]*)(?![\p{L}\p{N}])/gu)].some((m) => {
    const w = m[1]!.replace(/['’]s$/, "").replace(/[-'’]+$/, "");
    return !own.has(w.toLowerCase()) && w !== "I" && !MONTH_NAMES.includes(w.toLowerCase()) && !knownPlacesIn(w).length && !/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?$/.test(w);
  });
}

/** "What does Harold's wife need?": the question is about someone of the user's. */
function relationOf(lower: string, subject: string): boolean {
  return new RegExp(`\\b${escapeRegExp(subject.toLowerCase())}['’]s\\s+(?:\\w+\\s+)?(?:${[...RELATION_WORDS].join("|")})\\b`).test(lower);
}

/**
 * A question about what the user's business is ("What is Sun-hee's business?", "Does she run a
 * small business?"); not one about something done for it ("Which events has Jon participated in
 * to promote his business venture?"), a business trip or business class. "Does Sun-hee own a
 * restaurant?" stays a question about that restaurant: its answer says it was sold.
 */
const OWN_BUSINESS = /^(?:what|which)\b.*\bbusiness\s*\??$|^(?:what|which) (?:kind of |type of |sort of )?business\b(?! (?:trips?|travel|class|hours|cards?|casual|days?|school))|\b(?:run|runs|own|owns|have|has) (?:a|an|their|his|her) (?:(?:small|little|new|own|family) )*business\b/;

export function parseQuestion(question: string, subject: string | null): ParsedQuestion {
  const q = question.trim();
  const lower = q.toLowerCase();
  const first = /^\s*(\w+)/.exec(lower)?.[1] ?? "";
  let type: QuestionType = "other";
  if (/\bhow (many|much|often)\b/.test(lower)) type = "how_many";
  else if (/\bhow long\b|\bsince when\b/.test(lower)) type = "how_long";
  // "When is Sam available?", "When can I reach Sam?": hours, not a date.
  else if (first === "when" && AVAILABILITY.test(lower)) type = "other";
  else if (first === "when" || /\bwhat (date|day|month|year|time)\b/.test(lower)) type = "when";
  else if (first === "where" || /\b(which|what) (cit(?:y|ies)|countr(?:y|ies)|places?|towns?|states?|destinations?)\b/.test(lower)) type = "where";
  else if (first === "who" || /^(whom|whose)\b/.test(lower)) type = "who";
  else if (first === "which") type = "which";
  else if (first === "why") type = "why";
  else if (first === "how") type = "how";
  else if (first === "what") type = "what";
  else if (/^(do|does|did|is|are|was|were|has|have|had|can|could|would|will|should)\b/.test(first)) type = "yesno";

  const pluralAsk = /^(?:what|which)\s+(?:\w+\s+){0,2}?(\w+s)\b(?!\s+(?:is|was))/.exec(lower);
  const list =
    (type === "who" && /\b(are|people|persons|friends|members|contacts|ones)\b/.test(lower)) ||
    (pluralAsk !== null && !/(ss|us|is)$/.test(pluralAsk[1]!) && !["does", "was", "has", "is", "this", "kids", "plans"].includes(pluralAsk[1]!)) ||
    /\b(list|all the|every|some)\b/.test(lower);

  let slot: FactSlot | null = null;
  const aboutEvent = /\b(lose|lost|losing|quit|start(?:ed)?|got|get|fired|hired|laid off|leave|left|decide[ds]?|open(?:ed)?|move from|moved from)\b/.test(lower);
  if (["when", "how_long", "how_many", "why", "how", "who"].includes(type) || aboutEvent) {
    // An event or a reason, not the current state of a slot.
  } else if (/\bwhere\b.*\b(live|living|lives|based|reside|home|moved?|relocat\w*)\b|\b(which|what) (city|town|country|state)\b.*\b(live|based|from|in)\b|\bhome (city|town|address)\b/.test(lower) && !/\bfrom\b.*\?$/.test(lower)) slot = "residence";
  // "Where is Kai now?": where the user lives (not someone else: "Where is Biscuit?").
  else if (new RegExp(`^where(?: is|'s|’s) (?:the user|${escapeRegExp((subject ?? "the user").toLowerCase())})(?: (?:now|these days|right now|currently|at the moment))?\\s*\\??$`).test(lower.trim())) slot = "residence";
  // A business of the user's own is their work ("What is Sun-hee's business?").
  else if (/\b(do|does|did)\b.*\bfor (work|a living)\b|\b(job|occupation|profession|career|employer)\b|\bwhere (does|did)\b.*\bwork\b|\bwhat does\b.*\bdo\b\s*\??$|\bwork as\b/.test(lower) || OWN_BUSINESS.test(lower)) slot = "job";
  else if (/\b(diet|vegan|vegetarian)\b/.test(lower)) slot = "diet";
  else if (/\bwhat (?:does|did|is) \S+ (?:study|studying|majoring in)\b|\b(?:major|field of study)\b|\bwhat (?:degree|course)\b/.test(lower)) slot = "study";
  else if (/\brelationship status\b|\b(single|married|dating|engaged)\b\?|\bin a relationship\b|\b(?:have|has) an? (?:girlfriend|boyfriend|partner|wife|husband|spouse)\b|\b(is|are)\b.*\b(seeing|dating) (anyone|someone)\b/.test(lower)) slot = "relationship";
  // "What does Sam do?" asked of Amara: Sam's job, not the user's.
  const someoneElsesJob = slot === "job" && subject !== null && !/\buser\b/i.test(q) && namesSomeoneElse(q, subject);
  if (slot && subject && !/\buser\b/i.test(q) && namesSomeoneElse(q, subject)) slot = null;

  let people: ParsedQuestion["people"] = null;
  if (type === "who" || /\b(people|persons|contacts|network|relationships)\b/.test(lower)) {
    if (/\b(professional|work|business|career|colleagues?|coworkers?|network|team|investors?|clients?)\b/.test(lower)) people = "work";
    else if (/\b(family|relatives|kids|children)\b/.test(lower)) people = "family";
    else if (/\bfriends?\b/.test(lower)) people = "social";
    else if (/\b(important|people|persons|close|life)\b/.test(lower) && list) people = "any";
  }

  const nameStems = new Set(tokenize(subject ?? "").map(stem));
  const terms = new Map<string, number>();
  for (const raw of tokenize(q)) {
    const w = ABBREVIATIONS[raw] ?? raw;
    if (QUESTION_WORDS.has(w)) continue;
    const s = stem(w);
    if (nameStems.has(s) || s.length < 2) continue;
    terms.set(s, 1);
  }
  // A word and how people say it: "pregnant" is "expecting a baby".
  for (const [word, also] of WORD_FAMILIES) if (terms.get(word) === 1) for (const a of also) if (!terms.has(a)) terms.set(a, 0.8);
  // "Is Claire working right now?": a leave or a disability says no.
  if (/\b(?:is|are) \S+ (?:still |currently )?(?:working|at work|employed)\b|\bdoes \S+ (?:still |currently )?work\b/i.test(q)) for (const a of ["leav", "disabiliti", "job"]) if (!terms.has(a)) terms.set(a, 0.8);
  // "Is his wife expecting?": a pregnancy.
  if (/\bexpecting(?:\s*[?.!]*\s*$|\s+(?:a baby|again|twins|a (?:boy|girl)))/i.test(q)) for (const a of ["pregnant", "babi", "due"]) if (!terms.has(a)) terms.set(a, 0.8);
  if (GETTING_AROUND.test(q)) for (const a of GETTING_AROUND_TERMS.map(stem)) if (!terms.has(a)) terms.set(a, 0.8);
  // "Who are Marcus's kids?": the twins, a son, a daughter (what the kids like is said of "the kids").
  if (/^\s*who\b/i.test(q) && terms.get("kid") === 1) for (const a of ["child", "children", "son", "daughter", "twin", "babi", "toddler"]) if (!terms.has(a)) terms.set(a, 0.8);
  for (const c of conceptsOf(q)) {
    const s = stem(c);
    if (!terms.has(s)) terms.set(s, 0.3);
  }
  const safety = /\b((?:consider|keep in mind|be aware of|watch out for|be careful (?:about|with)) (?:when|before|for|if|about)|blood thinners?|insulin|allerg\w*|diet\w*|restrict\w*|medical|health|condition|intoleran\w*|c[o]?eliac|gluten|vegan|vegetarian|can'?t eat|cannot eat|avoid|disabilit\w*|accessib\w*|wheelchair|medications?|medicines?|meds|pills|prescriptions?|safe to eat|safety|keep (?:\S+ ){1,2}safe|(?:is|are|stays?) safe|safe (?:for|to)|emergenc\w*|(?:doctors?|paramedics?|nurses?|hospital|ER|first responders?|caregivers?|babysitters?|sitters?) (?:should |needs? to |must |would need to )?know|first aid)\b/i.test(q);
  // Past tense ("When did…", "Where was…") asks about what was, superseded facts included.
  const past = PAST.test(q) || /^(?:\w+\s+){0,3}?(did|was|were|had|used)\b/i.test(q);
  const rel = new RegExp(`\\b(?:user's|user’s|${subject ? `${escapeRegExp(subject.toLowerCase())}'s|${escapeRegExp(subject.toLowerCase())}’s|` : ""}his|her|their)\\s+(?:\\w+\\s+)?(${[...RELATION_WORDS].join("|")})\\b`).exec(lower);
  const relation = rel ? rel[1]!.replace(/s$/, "") : null;
  if (relation) slot = null; // "What does the user's husband do?" is not the user's job
  const months = MONTH_NAMES.filter((m) => new RegExp(`\\b${m}\\b`).test(lower) && !(m === "may" && /\bmay (?:i|we|you|be|have)\b/.test(lower)));
  const timezone = /\btime ?zone\b|\bwhat time is it\b|\blocal time\b/.test(lower);
  const days = namedDays(lower);
  // "What blood thinner does Dorothy take?", "What does Robin take for migraines?".
  const medication = /\b(?:medications?|medicines?|meds|pills|prescriptions?|drugs|blood thinners?|insulin|inhalers?|antidepressants?|antibiotics|painkillers?|dose|dosage)\b|\btakes? for\b/i.test(q);
  const who = /^\s*[Ww]ho(?:'s|’s| is| was)\s+((?:[A-Z][\p{L}'’-]+)(?:\s+[A-Z][\p{L}'’-]+)?)\s*\??\s*$/u.exec(q);
  const named = who && who[1] !== subject && !RELATION_WORDS.has(who[1]!.toLowerCase()) ? who[1]! : null;
  if (medication) {
    // "What medications does Ruth take?": "take" is no evidence ("couldn't take it").
    for (const light of ["take", "tak", "use", "need"]) if (terms.get(light) === 1) terms.set(light, 0.2);
  }
  // What to eat; "When is the restaurant closed?" asks for hours.
  // Hours ("When is the restaurant open?") are no question of what to eat.
  const food = !["when", "how_long", "how_many"].includes(type) && !AVAILABILITY.test(lower) && /\b(?:snacks?|meals?|dinners?|lunch(?:es)?|breakfast|brunch|food|eat|eating|restaurants?|recipes?|cook|cooking|menu|dish(?:es)?|desserts?|treats?|groceries|cater\w*|cakes?|cupcakes?|cookies|pies?|bak(?:e|ing)|sweets|candy|ice cream|sandwich(?:es)?|party food)\b/i.test(q);
  const availability = AVAILABILITY.test(lower);
  const injury = INJURY_QUESTION.test(lower);
  const age = /\bhow old\b|\bwhat age\b|\bage of\b/.test(lower);
  const plans = /\b(?:plans?|planning|future|next steps?|goals?)\b/.test(lower) && !/\bplan(?:s|ned)? (?:for|to) (?:dinner|lunch|the weekend|tonight)\b/.test(lower);
  // "What are Marco's plans?": the word is weak evidence ("menu planning"); what is meant to happen is the answer.
  if (plans) terms.delete("plan");
  const avoidTopics = TOPICS_TO_AVOID.test(q);
  const communication = COMMUNICATION_QUESTION.test(q) || avoidTopics;
  const aboutUser = Boolean(subject && new RegExp(`(?<![\\wÀ-ɏ])${escapeRegExp(subject)}${NAME_END}(?!['’]s)`).test(q) && !namesSomeoneElse(q, subject) && !relationOf(lower, subject));
  const of = /\b(?:does|do|did|can|could|should|will|would|is|was)\s+([A-Z][\p{L}-]+)\s+(?!and\b)[a-z]|\b([A-Z][\p{L}-]+)['’]s\b/u.exec(q.replace(/^(?:Does|Do|Did|Can|Could|Should|Will|Would|Is|Was)\b/, (w) => w.toLowerCase()));
  const asked = of ? (of[1] ?? of[2])! : null;
  // (A name, not a month, a day or a place: `namesSomeoneElse` reads words after the first, hence the space.)
  const asksOf = asked && subject && !subject.toLowerCase().split(/\s+/).includes(asked.toLowerCase()) && namesSomeoneElse(` ${asked}`, subject) ? asked : null;
  const thingWords = asksOf ? new RegExp(`${escapeRegExp(asksOf)}['’]s\\s+([a-z][a-z-]*(?:\\s+[a-z][a-z-]*)?)`, "u").exec(q)?.[1]?.split(/\s+/) : undefined;
  if (thingWords && thingWords.length > 1 && /^(?:called|named|like|is|was|be|do|does|did|for|about|with|and|or|to|in|on|at|now|going|doing)$/.test(thingWords.at(-1)!)) thingWords.pop();
  const asksOfThing = thingWords?.length ? thingWords.join(" ") : null;
  // What not to talk about is no safety question, whatever "avoid" says.
  return { type, list, past, slot, people, terms, safety: safety && !avoidTopics, months, relation, timezone, days, medication, communication, aboutUser, named, food, availability, injury, age, plans, otherJob: someoneElsesJob, asksOf, asksOfThing };
}

// --- Candidates and sentences ---------------------------------------------------------------

export interface Candidate {
  id: string;
  text: string;
  sourceIds: string[];
  /** Retrieval score in [0, 1]. */
  score: number;
  source: "memory" | "document";
  /** A remark (not about the user) ranks below a fact; a conversation excerpt is read turn by turn. */
  kind?: "fact" | "remark" | "excerpt";
  saidAt?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  status?: "current" | "superseded";
  entities?: FactEntity[];
  /** For a conversation excerpt: when each of its turns was said (ISO), in order. */
  turnTimes?: (string | null)[];
  /** What this fact replaced, when it was found through it: read with it, as a reply with its question. */
  replaced?: string;
}

export interface Piece {
  candidate: Candidate;
  text: string;
  /** When an excerpt's turn was said: its relative dates are written as dates in the answer. */
  at?: string | null;
  /** The message the piece was said in (an excerpt's turn, else the fact's latest source). */
  messageId?: string | null;
  /** Words that frame the piece without being part of it (the question a reply answers). */
  context: string;
  /** Said by the user (false for the other speaker's turn in an excerpt). */
  own: boolean;
  score: number;
  /** How much of the question's wording the piece carries (a short reply: with the turn it answers), in [0, 1]. */
  lexical?: number;
  /** How well the piece holds the kind of answer asked for (an age, hours, a date), apart from its words. */
  fit?: number;
}

const DATE_HINT = /\((?:around |week of |weekend of )?(?:\d{1,2} )?(?:[A-Z][a-z]+ )?\d{4}\)|\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/i;
const PLACE_HINT = /\b(?:in|to|from|at|near|visited|visit)\s+[A-Z][\p{L}'-]+/u;
const PERSON_HINT = /\b(?:friends?|family|mom|mother|dad|father|husband|wife|partner|sister|brother|kids?|children|son|daughter|mentors?|cofounder|colleagues?|boss|team)\b|\b[A-Z][a-z]+ [A-Z][a-z]+\b/;
const NUMBER_HINT = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|once|several|a few|a couple)\b/i;
const DURATION_HINT = /\b(for|since)\s+(?:about |almost |over |nearly )?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)\s+(years?|months?|weeks?|days?)\b|\bsince\s+(?:19|20)\d\d\b|\b\d+\s+years?\b/i;
const REASON_HINT = /\b(because|since|so that|to help|in order to|inspired|motivat\w*|reason|why|that's why)\b/i;

/** "[shared a photo: …]" belongs to the sentence before it. */
function withCaptions(sentences: string[]): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    if (/^\[[^\]]*\]\.?$/.test(s.trim()) && out.length) out[out.length - 1] += ` ${s.trim()}`;
    else out.push(s);
  }
  return out;
}

/** The turns of a conversation excerpt ("Caroline: …"): the user's and the other's, each with the turn before. */
function excerptPieces(c: Candidate, subject: string | null): { text: string; own: boolean; context: string; at: string | null; messageId: string | null }[] {
  const out: { text: string; own: boolean; context: string; at: string | null; messageId: string | null }[] = [];
  let previous = "";
  let turn = 0;
  const lines = c.text.split("\n").filter((line) => /^([^:]{1,40}):\s+(.*)$/.test(line));
  for (const line of lines) {
    const m = /^([^:]{1,40}):\s+(.*)$/.exec(line)!;
    const own = subject ? m[1]!.split(/\s+/)[0]!.toLowerCase() === subject.toLowerCase() : m[1] !== "Assistant";
    const messageId = lines.length === c.sourceIds.length ? c.sourceIds[turn]! : null;
    const at = c.turnTimes?.[turn++] ?? null;
    // One piece per statement, as facts are made ("I love sushi, and I eat late" is two); the
    // turn before is the context of the turn's opening only (what follows it stands alone).
    withCaptions(splitSentences(m[2]!).flatMap((x) => (own ? splitClauses(x) : [x]))).forEach((s, i) =>
      out.push({ text: own ? `${m[1]}: ${s}` : s, own, context: i === 0 ? previous : "", at, messageId }),
    );
    previous = m[2]!;
  }
  return out;
}

function piecesOf(c: Candidate, subject: string | null): Piece[] {
  if (c.kind === "excerpt") {
    // The other speaker's turns are context for the user's, not answers about the user.
    return excerptPieces(c, subject)
      .filter((p) => p.own && !isQuestionOrAboutOther(p.text.replace(/^[^:]{1,40}:\s+/, ""), subject))
      .map((p) => ({ candidate: c, text: toThirdPerson(p.text.replace(/^[^:]{1,40}:\s+/, ""), { name: subject }), context: p.context, own: true, score: 0, at: p.at, messageId: p.messageId }));
  }
  const { context, body } = splitReply(c.text);
  const sentences = withCaptions(splitSentences(body));
  return sentences.map((s, i) => ({
    candidate: c,
    // A reply's first sentence keeps its question, so it is understood on its own.
    text: context !== null && i === 0 && !namesUser(s, subject) ? c.text.slice(0, c.text.length - body.length) + s : s,
    context: context ?? (i === 0 ? (c.replaced ?? "") : ""),
    own: true,
    score: 0,
    messageId: c.sourceIds.at(-1) ?? null,
  }));
}

/** A question, or a sentence about the other person ("You did great!"): context, not an answer. */
function isQuestionOrAboutOther(sentence: string, subject: string | null): boolean {
  const t = sentence.trim();
  if (/\?["')\]]*$/.test(t)) return true;
  // Said to someone by name ("Maria, that photo looks awesome.").
  const to = /^([A-Z][a-z]+),\s/.exec(t);
  if (to && to[1] !== subject && !/\b(i|i'm|me|my|we|our|us)\b/i.test(t) && !/^(?:Yes|Yeah|No|Well|So|Oh|Wow|Also|Anyway|Honestly|Plus|Still|Sure|Okay|Ok)$/.test(to[1]!)) return true;
  return /\b(you|your|you're|yours)\b/i.test(t) && !/\b(i|i'm|me|my|we|our|us)\b/i.test(t);
}

function namesUser(text: string, subject: string | null): boolean {
  return (subject ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(subject)}(?![\\p{L}\\p{N}])`, "u") : /\b(User|the user)\b/).test(text);
}

function stemsOf(text: string): Set<string> {
  const out = wordStemsOf(text);
  for (const c of conceptsOf(text)) out.add(stem(c));
  return out;
}

/** The words themselves, without the concepts they evoke. */
function wordStemsOf(text: string): Set<string> {
  return new Set(tokenize(text).map((t) => stem(ABBREVIATIONS[t] ?? t)));
}

/** A term is present as itself, or as a word of the same family (allergies / allergic). */
function has(stems: Set<string>, term: string): boolean {
  if (stems.has(term)) return true;
  if (term.length < 6) return false;
  const prefix = term.slice(0, 6);
  for (const s of stems) if (s.length >= 6 && s.startsWith(prefix)) return true;
  return false;
}

/**
 * The weighted share of the question's terms a piece carries. With `words`, a term found only
 * as a concept the piece evokes ("adoption" evokes pets) counts for a third: the piece is near
 * the question, not about it.
 */
function coverage(stems: Set<string>, terms: Map<string, number>, idf: Map<string, number>, words?: Set<string>): number {
  let total = 0;
  let hit = 0;
  for (const [t, w] of terms) {
    const weight = w * (idf.get(t) ?? 1);
    total += weight;
    if (has(stems, t)) hit += !words || w < 1 || has(words, t) ? weight : weight / 3;
  }
  return total > 0 ? hit / total : 0;
}

function typeBonus(q: ParsedQuestion, text: string): number {
  switch (q.type) {
    case "when":
      return DATE_HINT.test(text) ? 0.2 : 0;
    case "where":
      return knownPlacesIn(text).length ? 0.25 : PLACE_HINT.test(text) ? 0.15 : 0;
    case "who":
      return PERSON_HINT.test(text) ? 0.15 : 0;
    case "how_many":
      return NUMBER_HINT.test(text) ? 0.15 : 0;
    case "how_long":
      return DURATION_HINT.test(text) ? 0.25 : DATE_HINT.test(text) ? 0.1 : 0;
    case "why":
      return REASON_HINT.test(text) ? 0.1 : 0;
    default:
      return 0;
  }
}

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Adjacent content-word pairs (stems), stopwords and the user's name left out. */
function bigramsOf(text: string, subject: string | null): Set<string> {
  const name = subject?.toLowerCase();
  const stems = tokenize(text)
    .filter((w) => w !== name && !QUESTION_WORDS.has(w))
    .map((w) => stem(ABBREVIATIONS[w] ?? w));
  const out = new Set<string>();
  for (let i = 1; i < stems.length; i++) out.add(`${stems[i - 1]} ${stems[i]}`);
  return out;
}

/** "May 23, 2023", "23 May 2023", "May 23rd" → "2023-05-23" / "05-23". */
function namedDays(lower: string): string[] {
  const out: string[] = [];
  const pad = (n: number) => String(n).padStart(2, "0");
  const add = (month: string, day: string, year?: string) => {
    const m = MONTH_NAMES.indexOf(month);
    const d = Number(day);
    if (m < 0 || d < 1 || d > 31) return;
    out.push(year ? `${year}-${pad(m + 1)}-${pad(d)}` : `${pad(m + 1)}-${pad(d)}`);
  };
  const months = MONTH_NAMES.join("|");
  for (const m of lower.matchAll(new RegExp(`\\b(${months}) (\\d{1,2})(?:st|nd|rd|th)?\\b(?:,? ((?:19|20)\\d\\d))?`, "g"))) add(m[1]!, m[2]!, m[3]);
  for (const m of lower.matchAll(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${months})\\b(?:,? ((?:19|20)\\d\\d))?`, "g"))) add(m[2]!, m[1]!, m[3]);
  return out;
}

/** "What did … on May 23, 2023?": a piece said on that day, or dated to it, fits better. */
function dayBonus(q: ParsedQuestion, p: Piece): number {
  if (!q.days.length) return 0;
  const at = p.at ?? p.candidate.saidAt;
  const said = at ? new Date(at) : null;
  const iso = said && !Number.isNaN(said.getTime()) ? said.toISOString().slice(0, 10) : null;
  const dated = [...p.text.matchAll(/\((?:around |week of |weekend of )?(\d{1,2}) ([A-Z][a-z]+) (\d{4})\)/g)].map((m) => {
    const month = MONTH_NAMES.indexOf(m[2]!.toLowerCase()) + 1;
    return `${m[3]}-${String(month).padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  });
  const hit = (day: string) => [iso, ...dated].some((d) => d && (day.length === 10 ? d === day : d.slice(5) === day));
  return q.days.some(hit) ? 0.2 : 0;
}

/** "When did … in July?": a piece dated in July fits better. */
function monthBonus(q: ParsedQuestion, text: string): number {
  if (!q.months.length) return 0;
  const dates = [...text.matchAll(/\((?:around |week of |weekend of )?(?:\d{1,2} )?([A-Z][a-z]+) \d{4}\)/g)].map((m) => m[1]!.toLowerCase());
  return dates.some((d) => q.months.includes(d)) ? 0.15 : 0;
}

/** Kinds of pet a question asks about, and the words that name one of that kind. */
const PET_KINDS = {
  cat: /\b(?:cats?|kittens?|kitty|kitties)\b/i,
  dog: /\b(?:dogs?|pupp(?:y|ies)|pups?)\b/i,
} as const;

/** Scores every sentence of the candidates against the question. */
export function rankPieces(q: ParsedQuestion, candidates: Candidate[], subject: string | null, question: string): Piece[] {
  const pieces = candidates.flatMap((c) => piecesOf(c, subject));
  if (!pieces.length) return [];
  const stems = pieces.map((p) => stemsOf(splitReply(p.text).body));
  // Rarer question terms weigh more (document frequency over the pieces found).
  const idf = new Map<string, number>();
  for (const t of q.terms.keys()) {
    const df = stems.filter((s) => has(s, t)).length;
    idf.set(t, Math.log(1 + pieces.length / (1 + df)));
  }
  const top = Math.max(...candidates.map((c) => c.score), 1e-6);
  const asksName = Boolean(q.relation) && /\bnames?\b/i.test(question);
  const petKind = (Object.keys(PET_KINDS) as (keyof typeof PET_KINDS)[]).find((k) => PET_KINDS[k].test(question)) ?? null;
  // How close the turn a piece answers is to the question, in wording (stems, word pairs,
  // character trigrams): "What got you into running?" frames the answer to "Why did Melanie start running?".
  const qv = embedOffline(question);
  const qBigrams = bigramsOf(question, subject);
  const ctxSims = pieces.map((p) => (p.context ? cosine(qv, embedOffline(p.context)) : 0));
  pieces.forEach((p, i) => {
    const own = coverage(stems[i]!, q.terms, idf, wordStemsOf(splitReply(p.text).body));
    const ctx = p.context ? coverage(stemsOf(p.context), q.terms, idf, wordStemsOf(p.context)) : 0;
    // The turn answered counts fully for a short reply ("Contemporary!"), less for a long one.
    const words = p.text.split(/\s+/).length;
    const lexical = own + (words <= 12 ? 0.6 : 0.3) * ctx * (1 - own);
    // What kind of answer a piece holds (a date, a place) counts once it is about the question.
    const body = splitReply(p.text).body;
    // The reply to a turn that asked for a reason ("What made you switch?") is what a why-question asks.
    const reasonAsked = q.type === "why" && p.context !== "" && REASON_ASKED.test(p.context) && ctx > 0;
    const fit = (q.medication && mentionsMedication(body) ? 0.3 : 0) + (q.injury && INJURY.test(body) ? 0.3 : 0) + (q.age && AGE_HINT.test(body) ? 0.3 : 0) + (q.otherJob && ROLE_HINT.test(body) ? 0.3 : 0) + (q.plans && FUTURE_HINT.test(body) ? 0.3 : 0) + (q.availability && HOURS_HINT.test(body) ? 0.25 : 0) + typeBonus(q, p.text) * (q.type === "when" ? Math.min(1, lexical * 2) : 1) + monthBonus(q, p.text) + dayBonus(q, p) + (reasonAsked ? 0.3 : 0);
    // "What is Nadia's baby's name?": the fact that names someone of that relation.
    const namesAsked = asksName && Boolean(p.candidate.entities?.some((e) => e.name && /^[A-Z]/.test(e.name) && e.relation?.toLowerCase().startsWith(q.relation!)));
    // "Does Tomás have a cat?": a pet of that kind (a kitten is a cat) the model knows by name.
    const petAsked = petKind !== null && !q.past && Boolean(p.candidate.entities?.some((e) => e.type === "pet" && e.name && e.relation && PET_KINDS[petKind]!.test(e.relation)));
    const bonus = fit + (!q.past && CHANGE_HINT.test(body) && lexical > 0 ? 0.15 : 0) + (namesAsked || petAsked ? 0.3 : 0);
    p.fit = fit;
    // Two question words together in the piece ("charity race", "pottery class") say more than each alone.
    const pb = bigramsOf(`${p.context} ${splitReply(p.text).body}`, subject);
    const pairs = qBigrams.size ? [...qBigrams].filter((b) => pb.has(b)).length / qBigrams.size : 0;
    let score = 0.4 * lexical + 0.2 * Math.max(0, ctxSims[i]!) + 0.4 * (p.candidate.score / top) + 0.15 * pairs + bonus;
    if (p.candidate.kind === "remark") score *= 0.85;
    if (/\?\s*$/.test(p.text)) score *= 0.5;
    if (p.text.length < 25) score *= 0.8;
    p.score = score;
    // A short reply ("Contemporary!"), one that refers back ("It taught me …") or one that gives
    // the reason asked for is about what it answers; another sentence must say it itself.
    p.lexical = words <= 6 || reasonAsked || ANAPHORIC.test(splitReply(p.text).body.trim()) ? lexical : own;
  });
  // Ties are broken by what the pieces say, not by their random ids: the same data gives the same answer.
  return pieces.sort((a, b) => b.score - a.score || a.text.localeCompare(b.text) || a.candidate.id.localeCompare(b.candidate.id));
}

/** A question about injuries, and what says one ("hurt their IT band", "sprained an ankle", "physio"). */
const INJURY_QUESTION = /\b(?:injur(?:y|ies|ed)|hurt|sprain\w*|broken bones?)\b|\b(?:what happened|what's wrong|what is wrong|how is|how's) (?:(?:with|to) )?(?:\S+['’]s |their |his |her |the )?(?:knee|knees|ankle|back|shoulder|arm|leg|wrist|hand|foot|hip|neck|elbow|acl)\b/;
const INJURY = /\b(?:injur(?:y|ies|ed)|hurt|hurts|sprain\w*|strain(?:ed)?|pulled (?:a|their|his|her) \w+|tore (?:a|their|his|her) \w+|broke (?:a|their|his|her) \w+|fractur\w*|physio\w*|physical therapy|rehab|it band|acl|mcl|meniscus|ligament|crutches|tendon\w*)\b/i;

/**
 * What changed: for a question about the present, the newer arrangement ("Wedding moved to
 * September 20", "can eat dairy again", "switched to day shifts", "extended the leave until September").
 */
const CHANGE_HINT = /\b(?:outgrew|outgrown|passed (?:her|his|their|the) (?:\w+ ){0,2}?challenge|back to (?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekdays|weekends|mornings|evenings|nights|days|normal)|finished (?:chemo|chemotherapy|treatment|radiation|rehab|physical therapy|PT|antibiotics)|(?:scans?|tests?|results?) (?:are|is|came back|were) (?:all )?clear|in remission|cancer[- ]free|fully recovered|moved (?:back )?(?:to|into|in with|out of)|postponed|rescheduled|pushed (?:back )?to|changed to|instead|again|switched (?:\w+ )?(?:to|from)|extend(?:ed|ing|s)? (?:\w+ ){0,3}?(?:until|to|through|till)|no longer|anymore)\b/i;
/** A way of writing asked for (bullet points, short answers, plain words, large print …). */
const STYLE_ASKED = /\b(?:bullet(?: points?)?|short|brief|concise|simple|plain|detailed|formal|informal|casual|emojis?|tone|format\w*|large print|step by step|checklists?|one (?:thing|question) at a time)\b/i;

/** Cancer said to be gone. */
const REMISSION = /\b(?:in (?:full |complete |partial )?remission|cancer[- ]free|no evidence of disease|(?:scans?|tests?|results?) (?:are|is|came back|were) (?:all )?clear)\b/i;
/** "How should I communicate with Walter?", "What's the best way to reach her?". */
const COMMUNICATION_QUESTION =
  /\bhow (?:should|do|can|could|would|best to|to) (?:i|we|you|agents?) (?:best )?(?:communicate|talk|write|reach|contact|message|speak|get in touch|format|structure|word|phrase)\b|\bcommunicat\w*\b|\b(?:best|preferred) (?:way|channel) to (?:reach|contact|talk to|message)\b/i;
/** "What should I avoid bringing up with Hana?", "Any sensitive topics?": what not to talk about. */
const TOPICS_TO_AVOID = /\b(?:avoid|not|never|shouldn't|should not) (?:bringing (?:\w+ )?up|bring (?:\w+ )?up|mentioning|mention|talking about|talk about|asking about|ask about|discussing|discuss|raising|raise)\b|\b(?:sensitive|off-limits|taboo|touchy|difficult) (?:topics?|subjects?)\b/i;
/** A fact that says how the user wants to be talked to (or what makes it hard: hearing, sight). */
export const COMMUNICATES =
  /\b(?:asks? (?:not |never )?to (?:bring (?:\w+ )?up|mention|talk about|ask about|discuss)|would rather (?:you )?(?:write|text|email|call)|voice (?:notes?|messages?)|hard of hearing|deaf|sign language|hearing aids?|asks? (?:not )?(?:to|for) (?:keep|use|answer|write|send|text|email|call|reply|respond|short|brief|bullet)|prefers? (?:texts?|texting|emails?|calls?|written|short|brief|bullet)|(?:texts?|emails?) (?:only|over|rather|is better)|no (?:phone )?calls|phone calls|bullet points?|short (?:answers|messages|replies)|answers? (?:them|him|her) in)\b/i;

/** A statement whose subject is the user ("Harold has a pacemaker"), not someone of theirs ("Harold's wife …"). */
function ownStatement(text: string, subject: string): boolean {
  // "Dana's immune system …" is Dana's own; "Dana's wife …" is not.
  return new RegExp(`^${escapeRegExp(subject)}${NAME_END}(?!['’]s (?!(?:immune system|heart|blood|blood pressure|sugars?|knees?|back|hips?|health|body|eyes?|ears?|skin|lungs?|kidneys?|liver|meds|medications?|insulin|diet)\\b))`).test(splitReply(text).body.trim());
}

/** A medication someone takes: not an EpiPen kept in case of an allergy. */
function takenMedication(text: string): boolean {
  return mentionsMedication(text.replace(/\b(?:an? |the |their |his |her )?epi-?pens?\b/gi, " "));
}

/** What says an allergy (for an allergy question's answer). */
const ALLERGY = /\b(?:allerg\w*|anaphyla\w*|epi-?pens?|intoleran\w*)\b/i;
/** A turn that asks for a reason ("What made you switch?"): the reply to it is the reason. */
const REASON_ASKED = /\b(?:why|what made you|what got you|what inspired|what led you|what drew you|how come|what(?:'s| is| was) the reason)\b/i;
/** Question words (stems) and the words that say the same in a statement. */
const WORD_FAMILIES: [string, string[]][] = [
  ["pregnant", ["expect", "babi", "due"]],
  ["injuri", ["hurt", "injur"]],
  ["doctor", ["pediatrician", "physician", "gp", "dr"]],
  ["pick", ["pickup"]],
  ["drop", ["dropoff"]],
  // "Where does Grace's mother live?": where she moved is where she lives now.
  ["liv", ["mov", "resid"]],
  // "What should I avoid …?": what triggers something, what the user never wants or cannot have.
  ["avoid", ["trigg", "allerg", "never", "hat"]],
];
/** "How does Harold get around?": how one moves about (a walker, a car, the bus). */
const GETTING_AROUND = /\bget(?:s|ting)? around\b|\bmobility\b|\bhow does \S+ (?:travel|commute|move about)\b/i;
const GETTING_AROUND_TERMS = ["walker", "wheelchair", "cane", "crutches", "scooter", "drive", "car", "bus", "bike", "transit", "subway", "train", "taxi"];
/** "Leila is a dentist": a role, for "What does Leila do?". */
const ROLE_HINT = /\b(?:is|works as|became|is now) (?:a|an) (?:[\w-]+ ){0,2}?(?:dentist|doctor|nurse|teacher|engineer|developer|designer|lawyer|accountant|chef|pharmacist|manager|consultant|writer|artist|student|researcher|scientist|professor|analyst|architect|translator|therapist|instructor|coach|firefighter|pilot|driver|mechanic|electrician|plumber|programmer|founder|owner|[a-z]+(?:ist|er|or|ian))\b/i;
/** An age: "Gianna is 9", "turned 40", "a 3-year-old", "was born on January 9th", "Sofía (6)". */
const AGE_HINT = /\b(?:is|are|was|turned|turns|turning|aged?) \d{1,3}\b(?![:.]\d)|\b(?:she|he|they)['’](?:s|re) \d{1,2}\b(?![:.]\d| ?(?:am|pm|o'clock|percent|%))|\b\d{1,3}(?:[- ]years?[- ]old|[- ]yo)\b|\bborn (?:on|in)\b|\b[A-Z][\p{L}'’-]+ \(\d{1,2}\)/iu;
/** What someone means to do: "thinking about opening", "plans to", "next year". */
const FUTURE_HINT = /\b(?:thinking (?:about|of)|considering|plans? to|planning to|going to|gonna|hopes? to|hoping to|wants? to|would like to|intends? to|next (?:year|month|spring|summer|fall|autumn|winter)|someday|one day)\b/i;

// --- Writing the answer -------------------------------------------------------------------------

/** An answer states; the user's exclamations become full stops. */
const sentenceEnd = (s: string) => {
  const t = s.trim().replace(/!+(?=["')\]]*(?:\s|$))/g, ".").replace(/\.{2,}$/, ".");
  return /[.!?…]$/.test(t) ? t : `${t}.`;
};

/** Words that continue the sentence before ("It was for charity", "They loved it"). */
const ANAPHORIC = /^(?:it|it's|its|they|they're|their|them|he|she|his|her|that|that's|this|these|those|there|so|because|which|both|the (?:reason|one)|[\w']+ (?:it|them|that|this))\b/i;

/** Shortens a long sentence to the clauses that carry the question's terms. */
export function focusClauses(text: string, q: ParsedQuestion, max: number): string {
  if (text.length <= max) return text;
  const clauses = text.split(/(?<=[,;:])\s+|\s+[-–—]\s+/);
  if (clauses.length < 2) return clip(text, max);
  const safety = isSafetyCritical(text);
  const scored = clauses.map((c, i) => {
    const st = stemsOf(c);
    let hit = 0;
    for (const t of q.terms.keys()) if (st.has(t)) hit += q.terms.get(t)!;
    // What keeps someone safe is said first in its fact ("… is 3 years sober, so …"): never cut.
    return { c, i, hit: hit + typeBonus(q, c) * 4 + (i === 0 ? (safety ? 100 : 0.3) : 0) };
  });
  const keep = new Set<number>();
  let len = 0;
  for (const s of [...scored].sort((a, b) => b.hit - a.hit || a.i - b.i)) {
    if (len + s.c.length + 1 > max && keep.size > 0) continue;
    keep.add(s.i);
    len += s.c.length + 1;
  }
  let out = scored.filter((s) => keep.has(s.i)).map((s) => s.c.replace(/[,;:]$/, "")).join(", ");
  // A clause kept without the one before it does not open with what joined them ("so …").
  if (!keep.has(0)) out = out.replace(/^(?:so|and|but|because|which|then)\s+/i, "");
  return clip(out.charAt(0).toUpperCase() + out.slice(1), max);
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  cut = space > max * 0.6 ? cut.slice(0, space) : cut;
  // Never leave a parenthesis open ("… (photo: a").
  const open = cut.lastIndexOf("(");
  if (open > cut.lastIndexOf(")") && open > max * 0.4) cut = cut.slice(0, open);
  return `${cut.replace(/[\s,;:–-]+$/, "")}…`;
}

/** A piece as it reads in an answer: the user's words without the reply framing, dates as dates. */
function render(p: Piece, q: ParsedQuestion, subject: string | null, max: number): string {
  let text = (p.at ? resolveRelativeDates(p.text, new Date(p.at)) : p.text).replace(/\[shared (?:a )?(?:photo|image|picture)s?:\s*(?:a photo(?:graphy)? of |an image of )?([^\]]*)\]/gi, "(photo of $1)");
  const { context, body } = splitReply(text);
  if (context !== null) {
    const own = stripLeadIn(body);
    const who = subject ?? "the user";
    if (namesUser(own, subject)) text = own;
    else if (own.split(/\s+/).length < 6 && /\?\s*$/.test(context)) text = `Asked "${clip(context, 90)}", ${who} said: ${body}`;
    else text = `${subject ?? "The user"} said: ${own}`;
  } else {
    text = stripLeadIn(text);
  }
  // (A list marker the message started with is no part of the statement: an answer adds its own.)
  text = absoluteDates(text.replace(/^(?:[-•*–]\s+)+/, "").replace(/^[A-Z][a-z]+,\s+(?=[A-Z])/, ""));
  return sentenceEnd(focusClauses(text, q, max));
}

/** A state said to last a while from when it was said ("no driving for two weeks", "on crutches for 6 weeks"). */
const BOUNDED = /\b(?:for (?:the next |another )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|\d+) (?:days?|weeks?|months?)|until (?:next|the end of) \w+|for now)\b/i;

/** When a fact about an event carries no date, the day it was said is the best clue. */
function saidOn(p: Piece): string {
  const d = p.candidate.saidAt ? new Date(p.candidate.saidAt) : null;
  return d && !Number.isNaN(d.getTime()) ? ` (mentioned on ${formatDay(d)})` : "";
}

/** What a piece is followed by, and the fact it was read from when that is not the piece's own source. */
export interface Continuation {
  text: string;
  source?: Candidate;
}

export interface Composed {
  answer: string;
  used: Candidate[];
}

export const ANSWER_MAX_CHARS = 300;
const TARGET_CHARS = 240;

/** The answer from ranked pieces: the best sentence, then up to two that add to it. */
export function composeFromPieces(
  q: ParsedQuestion,
  ranked: Piece[],
  subject: string | null,
  /**
   * What follows a piece where it was said (often where the answer is): the next sentence of
   * the message, or the user's reply when asked about it; with the fact it comes from when
   * that is another source than the piece's.
   */
  continuation?: (p: Piece) => Continuation | null,
): Composed | null {
  // An answer never opens with thanks or filler: the first piece that says something (a bare
  // "yes" may answer a yes-no question, with the question it answers).
  const says = (p: Piece) => {
    const body = splitReply(p.text).body.trim();
    return !isFiller(body) && !/^(?:thanks|thank you|thx)\b[^.!?]*[.!?]*$/i.test(body);
  };
  const opening = ranked.findIndex(says);
  if (opening > 0) ranked = [ranked[opening]!, ...ranked.filter((_, i) => i !== opening)];
  let best = ranked[0];
  if (!best || best.score < 0.12) return null;
  // Not a word or a concept of the question in any piece near the top, and none gathered as
  // evidence for what kind of question it is: similarity alone is no answer ("Which airline does
  // Megan fly for?" was answered with her celiac disease).
  const own = new Set(tokenize(subject ?? "").map(stem));
  const asksWords = [...q.terms].some(([t, w]) => w >= 1 && !own.has(t));
  // (A where-question gathers the facts that name a place, whatever their words.)
  const evidenceKind = !asksWords || q.safety || q.food || q.medication || q.communication || q.availability || q.injury || q.age || q.plans || q.timezone || q.relation !== null || q.people !== null || q.slot !== null || q.named || q.type === "where";
  // (What replaced a fact that says what was asked counts: "Ranger passed away" for "Does Walter have a service dog?".)
  if (!evidenceKind && ranked.every((p) => p.score < best!.score * 0.5 || !((p.lexical ?? 0) > 0 || p.candidate.replaced))) return null;
  if (q.type === "when" && !DATE_HINT.test(best.text)) {
    const close = ranked.filter((p) => p.score >= best!.score * 0.85);
    // Among nearly as good answers, one that carries its date; else the first mention of what
    // happened ("When did …?"), or the last word on what holds now ("When is Sophie's therapy?").
    const bySaid = [...close].sort((a, b) => (a.candidate.saidAt ?? "").localeCompare(b.candidate.saidAt ?? ""));
    best = close.find((p) => DATE_HINT.test(p.text)) ?? (q.past ? bySaid[0]! : bySaid.at(-1)!);
    ranked = [best, ...ranked.filter((p) => p !== best)];
  }
  if (q.named) {
    // "Who is Sophie?": a piece that says who she is to the user ("Ruth's granddaughter Sophie").
    const name = q.named;
    const about = ranked.filter((p) => p.score >= best!.score * 0.6 && p.text.includes(name));
    const related = new RegExp(`\\b(?:${[...RELATION_WORDS].join("|")})s? ${escapeRegExp(name)}${NAME_END}|\\b${escapeRegExp(name)},? (?:is |was )?(?:\\w+'s |my |their |his |her )(?:${[...RELATION_WORDS].join("|")})\\b`, "i");
    let pick = about.find((p) => related.test(p.text)) ?? about[0];
    if (pick && pick.candidate.kind !== "excerpt" && /^(?:Their|His|Her|Its)\b/.test(pick.text)) {
      // "Their CMO is Ana Ribeiro": with the sentence before it in the fact, which says whose.
      const sentences = splitSentences(splitReply(pick.candidate.text).body);
      const i = sentences.findIndex((x) => x.trim() === pick!.text.trim());
      if (i > 0) pick = { ...pick, text: `${sentences[i - 1]!.trim()} ${pick.text}` };
    }
    if (pick) {
      best = pick;
      const chosen = pick;
      ranked = [chosen, ...ranked.filter((p) => p !== chosen && p.text.includes(name) && !chosen.text.includes(p.text)), ...ranked.filter((p) => p !== chosen && !p.text.includes(name))];
    }
  } else if (q.type === "who" && !namesSomeoneNew(best.text, q, subject)) {
    // "Who performed …?" is answered by a name: among nearly as good pieces, one that gives one.
    const named = ranked.find((p) => p.score >= best!.score * 0.75 && namesSomeoneNew(p.text, q, subject));
    if (named) {
      best = named;
      ranked = [named, ...ranked.filter((p) => p !== named)];
    }
  }
  /** The statements (no remark, no question) that `says` moved to the front, when there are any. */
  const leadWith = (says: (text: string) => boolean) => {
    const first = ranked.filter((p) => p.candidate.kind !== "remark" && !/\?\s*$/.test(p.text) && says(p.text));
    if (first.length) {
      ranked = [...first, ...ranked.filter((p) => !first.includes(p))];
      best = ranked[0]!;
    }
  };
  // A question about safety (restrictions, conditions) is answered with what keeps the user safe
  // when there is any, whatever words the question and the facts use — unless the best piece says
  // what was asked in its own words ("Is Talia vegetarian?" → "… she's not vegetarian anymore").
  // (Not when the best piece tells how a condition changed, for "How is Dana's health?": "Dana is in remission".)
  const statusNow = q.type === "how" && !q.past && CHANGE_HINT.test(splitReply(best.text).body);
  if (q.safety && !statusNow && !isSafetyCritical(best.text) && !(q.medication && mentionsMedication(best.text)) && !((best.lexical ?? 0) > 0)) leadWith(isSafetyCritical);
  // …and when a nearly as good safety piece says it too ("What should I avoid when designing
  // slides?" → what triggers the migraines, before the job that shares "design").
  if (q.safety && !statusNow && !isSafetyCritical(best.text) && !(q.medication && mentionsMedication(best.text))) {
    const lead = best;
    const safe = ranked.find((p) => p.candidate.kind !== "remark" && (p.lexical ?? 0) > 0 && p.score >= lead.score * 0.7 && isSafetyCritical(p.text));
    if (safe) leadWith((t) => t === safe.text);
  }
  // A safety question about the user: their own safety facts lead (the pacemaker before the
  // wife's dementia).
  if (q.safety && q.aboutUser && subject && isSafetyCritical(best.text) && !ownStatement(best.text, subject)) {
    leadWith((t) => isSafetyCritical(t) && ownStatement(t, subject));
  }
  // A medication question leads with a medication taken (the insulin, not the EpiPen kept for a
  // grandson's bee sting allergy).
  if (q.medication && !takenMedication(best.text)) leadWith(takenMedication);
  // How to talk to the user: what they asked for about it leads.
  if (q.communication && !COMMUNICATES.test(best.text)) leadWith((t) => COMMUNICATES.test(t));
  // …and asked how to write to them ("How should I format answers for Leah?"): the style asked
  // for before a phone number.
  if (q.communication && [...q.terms].some(([t, w]) => w >= 1 && /^(?:format|answ|repl|respon|style|tone|writ)/.test(t)) && !STYLE_ASKED.test(best.text)) leadWith((t) => STYLE_ASKED.test(t));
  // An allergy question leads with an allergy when one is known, before other safety facts
  // ("What allergies should I know about?" → the penicillin allergy, not the door alarm).
  // (The question's own word: "avoid" brings "allergic" among its related words, weighing less.)
  const allergyAsked = q.safety && [...q.terms].some(([t, w]) => w >= 1 && t.startsWith("allerg"));
  if (allergyAsked && !ALLERGY.test(best.text)) leadWith((t) => ALLERGY.test(t) && isSafetyCritical(t));
  // What keeps the user safe at a meal comes first in an answer about food, whatever its words.
  // All of them, however low they rank (a second allergy is as deadly as the first).
  // Asked of someone else by name ("What does Biscuit eat?"): theirs only.
  const ofAsked = (t: string) => !q.asksOf || new RegExp(`\\b${escapeRegExp(q.asksOf)}${NAME_END}`).test(t) || (Boolean(q.asksOfThing) && new RegExp(`\\b${escapeRegExp(q.asksOfThing!)}\\b`, "i").test(t));
  const eatingSafety = q.food ? ranked.filter((p) => p.candidate.kind !== "remark" && !/\?\s*$/.test(p.text) && isSafetyCritical(p.text) && concernsEating(p.text) && ofAsked(p.text)) : [];
  // What can kill within minutes first among them (an egg allergy before staying sober, for a cake).
  eatingSafety.sort((a, b) => safetyRank(a.text) - safetyRank(b.text));
  if (eatingSafety.length) {
    ranked = [...eatingSafety, ...ranked.filter((p) => !eatingSafety.includes(p))];
    best = ranked[0]!;
  }
  const chosen: Piece[] = [best];
  const words = stemsOf(best.text);
  const limit = q.list ? 5 : 3;
  const floor = best.score * (q.list ? 0.45 : 0.6);
  // A safety question is answered with safety facts only, once there is one.
  const safetyOnly = q.safety && isSafetyCritical(best.text);
  // An allergy question, with allergies only once there is one (not the pills and hearing aids beside them).
  const allergyOnly = safetyOnly && allergyAsked && ALLERGY.test(best.text);
  // A medication question, with medications only once there is one.
  const medicationOnly = q.medication && mentionsMedication(best.text);
  for (const p of ranked.slice(1)) {
    if (eatingSafety.includes(p)) {
      const st = stemsOf(p.text);
      const novel = [...st].filter((x) => !words.has(x)).length;
      if (novel < 3 && novel * 2 < st.size) continue; // the same statement from another source
      chosen.push(p);
      for (const x of st) words.add(x);
      continue;
    }
    // The safety facts about eating count as one item of the answer, however many they are.
    const counted = chosen.filter((c) => !eatingSafety.includes(c)).length + (eatingSafety.length ? 1 : 0);
    if (counted >= limit) break;
    // (Not sorted by score once a kind of piece was moved to the front: a weak one there ends nothing.)
    if (p.score < floor) continue;
    // An answer states: a question the user once asked, or a bare "yes please", adds nothing to it.
    const body = splitReply(p.text).body;
    if (/\?\s*$/.test(body) || isBareReply(body) || isFiller(body)) continue;
    // A sentence added to the answer must be about the question, not only near it (or go on
    // from a sentence already chosen, in the same message).
    if (medicationOnly && !mentionsMedication(p.text)) continue;
    if (q.named && !p.text.includes(q.named)) continue;
    // Asked of someone by name and answered about them: the rest is about them too.
    if (q.asksOf && ofAsked(best.text) && !ofAsked(p.text)) continue;
    if (allergyOnly && !ALLERGY.test(p.text)) continue;
    if (safetyOnly ? !isSafetyCritical(p.text) : p.lexical === 0 && !(p.candidate.kind !== "excerpt" && chosen.some((c) => c.candidate.id === p.candidate.id))) continue;
    const st = stemsOf(p.text);
    let novel = 0;
    for (const s of st) if (!words.has(s)) novel++;
    if (novel < 3) continue;
    for (const s of st) words.add(s);
    chosen.push(p);
  }
  // What a safety fact goes on to name without a verb ("… a tree nut allergy. Cashews and
  // pistachios especially.") is said with it, whatever its score.
  for (const c of [...chosen]) {
    if (c.candidate.kind === "excerpt" || !isSafetyCritical(c.text)) continue;
    const more = ranked.filter((p) => p.candidate.id === c.candidate.id && !chosen.includes(p) && isFragment(p.text) && !isBareReply(p.text));
    chosen.splice(chosen.indexOf(c) + 1, 0, ...more);
  }
  // "Does Dana have cancer?", asked now: a later remission is the answer, whatever its words.
  if (!q.past && [...q.terms.keys()].some((t) => /^(?:canc|tumo|leuk|lymphom|melanom)/.test(t))) {
    const later = ranked.find((p) => !chosen.includes(p) && REMISSION.test(splitReply(p.text).body) && (p.candidate.saidAt ?? "") > (chosen[0]!.candidate.saidAt ?? ""));
    if (later) chosen.unshift(later);
  }
  // About the present, what changed later leads what it changed ("Tom works nights" → "Tom
  // switched to day shifts"): both are said, the newer first. Not before a safety fact.
  if (!q.past && !eatingSafety.includes(chosen[0]!)) {
    // Only a change that answers the question as well as the lead does (a date for a date, hours for hours).
    const lead = chosen[0]!;
    const newer = chosen.findIndex((p, i) => i > 0 && !eatingSafety.includes(p) && CHANGE_HINT.test(splitReply(p.text).body) && (p.candidate.saidAt ?? "") > (lead.candidate.saidAt ?? "") && ((p.fit ?? 0) > 0 || !((lead.fit ?? 0) > 0)));
    if (newer > 0) chosen.unshift(...chosen.splice(newer, 1));
  }
  const per = Math.floor((q.list ? TARGET_CHARS : TARGET_CHARS - 10) / chosen.length);
  const texts: string[] = [];
  const kept: Piece[] = [];
  const extraSources: Candidate[] = [];
  const said = new Set<string>();
  let total = 0;
  for (const [i, p] of chosen.entries()) {
    let t = render(p, q, subject, Math.max(per, i === 0 ? 160 : 80));
    if (q.type === "when" && i === 0 && !DATE_HINT.test(t)) t = t.replace(/([.!?…])$/, `${saidOn(p)}$1`);
    // "no driving for two weeks": for how long counts from when it was said, which the reader needs.
    else if (BOUNDED.test(t) && !DATE_HINT.test(t)) t = t.replace(/([.!?…])$/, `${saidOn(p)}$1`);
    const next = i === 0 && !q.list ? continuation?.(p) : null;
    // The next sentence adds to the answer when the piece says little itself ("yeah, it's
    // tough."), or it goes on about the same thing ("It was for charity.") or about the
    // question's words; not when it changes the subject.
    const bare = splitReply(p.text).body.split(/\s+/).length <= 8;
    // A why-question: what follows the event in the same message is most often its reason
    // ("I moved to Austin last month! We wanted more space for the kids.").
    // The user's answer when asked about the piece is about the same thing, whatever its words.
    if (next && (next.source || bare || q.type === "why" || ANAPHORIC.test(next.text.trim()) || coverage(stemsOf(next.text), q.terms, new Map()) > 0)) {
      const extra = sentenceEnd(focusClauses(absoluteDates(stripLeadIn(next.text)), q, 130));
      const st = stemsOf(extra);
      let novel = 0;
      for (const x of st) if (!words.has(x)) novel++;
      if (novel >= 2 && t.length + extra.length + 1 <= 200) {
        t = `${t} ${extra}`;
        for (const x of st) words.add(x);
        if (next.source) extraSources.push(next.source);
      }
    }
    if (i > 0 && total + t.length + 1 > ANSWER_MAX_CHARS - 10) break;
    // The same statement from another source (a fact and the excerpt it came from) is said
    // once; both sources back it.
    const st = stemsOf(t);
    if (i > 0 && [...st].filter((x) => !said.has(x)).length < 2) {
      kept.push(p);
      continue;
    }
    for (const x of st) said.add(x);
    texts.push(t);
    kept.push(p);
    total += t.length + 1;
  }
  const used = [...new Map([...kept.map((p) => p.candidate), ...extraSources].map((c) => [c.id, c])).values()];
  const answer = q.list && texts.length > 1 ? texts.map((t) => `- ${t}`).join("\n") : texts.join(" ");
  return { answer: clip(answer, ANSWER_MAX_CHARS), used };
}

const esc = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "David Kimball is Ash's recruiter, he helps Ash hire engineers" → "helps Ash hire engineers". */
function withoutIntroduction(text: string, name: string | null, relation: string | null, subject: string | null): string {
  if (!relation) return text;
  const poss = `(?:${subject ? `${esc(subject)}(?:'s|’s)|` : ""}their|the user's|User's)`;
  const rel = esc(relation).replace(/-/g, "[- ]");
  const patterns = name
    ? [
        new RegExp(`^${esc(name)}(?:,| is| was)? ${poss} ${rel}s?,?\\s*(?:(?:he|she|they|who)\\s+)?`, "i"),
        new RegExp(`^${poss} ${rel}s?,? ${esc(name)},?\\s*`, "i"),
      ]
    : [new RegExp(`^${poss} ${rel}s?,?\\s*`, "i")];
  for (const re of patterns) {
    const rest = text.replace(re, "");
    if (rest !== text && rest.split(/\s+/).length >= 3) return rest.charAt(0).toLowerCase() + rest.slice(1);
  }
  return text;
}

/** A capitalized name in the text (not the first word, not the user, not one the question already names). */
function namesSomeoneNew(text: string, q: ParsedQuestion, subject: string | null): boolean {
  const body = splitReply(text).body;
  for (const m of body.matchAll(/(?<=\S\s+)([A-Z][a-z]+)\b/g)) {
    const w = m[1]!;
    if (w === subject || q.terms.has(stem(w.toLowerCase())) || MONTH_NAMES.includes(w.toLowerCase()) || knownPlacesIn(w).length) continue;
    if (/^(?:I|The|A|An|It|This|That|They|He|She|We|My|Our|Their|His|Her|And|But|So|Here|There|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(w)) continue;
    return true;
  }
  return false;
}

/** A short list of people with their relation and what a fact says about them. */
export function composePeople(
  people: { name: string | null; relation: string | null; facts: Candidate[] }[],
  subject: string | null,
): Composed | null {
  if (!people.length) return null;
  const lines: string[] = [];
  const used: Candidate[] = [];
  for (const p of people.slice(0, 5)) {
    const label = p.name && p.relation ? `${p.name} (${p.relation})` : (p.name ?? `${subject ? `${subject}'s` : "The user's"} ${p.relation}`);
    const fact = p.facts[0];
    let line = label;
    if (fact) {
      const { body } = splitReply(fact.text);
      // The sentence that names them ("Hannah is a new mom. Hannah's daughter Mila was born …" → the second).
      const sentences = splitSentences(body);
      const names = (x: string) => (p.name !== null && x.includes(p.name)) || (p.relation !== null && new RegExp(`\\b${escapeRegExp(p.relation)}\\b`, "i").test(x));
      const said = sentences.find(names) ?? sentences[0] ?? body;
      const detail = withoutIntroduction(absoluteDates(stripLeadIn(said)), p.name, p.relation, subject);
      line = `${label}: ${clip(detail.replace(/[.!]+$/, ""), 110)}`;
      for (const f of p.facts.slice(0, 2)) if (!used.includes(f)) used.push(f);
    }
    if (lines.join("\n").length + line.length + 3 > ANSWER_MAX_CHARS + 120) break;
    lines.push(`- ${line}`);
  }
  return { answer: lines.join("\n"), used };
}

/** A day, or a month when the date only says which month (the 1st, from "(October 2025)"). */
function formatWhen(d: Date): string {
  return d.getUTCDate() === 1 ? formatDay(d).replace(/^1 /, "") : formatDay(d);
}

/** A fact that states a slot's value, as an answer ("Ash lives in Austin (since October 2025)"). */
export function composeSlot(q: ParsedQuestion, current: Candidate[], past: Candidate[], subject: string | null): Composed | null {
  const pick = q.past && past.length ? past : current.length ? current : [];
  if (!pick.length) return null;
  const lead = pick[0]!;
  // The sentence of the fact that states the slot (the one naming the user), not its neighbours ("Boston was great.").
  const sentences = splitSentences(splitReply(lead.text).body);
  const at = new Date(lead.saidAt ?? Date.now());
  const stated =
    sentences.length > 1
      ? (sentences.find((x) => q.slot !== null && analyzeFact(x, { subject, saidAt: at }).slot === q.slot) ?? sentences.find((x) => namesUser(x, subject)) ?? sentences.join(" "))
      : sentences.join(" ");
  const p: Piece = { candidate: lead, text: stated, context: "", own: true, score: 1 };
  let text = render(p, q, subject, 200);
  if (q.past && lead.status === "superseded") {
    text = text
      .replace(/\b(lives|is living|resides)\b/, "lived")
      .replace(/\bis based\b/, "was based")
      .replace(/\bworks\b/, "worked")
      .replace(new RegExp(`^(${escapeRegExp(subject ?? "The user")}) is\\b`), "$1 was");
    const until = lead.validTo ? new Date(lead.validTo) : null;
    if (until && !Number.isNaN(until.getTime())) text = text.replace(/([.!?…])$/, ` (until ${formatWhen(until)})$1`);
  } else if (!q.past && past.length && lead.validFrom && !DATE_HINT.test(text)) {
    // A date the fact's other sentence gave ("… moving next month (May 2025)") is not this one's: then when it was said.
    const elsewhere = sentences.length > 1 && DATE_HINT.test(sentences.filter((x) => x !== stated).join(" "));
    const since = new Date(elsewhere && lead.saidAt ? lead.saidAt : lead.validFrom);
    if (!Number.isNaN(since.getTime())) text = text.replace(/([.!?…])$/, ` (since ${formatWhen(since)})$1`);
  }
  return { answer: clip(text, ANSWER_MAX_CHARS), used: [lead] };
}

export { absoluteDates, firstAnnotatedDate };
