import { stem, tokenize } from "@/server/ai/text";
import { compiledPer } from "@/server/lib/regexp";
import { findEntities, relationGroup } from "./entities";
import { isKnownPlace } from "./places";
import type { FactEntity, FactSlot, Salience, TopicKey } from "./taxonomy";

/**
 * Offline analysis of one third-person fact: its topic, salience, the entities it names, the
 * slot it fills (residence, job, diet, relationship), what it says stopped being true, and
 * when it holds. Pure and deterministic; the LLM extractor may supply topic, salience,
 * entities and time itself, and this fills whatever it left out.
 */

export interface FactAnalysis {
  topic: TopicKey;
  salience: Salience;
  entities: FactEntity[];
  slot: FactSlot | null;
  /** The slot's value ("Austin", "product designer at Acme", "vegetarian"); null without a slot. */
  slotValue: string | null;
  /** Stems of what the fact says is no longer true ("no longer drinks coffee" → drink, coffee). */
  negates: string[] | null;
  /** When the fact holds: the first resolved date in it, else when it was said. */
  validFrom: Date;
}

export interface AnalyzeOptions {
  /** The user's first name as facts use it, or null ("User" / "the user"). */
  subject: string | null;
  /** When the fact was said. */
  saidAt: Date;
}

const REPLY = /^(?:Asked|Replying to) "(.*?)", (.+?) said: ([\s\S]*)$/;

/** A reply fact's parts: the turn it answers, and the user's own words. */
export function splitReply(text: string): { context: string | null; body: string } {
  const m = REPLY.exec(text);
  return m ? { context: m[1]!, body: m[3]! } : { context: null, body: text };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How the user is named in a fact: their first name, "User", "the user". */
export function subjectPattern(subject: string | null): string {
  const names = ["User", "the user", "The user"];
  if (subject) names.unshift(escape(subject));
  return `(?:${names.join("|")})(?: and (?:family|team|others|their \\w+))?`;
}

/** Patterns that name the subject, compiled once per subject (see `compiledPer`). */
function perSubject<T>(build: (S: string) => T): (subject: string | null) => T {
  return compiledPer((subject: string | null) => build(subjectPattern(subject)));
}

// --- Topics ---------------------------------------------------------------------------

/** Per topic: word patterns (matched on lowercase text) and their weight. */
const TOPIC_RULES: [TopicKey, number, RegExp][] = [
  ["health", 3, /\b(allerg\w*|anaphyla\w*|epi-?pens?|celiac|coeliac|gluten|lactose|intoleran\w*|diabet\w*|insulin|asthma\w*|epilep\w*|seizures?|medications?|medicines?|prescriptions?|surgery|hospital\w*|therap(y|ist)|diagnos\w*|illness|sick|injur\w*|hurt|sprain\w*|physio\w*|rehab|(?:knee|hip|shoulder|joint|valve)s? (?:replace\w*|surgery)|alzheimer'?s|dementia|parkinson'?s|cancer|chemo\w*|remission|radiation therapy|radiotherapy|tendon\w*|fractur\w*|migraines?|chronic|disabilit\w*|wheelchair|hearing aids?|blind|deaf|pregnan\w*|mental health|anxiety|depression|doctors?|dietary|vegan|vegetarian|pescatarian|kosher|halal|thyroid|blood pressure|cholesterol|inhalers?|pills|meds|dosage|antibiotics|antidepressants?|adhd|adderall|ritalin|pressure sores?|bedsores?|paraplegi\w*|quadriplegi\w*|tetraplegi\w*|spinal cord|tinnitus|hearing loss)\b/],
  ["health", 1, /\b(gym|workouts?|exercis\w*|fitness|yoga|pilates|marathons?|running|jogging|weights|sleep\w*|health\w*|diet|calories|meditat\w*|physio\w*)\b/],
  ["identity", 3, /\b(lives?|living|lived|moved|moving|relocat\w*|based in|hometown|home country|grew up|born|nationality|citizen\w*|immigra\w*|years old|pronouns|transgender|trans (?:woman|man|person)|non-?binary|gay|lesbian|bisexual|queer|identity|name is|native language|sophomore|freshman|majoring|major in|student at|enrolled at|speaks? (?:\w+ )?(?:english|spanish|french|german|mandarin|italian|portuguese|japanese|korean|arabic|hindi))\b/],
  ["work", 2, /\b(jobs?|work(?:s|ed|ing)? (?:(?:mostly|mainly|closely|now|full[- ]time|part[- ]time) )?(?:as|at|for|on|with)|careers?|office|boss|managers?|coworkers?|colleagues?|employer|employees?|hired|fired|laid off|promot\w*|salary|interview\w*|intern\w*|company|companies|startups?|business\w*|founders?|co-?founders?|clients?|customers?|investors?|funding|seed round|revenue|professional\w*|profession|occupation|entrepreneur\w*|studio|store|shop|brand|marketing|product launch|launch\w*|projects?|deadlines?|meetings?|team|pitch|networking|contracts?|retainers?|day rate|hourly rate|rates|invoic\w*)\b/],
  ["work", 2, /\b(engineer|developer|designer|nurse|teacher|lawyer|banker|consultant|accountant|architect|chef|journalist|photographer|researcher|scientist|professor|analyst|recruiter|counsel(?:or|ing|lor)|pharmacist|programmer|barista|mechanic|social worker|realtor|instructor|freelanc\w*|assistant|aide|receptionist|bartender|technician|caregiver|(?:day|night|late|early|double|weekend|overnight) shifts?|shifts)s?\b/],
  // Farming is work ("farms 600 acres", "running planting", "back on the combine for harvest").
  ["work", 2, /\b(farm(?:s|ed|ing|er|ers|land|hands?)?(?! ?(?:markets?|stands?|stays?|animals? petting))|acres|harvest\w*|crops?|planting|livestock|cattle|herd|tractors?|combine)\b/],
  ["family", 2, /\b(step-?(?:mom|mum|mother|dad|father|parent|son|daughter|kids?|children|child)s?|mom|mother|mum|dad|father|parents?|sons?|daughters?|kids?|children|child|baby|babies|brothers?|sisters?|siblings?|grandma|grandmother|grandpa|grandfather|grandparents|aunt|uncle|cousins?|niece|nephew|wife|husband|spouse|married|marriage|wedding|famil(?:y|ies)|adopt\w*|pets?|dogs?|puppy|cats?|kittens?|twins?|toddlers?|newborn|(?:twin|baby|little|two|three|our|their) (?:boys|girls))\b/],
  ["people", 2, /\b(friends?|friendship|buddy|bestie|boyfriend|girlfriend|partner|dating|relationships?|breakup|broke up|divorc\w*|single|mentors?|neighbou?rs?|roommates?|community|support group|network)\b/],
  ["food", 2, /\b(food(?!\s+(?:bank|banks|pantry|pantries|drive|shelter))|foods|eat|eats|eating|ate|meals?|dinners?|lunch|breakfast|brunch|restaurants?|cuisine|cook\w*|bak(?:e|es|ed|ing)|recipes?|sushi|pizza|pasta|ramen|curry|tacos?|burgers?|salad|steak|bbq|seafood|chocolate|dessert|coffee|tea|wine|beer|cocktails?|spicy|cilantro|flavou?rs?|dish(?:es)?|snacks?|cafe|café|bistro|takeout|groceries)\b/],
  ["schedule", 2, /\b((?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?) (?:to|through|-) (?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)|\d{1,2} to \d{1,2}|(?:working|work|office) hours|schedul\w*|calendar|routine|mornings?|evenings?|weekdays?|weekends?|every (?:day|morning|evening|night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:before|after|around|at|by) \d{1,2}(?::\d\d)? ?(?:am|pm)|\d{1,2}(?::\d\d)? ?(?:am|pm)|o'clock|working hours|time ?zone|commute|bedtime|wakes? up|busy|availability)\b/],
  ["communication", 3, /\b(emails?|texts?|texting|calls?|phone|messages?|slack|repl(?:y|ies)|respond\w*|concise|brief|bullet\w*|tone|formal|informal|emoji\w*|communicat\w*|asks (?:not )?to|sentences|summar(?:y|ies))\b/],
  ["goals", 2, /\b(goals?|plans? to|planning to|wants? to|hopes? to|dreams?|aims?|aspir\w*|someday|one day|working (?:on|toward\w*)|resolution|would love to|is going to|decided to|intends? to|trying to|pursue|pursuing|next step|thinking (?:about|of) (?:\w+ing)|considering (?:\w+ing))\b/],
  ["interests", 1, /\b(hobb(?:y|ies)|passion\w*|paint\w*|draw\w*|art|arts|artist|pottery|music|guitar|violin|piano|clarinet|drums|sing\w*|danc\w*|read(?:s|ing)?|books?|novels?|poetry|poems?|movies?|films?|tv|series|games?|gaming|sports?|soccer|football|basketball|tennis|golf|hik\w*|camp\w*|climb\w*|swim\w*|surf\w*|ski\w*|photograph\w*|garden\w*|knit\w*|volunteer\w*|concerts?|museums?|festivals?|bands?|writing|instruments?|crafts?|sculpt\w*)\b/],
  ["travel", 2, /\b(travel\w*|trips?|vacations?|holidays?|flights?|flew|fly(?:ing)?|abroad|passport|visa|hotels?|road ?trip|tour\w*|sightseeing|itinerary|airport)\b/],
  ["finances", 2, /\b(money|budget\w*|savings?|sav(?:e|ed|ing) (?:up|money)|invest\w*|stocks?|crypto|loans?|debts?|mortgage|rent|income|expensive|afford\w*|bank account|insurance|taxes|bills|paycheck|financ\w*)\b/],
];

/** Tie-break: earlier wins. */
const TOPIC_ORDER: TopicKey[] = ["health", "identity", "family", "work", "people", "communication", "food", "schedule", "goals", "travel", "finances", "interests", "events", "other"];

const GROUP_TOPIC: Record<ReturnType<typeof relationGroup>, TopicKey> = { family: "family", pet: "family", work: "work", social: "people" };

/** TOPIC_RULES as g patterns, to count every hit (`match` starts each from 0). */
const TOPIC_RULES_G = TOPIC_RULES.map(([topic, weight, re]) => [topic, weight, new RegExp(re.source, "g")] as const);

function classifyTopic(text: string, slot: FactSlot | null, safety: boolean, entities: FactEntity[], baby = false): TopicKey {
  if (safety) return "health";
  // "Leah has ADHD, so Leah asks for bullet points": a request about how to write is communication.
  if (/\basks (?:not |never |always )?(?:to|for)\b/.test(text) && /\b(?:bullet|short|brief|concise|simple|plain|formal|informal|emojis?|large print|checklists?|text only|email|voice|calls?)\b/i.test(text)) return "communication";
  // "Mila was born January 8": a baby, family (not the user's birthplace).
  if (baby) return "family";
  // "clinicals moved to Mondays and Wednesdays", "The bar mitzvah moved to November 8": a date, not a move.
  if (MOVED_TO_DATE.test(text)) return "schedule";
  // "moved to days": a shift, not a place.
  if (SHIFT_CHANGE.test(text)) return "work";
  if (slot === "residence") return "identity";
  if (slot === "job") return "work";
  if (slot === "diet") return "health";
  if (slot === "relationship") return "people";
  if (slot === "study") return "identity";
  // A redacted value ("[EMAIL]", "<CAF=[PHONE]>~h3f9a") says nothing of the topic.
  const lower = text.replace(/<[A-Z]+=\[[A-Z_]+\]>~\w+|\[[A-Z_]+\]/g, " ").toLowerCase();
  const score = new Map<TopicKey, number>();
  for (const [topic, weight, re] of TOPIC_RULES_G) {
    const hits = lower.match(re)?.length ?? 0;
    if (hits) score.set(topic, (score.get(topic) ?? 0) + weight * Math.min(hits, 3));
  }
  // A medication named is health ("Jim's neurologist started him on donepezil").
  if (DRUG_NAME.test(text)) score.set("health", (score.get("health") ?? 0) + 3);
  // Going somewhere named is travel ("Ash went to Lisbon").
  if (entities.some((e) => e.type === "place") && /\b(went|go(?:es|ing)?|visit\w*|flew|fly(?:ing)?|trip|drove|been) (?:\w+ ){0,2}?(?:to|in)\b/.test(lower)) {
    score.set("travel", (score.get("travel") ?? 0) + 3);
  }
  // A fact about someone in the user's life belongs with them ("Ash's sister lives in Berlin").
  for (const e of entities) {
    if (e.relation) score.set(GROUP_TOPIC[relationGroup(e.relation)], (score.get(GROUP_TOPIC[relationGroup(e.relation)]) ?? 0) + 3);
  }
  let best: TopicKey | null = null;
  for (const t of TOPIC_ORDER) {
    const s = score.get(t) ?? 0;
    if (s > 0 && (best === null || s > (score.get(best) ?? 0))) best = t;
  }
  if (best) return best;
  return /\(\d{1,2} \w+ \d{4}\)|\(week of|\(weekend of|\(\w+ \d{4}\)|\(\d{4}\)/.test(text) ? "events" : "other";
}

// --- Salience -------------------------------------------------------------------------

/** Common drug-name endings (metformin, lisinopril, atorvastatin, sertraline, citalopram …). */
const DRUG_SOURCE = "(?:\\b(?:aspirin|acetaminophen|paracetamol|tylenol|advil|aleve|naproxen|keppra|adderall|ritalin|xanax|zoloft|prozac|lexapro|wellbutrin|lithium|coumadin|eliquis|xarelto|pradaxa|plavix|lasix|synthroid|ozempic|wegovy|mounjaro|humira|jardiance|januvia|lipitor|crestor|norvasc|zyrtec|claritin|benadryl|suboxone|methadone|naltrexone|vyvanse|concerta|seroquel|abilify|lamictal|depakote|tegretol|dilantin|donepezil|aricept|memantine|namenda|rivastigmine|galantamine|levodopa|carbidopa|sinemet)\\b|\\b[a-z]{3,}(?:formin|pril|sartan|statin|olol|cillin|mycin|floxacin|cycline|prazole|tidine|oxetine|triptan|azepam|zolam|thyroxine|parin|farin|xaban|gatran|dipine|profen|isone|olone|umab|imab|ovir|gliptin|glutide|traline|opram|tyline|apine|idone)\\b)";

/** Allergies, medical needs, dietary restrictions and accessibility needs. */
const SAFETY = new RegExp(
  [
    "\\ballerg\\w*",
    "\\banaphyla\\w*",
    "\\bepi-?pens?\\b",
    "\\bc[o]?eliac\\b",
    "\\bgluten[- ]free\\b",
    "\\blactose[- ]intoleran\\w*",
    "\\bintoleran(?:t|ce) to\\b",
    "\\bdiabet(?:es|ic)\\b",
    "\\binsulin\\b",
    "\\b(?:basal|bolus) (?:rate|dose|insulin)s?\\b",
    "\\basthma\\w*",
    "\\bepilep\\w*",
    // Wandering, and what overwhelms someone in public ("gets anxious in crowds and can wander").
    "\\b(?:can|may|tends? to|likes? to|starts? to) wander\\b|\\bwander(?:s|ing) (?:off|away)\\b|\\b(?:gets?|getting) (?:lost|anxious|overwhelmed|agitated|panicky) in (?:crowds|crowded|busy|loud|noisy)\\b|\\b(?:loud|noisy|crowded|busy) (?:places|noises|rooms|spaces) (?:upset|overwhelm|scare|trigger)",
    // What sets off a condition: "bright white backgrounds trigger Robin's migraines".
    "\\b(?:migraines?|seizures?|asthma|panic attacks?|vertigo)\\b[^.;]{0,60}\\btrigger(?:s|ed)?\\b|\\btrigger(?:s|ed)? (?:\\w+ ){0,3}?(?:migraines?|seizures?|asthma attacks?|panic attacks?|vertigo)\\b",
    "\\bseizures?\\b",
    "\\bheart (?:condition|problems?|disease|failure)\\b",
    "\\b(?:atrial fibrillation|a-?fib|arrhythmia)\\b",
    // Conditions a person's care is arranged around ("has Parkinson's", "he's a fall risk").
    "\\b(?:parkinson|alzheimer)(?:'s|’s|s)?\\b",
    "\\b(?:dementia|multiple sclerosis|copd|dialysis|kidney disease|chemo(?:therapy)?|fall risk)\\b",
    "\\b(?:warfarin|apixaban|rivaroxaban|dabigatran|edoxaban|heparin|coumadin|eliquis|xarelto)\\b",
    "\\bpacemaker\\b",
    "\\bblood thinners?\\b",
    // A device or a diet a condition needs ("use a CPAP every night", "doc wants me on low sodium").
    "\\b(?:sleep apnea|cpap|bipap|home oxygen|oxygen tank|insulin pump|feeding tube|colostomy)\\b",
    "\\blow[- ](?:sodium|salt|potassium|phosphorus)\\b",
    "\\b(?:high blood pressure|hypertension)\\b",
    // A dose a doctor changed ("doc cut Ray's lisinopril dose in half").
    "\\b(?:doctor|doc|dr\\.?|physician|gp|cardiologist|neurologist|psychiatrist)(?:'s|’s)? (?:\\w+ )?(?:cut|halved|doubled|upped|raised|lowered|increased|reduced|changed) (?:[\\w'’]+ ){0,2}?(?:dose|dosage|meds|medications?|pills)\\b",
    // A medication, or something taken for a condition ("takes levothyroxine every morning for their thyroid").
    "\\b(?:is on|takes?|taking|prescribed) (?:[\\w-]+ ){0,2}?(?:medications?|medicines?|meds|pills)\\b",
    // "Ruth's doctor put Ruth on metformin", "was prescribed sertraline", "started Ash on insulin".
    "\\b(?:doctor|dr\\.?|physician|gp|cardiologist|psychiatrist|specialist|endocrinologist)(?:'s|’s)? (?:\\w+ )?(?:put|started|has|switched) (?:[\\w'’]+ ){1,2}?(?:on|to) [\\w-]+",
    "\\bwas prescribed\\b",
    "\\b(?:adhd|anxiety|depression|blood pressure|thyroid|diabetes|seizure|heart|asthma|allergy|pain|sleep) (?:meds|medications?|medicines?|pills)\\b",
    "\\btak(?:es?|ing) [\\w-]+ (?:(?:daily|every \\w+|twice a day|once a day|each \\w+|at night) )?for (?:their|his|her|my|a|an|the) (?:[\\w-]+ ){0,2}?(?:thyroid|blood pressure|heart|diabetes|asthma|seizures|epilepsy|depression|anxiety|adhd|cholesterol|condition|migraines?|arthritis)\\b",
    // A wheelchair the user uses; "wheelchair basketball" is a sport.
    // Fasting (Ramadan, a fast a doctor ordered): no food or drink at times.
    "\\b(?:is|am|'s|are) (?:\\w+ )?fasting\\b",
    "\\bfasting (?:for|during|until|till|through)\\b",
    // Sobriety: no drinks, no bars.
    "\\b(?:is|am|'s|been|stay(?:s|ing)?|\\d+ (?:days?|weeks?|months?|years?)) (?:now )?sober\\b",
    "\\bsobriety\\b",
    "\\bin recovery\\b",
    // A medication by name the user is on or takes ("is also on sertraline").
    `\\b(?:is|am|'s|been) (?:also |now |still )?on ${DRUG_SOURCE}`,
    `\\btak(?:es?|ing) ${DRUG_SOURCE}`,
    // A medication a doctor added or changed ("Doctor added Jardiance", "put Ruth on metformin").
    `\\b(?:added|prescribed|started (?:\\w+ )?on|put (?:\\w+ )?on|switched (?:\\w+ )?to|upped|increased|lowered|reduced|cut) (?:(?:the|their|his|her|a|an) )?${DRUG_SOURCE}`,
    "\\bwheelchair(?![- ](?:basketball|rugby|tennis|racing|racer|races?|marathons?|half[- ]marathons?|fencing|dance|dancing|curling|sports?)\\b)",
    // What a venue must have: "needs step-free access and an accessible restroom".
    "\\bstep[- ]free\\b",
    "\\b(?:wheelchair[- ])?accessible (?:restrooms?|bathrooms?|toilets?|entrances?|venues?|seating|parking|rooms?|transport)\\b",
    "\\b(?:ramps?|elevators?|lifts?) (?:access|only)\\b",
    "\\bmobility (?:aid|issue|problem)s?\\b",
    // A walker, a cane, crutches the user uses; a fall risk.
    "\\b(?:uses?|using|needs?|with|on) (?:a |an |their |his |her )?(?:walker|rollator|cane|walking stick|crutches|mobility scooter)\\b",
    "\\bfall risk\\b",
    // Skin that breaks down from sitting or lying ("prone to pressure sores").
    "\\b(?:pressure|bed) ?(?:sores?|ulcers?)\\b",
    "\\bhearing aids?\\b",
    "\\bhard of hearing\\b",
    "\\b(?:is|are) (?:legally )?(?:blind|deaf)\\b",
    "\\bsign language\\b",
    "\\bdisabilit(?:y|ies)\\b",
    "\\bpregnan(?:t|cy)\\b",
    "\\bkeeps? kosher\\b",
    "\\b(?:eats?|eating) (?:only )?(?:halal|kosher)\\b",
    "\\b(?:is|are|'s|became|become|went|gone|turned|been|being|stays?|strict(?:ly)?) (?:a |an |now |fully |strictly |mostly )*(?:vegan|vegetarian|pescatarian)s?\\b",
    // What the user cannot take, or will not eat; not drinking is a restriction for alcohol and
    // milk, a habit for coffee ("doesn't drink coffee anymore").
    "\\b(?:can't|cannot|can not|mustn't|must not|shouldn't) (?:eat|have|drink|tolerate|digest)\\b",
    "\\b(?:doesn't|does not|don't|do not|never|won't) (?:eat|tolerate|digest)\\b",
    "\\b(?:doesn't|does not|don't|do not|never|won't) (?:drink|have) (?:any )?(?:alcohol|booze|liquor|wine|beer|spirits|milk|dairy)\\b",
    "\\b(?:no|avoids?|avoiding) (?:pork|beef|meat|alcohol|nuts|peanuts|shellfish|dairy|gluten|eggs|soy|fish|grapefruit)\\b",
    // "must be careful with the green vegetables" (a blood thinner), "has to avoid salt".
    "\\b(?:must|has to|have to|needs? to|should) (?:be careful with|avoid|stay away from|cut out|limit) (?:[\\w-]+ ){0,3}?(?:foods?|vegetables|greens|grapefruit|salt|sodium|sugar|caffeine|alcohol|carbs|dairy|gluten|nuts|fish|shellfish|red meat|spicy food|fried food)\\b",
  ].join("|"),
  "i",
);

const IDENTITY = new RegExp(
  [
    "\\b(?:is|was) from\\b",
    "\\bgrew up\\b",
    "\\bborn (?:in|on)\\b",
    "\\bhome country\\b",
    "\\bhometown\\b",
    "\\b\\d{1,3} years? old\\b",
    "\\bturned \\d{1,3}\\b",
    "\\bpronouns\\b",
    "\\b(?:transgender|trans (?:woman|man|person)|non-?binary|gay|lesbian|bisexual|queer)\\b",
    "\\bidentif(?:y|ies) as\\b",
    "\\bname is\\b",
    "\\b(?:speaks|native language|fluent in)\\b",
    "\\b(?:has|have) (?:a|an|one|two|three|four|five|\\d+) (?:kids?|children|child|sons?|daughters?|babies|baby|grandchildren|siblings|brothers?|sisters?)\\b",
    "\\b(?:has|have) (?:twins|twin (?:boys|girls|sons|daughters|brothers|sisters))\\b",
    "\\b(?:is|are|'s|been|got) (?:happily )?married\\b",
    "\\b(?:is|was) (?:a |an )?(?:christian|muslim|jewish|buddhist|hindu|catholic|atheist|sikh)\\b",
    // A student: what they are, where, and what they study.
    "\\b(?:is|am|'s) (?:a |an )?(?:(?:first|second|third|fourth|final)[- ]year |college |university |grad |graduate |phd |med |law |nursing |high school )?(?:sophomore|freshman|student|undergrad(?:uate)?|grad student|phd candidate)\\b",
    "\\b(?:double )?major(?:ing|s|ed)? in\\b",
    "\\b(?:studies|is studying|enrolled) (?:\\w+ ){0,2}?at [A-Z]",
  ].join("|"),
  "i",
);

const PREFERENCE = new RegExp(
  [
    "\\b(?:loves?|loved|loving|likes?|liked|enjoys?|enjoyed|enjoying|prefers?|preferred|favou?rite|hates?|hated|dislikes?|adores?)\\b",
    "\\bcan't stand\\b",
    "\\bcannot stand\\b",
    "\\bnot a (?:big )?fan\\b",
    "\\b(?:a )?(?:big |huge )?fan of\\b",
    "\\bpassionate about\\b",
    "\\binto\\b",
    "\\basks (?:not )?to\\b",
    "\\b(?:always|usually|never|typically|tends? to|often|rarely|normally)\\b",
    "\\bevery (?:day|morning|evening|night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b",
  ].join("|"),
  "i",
);

/** "Sofia is pregnant!", "Ash's wife is pregnant": safety only through the pregnancy, and not the user's. */
function someoneElsesPregnancy(text: string, subject: string | null): boolean {
  if (SAFETY.test(text.replace(/\bpregnan(?:t|cy)\b/gi, " "))) return false;
  const m = /(?:^|[.!?]\s+|\b(?:my|their|his|her|'s|’s) )([A-Z]?[a-z]+(?:-in-law)?)(?: [A-Z][a-z]+)? (?:is|was|got|just got|'s|’s) (?:\w+ )?pregnant\b/.exec(text);
  return Boolean(m && m[1] !== subject && !/^(?:I|i|user|User)$/.test(m[1]!));
}

export function isSafetyCritical(text: string): boolean {
  return SAFETY.test(text);
}

/** What can kill within minutes: allergies, seizures, diabetes, heart and breathing conditions. */
const LIFE_THREATENING = /\b(?:allerg\w*|anaphyla\w*|epi-?pens?|c[o]?eliac|epilep\w*|seizures?|diabet(?:es|ic)|insulin|asthma\w*|heart (?:condition|problems?|disease|failure)|atrial fibrillation|a-?fib|arrhythmia|pacemaker|blood thinners?|warfarin|apixaban|rivaroxaban)\b/i;
/** A diet kept by choice or belief ("is vegetarian", "keeps kosher"). */
const DIET_ONLY = /\b(?:vegan|vegetarian|pescatarian|kosher|halal)s?\b/i;

/** What bears on what a person can eat or drink: allergies, intolerances, diabetes, diets. */
const EATING = /\b(?:allerg\w*|anaphyla\w*|epi-?pens?|c[o]?eliac|gluten|lactose|dairy|intoleran\w*|diabet\w*|insulin|vegan|vegetarian|pescatarian|kosher|halal|eat\w*|ate|drink\w*|food|meals?|nuts?|peanuts?|shellfish|fish|pork|beef|meat|alcohol|eggs?|soy|sugar|grapefruit|vegetables|greens|salt|salty|sodium|carbs?|caffeine|vitamin k)\b/i;

const DRUG_NAME = new RegExp(DRUG_SOURCE, "i");
const MEDICATION = /\b(?:medications?|medicines?|meds|pills|tablets|prescri\w+|insulin|inhalers?|injections?|doses?|dosage|\d+ ?mg|antibiotics|antidepressants?|blood thinners?|epi-?pens?)\b|\b(?:doctor|dr\.?|physician|gp|neurologist|cardiologist|psychiatrist)(?:'s|’s)? (?:\w+ )?(?:put|started|switched|changed|upped|raised|lowered|increased|reduced|took \w+ off) /i;

/** What a safety fact is about, item by item: the drugs and allergens it names ("lisinopril", "aspirin"; "milk", "eggs"). */
export function safetyItems(text: string): string[] {
  const items = [...text.matchAll(new RegExp(DRUG_SOURCE, "gi")), ...text.matchAll(ALLERGENS)].map((m) => m[0].toLowerCase());
  return [...new Set(items)];
}
const ALLERGENS = /\b(?:milk|dairy|eggs?|peanuts?|tree nuts?|nuts?|shellfish|fish|soy|wheat|gluten|sesame|penicillin|sulfa|latex|shrimp|cashews?|pistachios?|almonds?|walnuts?|kiwi|strawberr(?:y|ies))\b/gi;

/** A fact that names a medication the user takes or was given ("switched from metformin to insulin"). */
export function mentionsMedication(text: string): boolean {
  // An allergy to a drug is no medication taken ("allergic to penicillin").
  const t = text.replace(/\ballerg\w* to (?:[\w-]+ ){0,2}?[\w-]+/gi, " ");
  return MEDICATION.test(t) || DRUG_NAME.test(t);
}

/** A safety-critical fact that matters for food (a dining agent's question): not a medication or a wheelchair. */
export function concernsEating(text: string): boolean {
  if (!EATING.test(text)) return false;
  // An allergy to a drug, latex or a sting ("allergic to penicillin") is not about food, unless
  // the fact also names something eaten.
  if (NOT_FOOD_ALLERGY.test(text)) return EATING.test(text.replace(NOT_FOOD_ALLERGY, " ").replace(/\ballerg\w*/gi, " "));
  return true;
}
const NOT_FOOD_ALLERGY =
  /\ballerg(?:ic|y|ies) to (?:\w+ ){0,2}?(?:penicillin|amoxicillin|antibiotics?|sulfa(?: drugs)?|aspirin|ibuprofen|codeine|morphine|anesthesia|latex|bee stings?|wasp stings?|stings?|insect stings?|iodine|contrast dye|nickel|pollen|dust|mold|cats?|dogs?|grass)\b/gi;

/**
 * How urgent a safety-critical fact is, for ordering them (0 first): what can kill, then
 * other medical and accessibility needs, then diets. A summary cut short keeps the first.
 */
export function safetyRank(text: string): number {
  if (LIFE_THREATENING.test(text)) return 0;
  return DIET_ONLY.test(text) ? 2 : 1;
}

// --- Slots ----------------------------------------------------------------------------

const ADV = "(?:(?:just|recently|finally|now|officially|already|also|actually|eventually|since|then|originally|first) )*";
const PLACE_NAME = "((?:[A-Z][\\p{L}'’\\-]+|of|de|la|el|del|upon)(?: (?:[A-Z][\\p{L}'’\\-]+|of|de|la|el|del|upon)){0,3})";
const ROLE_NOUNS = `engineer|software engineer|developer|designer|product designer|nurse|teacher|lawyer|attorney|doctor|physician|surgeon|banker|consultant|manager|product manager|project manager|founder|co-?founder|ceo|cto|cfo|coo|accountant|architect|chef|cook|writer|author|journalist|artist|photographer|musician|student|researcher|translator|interpreter|caregiver|carer|tutor|content strategist|strategist|copywriter|scientist|professor|analyst|data scientist|recruiter|salesperson|sales rep|marketer|entrepreneur|freelancer|counselor|counsellor|therapist|psychologist|pharmacist|dentist|electrician|plumber|driver|pilot|firefighter|police officer|programmer|barista|waiter|waitress|server|cashier|mechanic|social worker|intern|instructor|coach|trainer|realtor|real estate agent|veterinarian|vet|paramedic|nanny|librarian|editor|producer|director|actor|actress|model|dancer|dance teacher|pastor|stay-at-home (?:mom|dad|parent)|homemaker|retiree|software developer|web developer|ux designer|graphic designer|fashion designer|engineering manager|tech lead|brand designer|interior designer|game designer|nursing assistant|medical assistant|dental assistant|teaching assistant|administrative assistant|executive assistant|personal assistant|research assistant|physician assistant|home health aide|health aide|teacher's aide|cna|nurse practitioner|midwife|doula|emt|receptionist|secretary|bartender|hairdresser|hairstylist|stylist|barber|baker|butcher|florist|carpenter|welder|electrician|janitor|custodian|security guard|truck driver|trucker|delivery driver|bus driver|farmer|soldier|machinist|technician|lab technician|dietitian|nutritionist|optometrist|radiologist|sonographer|phlebotomist|occupational therapist|speech therapist|physical therapist|first officer|flight attendant|co-?pilot|cellist|violinist|violist|pianist|harpist|flautist|oboist|percussionist|trumpeter|trombonist|organist|vp of \\w+|head of \\w+`;
const ROLE_RE = `(?:(?:a|an|the) )?(?:(?:senior|junior|lead|head|chief|principal|staff|freelance|self-employed|full-time|part-time|new|professional|licensed|registered|icu|er|nicu|picu|hr|it|ux|ui|qa|charge|travel|night|high school|middle school|elementary school|kindergarten|preschool|pediatric|emergency|surgical|dental|backend|back-end|frontend|front-end|full-stack|fullstack|mobile|sous|pastry) )*(?:${ROLE_NOUNS})`;

/** An employer named by what it is ("joined a travel nursing agency"). */
const EMPLOYER_NOUNS = "agency|company|firm|startup|hospital|clinic|practice|school|university|lab|studio|nonprofit|non-profit|charity|bank|consultancy|team|restaurant|bakery|newspaper|magazine|publisher";

/** Employers one leaves as a job ("left the agency"); not a hospital or a school, which one also leaves as a patient or a pupil. */
const LEFT_EMPLOYER = "agency|company|firm|startup|practice|lab|studio|nonprofit|non-profit|charity|bank|consultancy|restaurant|bakery|newspaper|magazine|publisher";

const BUSINESS_NOUNS = "credit union branch|credit union|bank branch|branch|department|warehouse|hotel|bakery|business|company|startup|shop|store|boutique|restaurant|trattoria|pizzeria|bistro|taqueria|deli|pub|bar|cafe|café|coffee shop|studio|agency|firm|practice|clinic|salon|brewery|winery|farm|consultancy|food truck|gym|daycare|bookstore";

/** The role after the employer joined ("… joined Northwind Analytics as VP of Marketing"). */
const JOINED_ROLE = new RegExp(`^ as (${ROLE_RE})\\b`, "i");

/** The patterns of `slotOf` for one subject, compiled once (see `perSubject`). */
const slotPatterns = perSubject((S) => {
  const field = `([a-z][a-z&'’-]*(?: [a-z&][a-z&'’-]*){0,3}?(?: and [a-z][a-z'’-]*(?=\\s*(?:[.,;:!?()]|$)))?)(?=\\s*(?:[.,;:!?()]|$| (?:and|but|so|because|since|now|at|this|next|in|for|with|while)\\b))`;
  const SPOUSE = "(?:wife|husband|spouse|partner)(?: [A-Z]\\w+)?";
  return {
    residence: new RegExp(
      `\\b${S} ${ADV}(?:lives|is living|has lived|still lives|now lives|resides|is based|is now based|has moved|moved(?: back)?|relocated|is moving|will move|will be moving|settled)(?: alone| together| by (?:myself|himself|herself|themselves))?(?: (?:from|out of) (?:[^.,;]+?))? (?:to|in|into) (?:(?:a|an|the|our|their|his|her) (?:new |little |small |tiny )?(?:condo|house|home|apartment|flat|place|townhouse|bungalow|cottage) (?:in|near|outside) )?${PLACE_NAME}`,
      "u",
    ),
    movedInWith: new RegExp(`\\b${S} ${ADV}(?:sold (?:their|his|her|the|our) (?:[\\w-]+ ){0,2}?(?:house|home|condo|apartment|flat|place) and )?(?:has )?(?:moved|is moving|will move|will be moving) in with (?:[\\p{L}'’-]+ ){1,3}?in ${PLACE_NAME}`, "u"),
    basedIn: new RegExp(`\\b${S} is (?:a |an )?(?:[\\w-]+ ){1,4}?based in ${PLACE_NAME}`, "u"),
    backIn: new RegExp(`(?:\\b${S} ${ADV}is |[,;]\\s+)(?:now |finally )?back (?:home )?in ${PLACE_NAME}(?=\\s+(?:for|now|since|after|again)\\b|\\s*[.,;!]|\\s*$)`, "u"),
    settledIn: new RegExp(`\\b${S} ${ADV}(?:is|are) (?:now |finally |all )?(?:settled |moved )?in ${PLACE_NAME} now\\b`, "u"),
    jobEnded: new RegExp(`\\b${S} ${ADV}(?:lost|quit|left) (?:their|his|her|a|the) (?:[\\w-]+ ){0,3}job\\b|\\b${S} ${ADV}(?:quit|left) (?:their|his|her|the) (?:[\\w-]+ ){0,2}?(?:${LEFT_EMPLOYER})\\b(?! (?:for|to) )|\\b${S} ${ADV}(?:was|got) (?:laid off|fired|let go)\\b|\\b${S} ${ADV}(?:retired|is retired|is unemployed|is between jobs)\\b|\\b${S}(?: and others)? ${ADV}sold (?:their|his|her|the|our) (?:[\\w-]+ ){0,2}?(?:${BUSINESS_NOUNS})(?![\\w-])`, "i"),
    jobPatterns: [
      // "works part time at a coffee shop": an employer named by what it is.
      new RegExp(`\\b${S} ${ADV}(?:works|is working|has been working|now works|currently works) (?:(?:part|full)[- ]time )?((?:at|for) (?:a|an|the) (?:[\\w-]+ ){0,2}?(?:${EMPLOYER_NOUNS}|${BUSINESS_NOUNS}|coffee shop|cafe|café|bar|diner|supermarket|warehouse|factory|hotel|library|pharmacy|school)\\b)`, "i"),
      new RegExp(`\\b${S} ${ADV}(?:works|is working|has worked|has been working|started working|now works|currently works) (?:(?:from home|remotely|full[- ]time|part[- ]time) )?(as ${ROLE_RE}(?: (?:at|for) [A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3})?|(?:at|for) [A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3}(?: as ${ROLE_RE})?)`, "i"),
      new RegExp(`\\b${S} ${ADV}(?:started|began|got|landed|accepted|took|has|is starting) (?:a |an |their |the )?(?:new )?(?:job|position|role|internship|gig)( (?:as|at|with) [^.,;!?]+)`, "i"),
      // "Ngozi quit the cafe, got a job as a CNA at the hospital": the sentence's subject is the user.
      new RegExp(`^${S} [^.;!?]*?,\\s+(?:and )?(?:then )?(?:got|landed|started|took) (?:a |an )?(?:new )?(?:job|position|role|gig)( (?:as|at|with) [^.,;!?]+)`, "i"),
      new RegExp(`\\b${S}(?:'s|’s) (?:new )?(?:job|role|position) (?:is|as|at) ([^.,;!?]+)`, "i"),
      new RegExp(`\\b${S} ${ADV}(?:is|became|has become|is now) (${ROLE_RE}(?: (?:at|for|with) (?:the )?[A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3})?)\\b`, "i"),
      // "Marcus left the agency, freelancing full time now", "is freelancing".
      new RegExp(`\\b${S} ${ADV}(?:(?:left|quit) (?:the|their|his|her|a) [^.;!?,]{1,30},? (?:and (?:is )?(?:now )?)?|is (?:now )?)?(freelancing|self-employed)\\b`, "i"),
      // "Avi left Stripe, starting at Datadog in July as a staff engineer".
      new RegExp(`\\b${S} ${ADV}(?:(?:left|quit) [^.;!?,]{1,30},? (?:and )?(?:is )?)?(?:starting|starts|is starting|will start|started) (?:a new job |a job |work |the new job )?at ([A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3})(?: (?:in|on|next) [\\w ]{1,20}?)?(?: as (${ROLE_RE}))?\\b`),
      // "Daniel teaches history at Howard".
      new RegExp(`\\b${S} ${ADV}teaches ((?:[a-z]+ ){0,3}?[a-z]+ at [A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3})`),
      // "Nadia teaches 4th grade at an elementary school in Denver", "teaches math at a high school",
      // "teaches kindergarten": a grade or a school subject, or teaching at a school (not "teaches
      // her son chess").
      new RegExp(`\\b${S} ${ADV}teaches ((?:(?:\\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth) grade|kindergarten|pre-?k|preschool|(?:high school |middle school |ap )?(?:math|maths|mathematics|science|english|history|biology|chemistry|physics|art|music|spanish|french|german|chinese|latin|p\\.?e\\.?|special ed\\w*|esl|reading|geography|economics|computer science|drama|social studies)|(?:[a-z]+ ){0,2}?[a-z0-9]+(?= at (?:a|an|the) (?:[\\w-]+ ){0,2}?(?:school|college|university|academy|studio)\\b))(?: at (?:a|an|the) (?:[\\w-]+ ){0,2}?(?:school|college|university|academy|studio)(?: in [A-Z][\\p{L}'’-]+(?: [A-Z][\\p{L}'’-]+)?)?)?)\\b`, "u"),
      // "Tyler does DoorDash now", "drives for Uber": gig work is the job.
      new RegExp(`\\b${S} ${ADV}(?:does|is doing|started doing|started|drives for|delivers for|works for|is driving for) (doordash|door dash|uber eats|ubereats|uber|lyft|instacart|grubhub|postmates|deliveroo|amazon flex|gopuff|taskrabbit)\\b`, "i"),
      // "Amara got promoted to charge nurse".
      // "Megan upgraded to captain" (a first officer's promotion).
      new RegExp(`\\b${S} ${ADV}(?:got |was |has been |just got |just )?(?:promoted|upgraded|bumped up|moved up) to (${ROLE_RE}|captain)\\b`, "i"),
      // "Omar started their own consulting firm", "is starting a food truck": a business of one's own.
      new RegExp(`\\b${S} ${ADV}(?:started|is starting|launched|is launching|is opening) (?:a|an|their|his|her|our) (?:(?:small|little|new|own|family) )*((?:[a-z][a-z-]+ )?(?:${BUSINESS_NOUNS}))(?![\\w-])`, "i"),
      // "Omar is a structural engineer at Boeing": a role with a word of its own before it.
      new RegExp(`\\b${S} ${ADV}(?:is|became|has become|is now) (?:a |an )(?!(?:former|retired|ex|aspiring|future|wannabe|would-be|trainee)\\b|[a-z-]+ student\\b)([a-z][a-z-]+ (?:${ROLE_NOUNS})(?: (?:at|for|with) (?:the )?[A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3})?)\\b`),
      // Running a business of one's own: "Ash runs a small bakery in Portland called Rise & Shine".
      new RegExp(`\\b${S} ${ADV}(?:runs|owns|co-?owns|founded|co-?founded|opened|manages) (?:a|an|their|his|her|the) (?:(?:small|little|new|own|family) )*((?:[a-z][a-z-]+ )?(?:${BUSINESS_NOUNS})(?: in [A-Z][\\p{L}'’-]+(?: [A-Z][\\p{L}'’-]+)?)?(?: called [A-Z][\\p{L}&'’.-]*(?: (?:[A-Z&][\\p{L}&'’.-]*))*)?)`, "iu"),
    ],
    joined: new RegExp(`\\b${S} ${ADV}(?:(?:left|quit) (?:[^.,;!?]|\\b(?:St|Mt|Dr|Mr|Mrs|Ms)\\.)+? and (?:then |just |recently )?)?(?:joined|was hired by|was hired at|got hired at|is joining) ([A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3}|(?:a|an) (?:[a-z-]+ ){0,3}?(?:${EMPLOYER_NOUNS}))`),
    study: [
      new RegExp(`\\b${S} ${ADV}is (?:a|an) (?:[\\w-]+ ){0,3}?(?:student|freshman|sophomore|junior|senior|undergrad|undergraduate|grad student|graduate student|phd student|phd candidate|masters student|master's student)\\b[^.;!?]{0,40}?,?\\s+(?:studying|majoring in|(?:and |who )?(?:studies|majors in)|doing (?:a|an|their|his|her) (?:degree|major|masters|master's|ba|bs|ma|ms|msc|phd|doctorate) in)\\s+(?!for\\b|hard\\b|late\\b|abroad\\b|at\\b|with\\b|together\\b)${field}`, "iu"),
      new RegExp(`\\b${S} ${ADV}is (?:doing|getting|working on) (?:a|an|their|his|her) (?:degree|major|masters|master's|ba|bs|phd|doctorate) in ${field}`, "iu"),
      new RegExp(`\\b${S} ${ADV}(?:studies|majors in|is studying|is majoring in)\\s+(?!for\\b|hard\\b|late\\b|abroad\\b|at\\b|in\\b|with\\b|together\\b|a lot\\b|every\\b|the\\b|on\\b|after\\b|before\\b)${field}`, "iu"),
      new RegExp(`\\b${S} ${ADV}(?:switched|changed) (?:their|his|her) (?:major|degree|course|program|programme) (?:from [^.;!?]+? )?to ${field}`, "iu"),
      new RegExp(`\\b${S}(?:'s|’s) (?:new )?major is (?:now )?${field}`, "iu"),
    ],
    diet: new RegExp(`\\b${S} ${ADV}(?:is|became|has become|went|has gone|turned|is now|has been) (?:a |an |fully |strictly |mostly )*(vegan|vegetarian|pescatarian|keto|paleo)\\b`, "i"),
    dietEnded: new RegExp(`\\b${S} ${ADV}(?:is no longer|stopped being|quit being|is not|isn't) (?:a )?(?:vegan|vegetarian|pescatarian)|\\b${S} ${ADV}eats meat again\\b`, "i"),
    dietAgain: new RegExp(`\\b${S} ${ADV}(?:started|began|is|has started) (?:eating|to eat) (fish|meat|chicken|seafood|dairy|eggs)(?: again)?\\b|\\b${S} ${ADV}eats (fish|chicken|seafood|dairy|eggs) again\\b`, "i"),
    relationship: new RegExp(`\\b${S} ${ADV}(?:is|has been|got|became) (single|married|engaged|divorced|separated|widowed|in a relationship|dating [A-Z]\\w+)\\b|\\b${S} ${ADV}(broke up|split up)\\b`, "i"),
    parting: new RegExp(`\\b(?:${S}(?:'s|’s) ${SPOUSE} and ${S}|${S} and (?:their|his|her|${S}(?:'s|’s)) ${SPOUSE}) (?:are|have) (?:now )?(separating|separated|getting divorced|divorcing|divorced|splitting up|split up)\\b|\\b${S} ${ADV}(?:is|are) (separating|getting divorced|getting a divorce|divorcing)\\b`, "i"),
    divorceFinal: new RegExp(`^(?:the |${S}(?:'s|’s) |their |his |her )?divorce (?:is|was|has been|got) (?:now |finally )?(?:final|finalized|finalised|through|done)\\b`, "i"),
    // "Ruth's late husband Harold", "Ruth's wife passed away in 2019", "Greta is 72 and a widow".
    widowed: new RegExp(
      `\\b${S}(?:'s|’s) (?:late (?:husband|wife|spouse|partner)\\b|(?:husband|wife|spouse|partner)(?: [A-Z]\\w+)? (?:\\w+ )?(?:passed away|passed|died)\\b)|\\b${S} ${ADV}(?:is|has been|became) (?:[^,.;!?]{1,20} and )?an? (?:widow|widower)\\b(?! support| group)`,
    ),
    dating: new RegExp(`\\b${S} ${ADV}(?:started|began|is) (?:dating|seeing) (?:someone|somebody|a (?:guy|girl|man|woman)|[A-Z]\\w+)`),
  };
});

function slotOf(text: string, subject: string | null): { slot: FactSlot; value: string } | null {
  const P = slotPatterns(subject);
  // Residence: "Ash lives in Leeds", "Ash moved from San Francisco to Austin", "Ash is based in Berlin".
  const r =
    P.residence.exec(text) ??
    // "Greta sold their house and moved in with Ingrid in Seattle".
    P.movedInWith.exec(text) ??
    P.basedIn.exec(text) ??
    // "Internship is over, back in Kyoto for Priya's final year", "Priya is back in Leeds now".
    P.backIn.exec(text) ??
    // "Linda and others are in Tucson now, the condo is lovely": settled in a home there.
    (/\b(?:condo|apartment|flat|house|new place|new home|unpack\w*|moved in|settl\w+ in)\b/i.test(text)
      ? P.settledIn.exec(text)
      : null);
  if (r) {
    const place = r[1]!.replace(/ (?:of|de|la|el|del|upon)$/, "");
    if (isKnownPlace(place) || /^[A-Z]/.test(place)) return { slot: "residence", value: place };
  }
  // Job.
  // "Priya (left Acme and) joined Northwind Analytics as VP of Marketing": the company (capitalized), then the role (any case).
  const joined = P.joined.exec(text);
  if (joined) {
    const role = JOINED_ROLE.exec(text.slice(joined.index + joined[0].length));
    return { slot: "job", value: role ? `${role[1]!.replace(/^(?:a|an|the) /i, "")} at ${joined[1]}` : joined[1]! };
  }
  for (const re of P.jobPatterns) {
    const m = re.exec(text);
    if (m) return { slot: "job", value: m[1]!.trim().replace(/^(?:as|at|with) /i, "").replace(/^(?:a|an|the) /i, "").replace(/[.!?]+$/, "").replace(/(?: (?:in|at|for|with|of|on|and|a|an|the))+$/i, "") };
  }
  if (P.jobEnded.test(text)) return { slot: "job", value: "no job" };
  // What the user studies: "is a sophomore at UT Austin, studying mechanical engineering",
  // "majors in biology", "switched their major to industrial design", "'s major is history".
  for (const re of P.study) {
    const m = re.exec(text);
    if (m && !/^(?:a|an|the|it|this|that|them|there)$/i.test(m[1]!)) return { slot: "study", value: m[1]!.toLowerCase() };
  }
  // Diet.
  const diet = P.diet.exec(text);
  if (diet) return { slot: "diet", value: diet[1]!.toLowerCase() };
  if (P.dietEnded.test(text)) {
    return { slot: "diet", value: "no restriction" };
  }
  // "Dev started eating fish again", "eats chicken again": a diet that no longer excludes it.
  const again = P.dietAgain.exec(text);
  if (again) return { slot: "diet", value: `eats ${(again[1] ?? again[2])!.toLowerCase()}` };
  // Relationship status.
  const rel = P.relationship.exec(text);
  if (rel) return { slot: "relationship", value: (rel[1] ?? (rel[2] ? "single" : "")).toLowerCase() };
  // "Daniel's wife Claire and Daniel are separating", "Daniel is getting divorced", "the divorce is final".
  const parting = P.parting.exec(text);
  if (parting) return { slot: "relationship", value: /divorc/i.test(parting[1] ?? parting[2]!) ? "divorced" : "separated" };
  if (P.divorceFinal.test(text)) return { slot: "relationship", value: "divorced" };
  // "Ruth's late husband Harold", "Ruth's wife passed away in 2019".
  if (P.widowed.test(text)) {
    return { slot: "relationship", value: "widowed" };
  }
  // "Lena started dating someone, his name is Marcus."
  if (P.dating.test(text)) return { slot: "relationship", value: "dating" };
  return null;
}

// --- Negation ---------------------------------------------------------------------------

const NEGATION = /(?:(?:^|(?<=[.!?,;]\s*))no more(?= [a-z])(?! than\b)|\b(?:no longer|stopped|quit|gave up|(?:dropping|dropped|drops|pulling|pulled|pulls|backing|backed) out of|withdr(?:ew|awing|awn|aws) from|called off|cancell?ed|doesn't (\w+) (?:\w+ ){0,3}anymore|does not (\w+) (?:\w+ ){0,3}anymore|isn't (?:\w+ ){0,3}anymore|is not (?:\w+ ){0,3}anymore|(?:'s|’s|'re|’re|are|aren't|aren’t) not (?:\w+ ){0,3}anymore)\b)/i;

/**
 * A plan called off for a time ("so no marathon this year", "No trip to Japan this summer"): what
 * was planned, which only a fact of the plan itself holds ("is training for the Chicago marathon"),
 * not one of a marathon run before. Said at the start of a clause (not "has no plans this year").
 */
const CALLED_OFF = /(?:^|[.!?,;]\s*|\bso\s+)no ((?:[a-z]+ ){0,3}?[a-z]+) (?:this|next) (?:year|season|spring|summer|fall|autumn|winter|month)\b/i;

/**
 * `negationTerms` as facts are matched by (supersede.ts): stems ("no longer drinks coffee" →
 * drink, coffee, which "drinks coffee every morning" has), except the thing named after "no more"
 * when it is a noun of its own (-er, -or: "No more walker!", "no more inhaler"): that word, marked
 * "=walker" — its stem "walk" would retire "walks the dog every morning". ("No more smoking", a
 * habit, keeps its stem.) The words of a plan called off are marked "~marathon": they end only a
 * fact that states the plan (CALLED_OFF).
 */
export function negatedStems(text: string, subject: string | null): string[] | null {
  const words = negationTerms(text, subject);
  if (!words) return null;
  const thing = NO_MORE_THING.exec(text)?.[1]?.toLowerCase().replace(/s$/, "");
  const calledOff = new Set(tokenize(CALLED_OFF.exec(text)?.[1] ?? ""));
  return words.map((w) => (thing !== undefined && w.toLowerCase().replace(/s$/, "") === thing ? `=${thing}` : calledOff.has(w) ? `~${stem(w)}` : stem(w)));
}
const NO_MORE_THING = /(?:^|[.!?,;]\s*)no more ([a-z]{2,}(?:er|or)s?)\b(?! than\b)/i;

/** The words of what a fact says stopped being true ("no longer drinks coffee" → drinks, coffee). */
export function negationTerms(text: string, subject: string | null): string[] | null {
  const nameStems = new Set(tokenize(subject ?? "").map(stem));
  // "switched Ruth from metformin to insulin", "switched from coffee to green tea": the first stopped.
  const sw = SWITCH.exec(text);
  if (sw && !NEGATED_STOP.test(text.slice(0, sw.index))) {
    const words = tokenize(sw[1]!).filter((w) => stem(w).length > 2 && !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w));
    if (words.length) return words.slice(0, 3);
  }
  // "Verdant's contract ended", "the retainer with Blue Door expired": no longer a client.
  const ended = CONTRACT_ENDED.exec(text);
  if (ended) {
    const words = tokenize(ended[1] ?? ended[2] ?? "").filter((w) => !nameStems.has(stem(w)));
    if (words.length) return words.slice(0, 3);
  }
  // "PT is done", "The internship is over", "Chemo is finished", "finished the last round of
  // chemo": what was going on ended.
  const over = FINISHED.exec(text) ?? FINISHED_ROUND.exec(text);
  if (over && !NEGATED_STOP.test(text.slice(0, over.index))) {
    const what = over[1]!.toLowerCase();
    const words = tokenize(ABBREVIATIONS[what] ?? what).filter((w) => stem(w).length > 1 && !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w));
    if (words.length) return words.slice(0, 3);
  }
  // "Gestational diabetes went away after the birth": a condition that is gone.
  const gone = GONE.exec(text);
  if (gone && !NEGATED_STOP.test(text.slice(0, gone.index))) {
    const words = tokenize(gone[1]!).filter((w) => stem(w).length > 1 && !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w));
    if (words.length) return words.slice(0, 3);
  }
  // A correction, "Amina lives in Manchester, not Leeds", "allergic to cashews, not peanuts":
  // what it says is not so is the statement with the other word ("Amina lives in Leeds").
  const corrected = CORRECTION.exec(text);
  // Not a plain negation ("she's not vegetarian anymore", "is not sure"): a word, then ", not" another.
  if (corrected && !/['’](?:s|re|m)$|^(?:is|are|am|was|were|do|does|did|be|been|have|has|had|can|could|will|would|should|just|really|maybe|probably)$/i.test(corrected[2]!) && !/\b(?:anymore|any more|yet|really|sure|at all)\b/i.test(corrected[3]!)) {
    const words = tokenize(`${corrected[1]} ${corrected[3]}`).filter((w) => stem(w).length > 2 && !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w));
    if (words.length >= 2) return words.slice(-4);
  }
  // "The doctor took Dorothy off warfarin", "is off blood thinners now": a medication stopped.
  for (const off of text.matchAll(OFF_MEDICATION)) {
    if (NEGATED_STOP.test(text.slice(0, off.index))) continue;
    const [first, second] = [off[1]!, off[2]];
    const what = mentionsMedication(first) ? first : second && mentionsMedication(`${first} ${second}`) ? `${first} ${second}` : null;
    const words = what ? tokenize(what).filter((w) => !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w)) : [];
    if (words.length) return words.slice(0, 3);
  }
  // "so no marathon this year", "No trip to Japan this summer": a plan called off.
  const called = CALLED_OFF.exec(text);
  if (called) {
    const words = tokenize(called[1]!).filter((w) => stem(w).length > 2 && !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w));
    if (words.length) return words.slice(0, 3);
  }
  const m = NEGATION.exec(text);
  if (!m) return null;
  // "won't quit", "never gave up", "didn't stop": a negated stop says the thing goes on.
  if (NEGATED_STOP.test(text.slice(0, m.index))) return null;
  const after = text.slice(m.index).replace(/(?:'s|’s|'re|’re)(?= not\b)/g, " ").replace(/\b(anymore|any more|no longer|no more|stopped|quit|gave up|doesn't|does not|isn't|is not|are not|not|(?:dropping|dropped|drops|pulling|pulled|pulls|backing|backed) out of|withdr(?:ew|awing|awn|aws) from|called off|cancell?ed)\b/gi, " ");
  const words = tokenize(after.split(/[.,;!?]/)[0] ?? "")
    .filter((w) => stem(w).length > 2 && !nameStems.has(stem(w)) && !NOT_WHAT_STOPPED.has(w))
    .slice(0, 3);
  return words.length ? words : null;
}

/** "PT is done", "The internship is over": a treatment, course or stint that ended (one or two words). */
const FINISHED = /(?:^|[.!?,;]\s+|\band\s+)(?:the |my |their |his |her |[A-Z][a-z]+(?:'s|’s) )?((?:[A-Za-z]+ )?(?:PT|physio|physiotherapy|physical therapy|therapy|rehab|chemo|chemotherapy|radiation|treatment|course|internship|residency|fellowship|placement|apprenticeship|contract|probation|lease|program|programme|semester|training|bootcamp|leave|maternity leave|paternity leave|parental leave|sick leave|cast|brace|antibiotics))\s+(?:is|are|was)\s+(?:all |finally |officially |now )?(?:done|over|finished|complete|completed|ended)\b/i;
/** A condition that went away ("Gestational diabetes went away", "the rash cleared up"). */
const GONE = /(?:^|[.!?,;]\s+)(?:the |my |their |his |her |[A-Z][a-z]+(?:'s|’s) )?((?:[A-Za-z]+ )?(?:diabetes|rash|pain|fever|cough|migraines?|headaches?|symptoms?|infection|nausea|swelling|eczema|acne|insomnia|anemia|anaemia|hypertension|high blood pressure|sciatica|limp|back pain|preeclampsia|vertigo|ulcers?|wound|fracture|sprain|burn|stress fracture))\s+(?:has |have |is |are )?(?:finally |completely |fully |all )?(?:went away|gone away|is gone|are gone|cleared up|cleared|resolved|is resolved|disappeared|healed|is healed|has healed)\b/i;

/** A baby born to the user ("Baby Zara arrived April 12th", "Aisha gave birth"): the pregnancy is over. */
export function gaveBirth(text: string, subject: string | null): boolean {
  const P = birthPatterns(subject);
  return (
    /(?:^|[.!?]\s+)(?:(?:our|the|their) )?(?:new )?baby (?:[A-Z][\p{L}'’-]+ )?(?:arrived|was born|is here|came)\b/iu.test(text) ||
    P.gaveBirth.test(text) ||
    P.childBorn.test(text) ||
    bornByName(text, subject)
  );
}

/** The patterns of births, losses and pregnancies for one subject, compiled once (see `perSubject`). */
const birthPatterns = perSubject((S) => ({
  gaveBirth: new RegExp(`\\b${S} ${ADV}(?:gave birth|delivered|had (?:the|a|their|her|our) baby|had (?:a )?(?:baby )?(?:boy|girl|twins))\\b`, "u"),
  childBorn: new RegExp(`\\b${S}(?:'s|’s) (?:son|daughter|baby|twins) (?:[A-Z][\\p{L}'’-]+ )?(?:was|were) born\\b`, "u"),
  isSubject: new RegExp(`^(?:${S})$`, "u"),
  lost: new RegExp(`\\b${S}(?: and [A-Z][\\p{L}'’-]+)? ${ADV}(?:(?:sadly|tragically) )?(?:lost (?:the|our|their|her|a) (?:baby|pregnancy)|had (?:a|another) (?:miscarriage|stillbirth)|miscarried)\\b`, "u"),
  pregnant: new RegExp(`^(?:Asked [^:]+: )?${S} ${ADV}(?:is|'s|’s|are) (?:[^.,;]{0,30}?)?(?:pregnant|expecting)\\b`, "u"),
}));

/**
 * "Mila was born January 8", "She's here! Mila was born this morning": a name that opens a
 * sentence, born on a day the user tells (not where: "was born in Sofia" is a biography), is the
 * user's baby; never the user, and never someone named with a relation ("Nadia's niece Ava").
 */
const BORN_BY_NAME =
  /(?:^|[.!?]\s+)([A-Z][\p{L}'’-]+) was born (?:on |at |early |late )?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d|\d|yesterday|today|this (?:morning|afternoon|evening|week)|last (?:night|week)|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:at|after) \d+ weeks)/iu;

function bornByName(text: string, subject: string | null): boolean {
  const m = BORN_BY_NAME.exec(text);
  if (!m || !/^[A-Z]/.test(m[1]!) || /^(?:she|he|they|it|baby|our|the|my|their|his|her|mom|mum|mommy|mama|dad|daddy|papa|grandma|grandpa|granny|nana|auntie|aunt|uncle)$/i.test(m[1]!)) return false;
  return !subject || !birthPatterns(subject).isSubject.test(m[1]!);
}

/**
 * The user's pregnancy ended without a birth ("we lost the baby at 12 weeks", "Hana had a
 * miscarriage"): said of the user (or "the user and someone"), never of a sister's.
 */
export function lostPregnancy(text: string, subject: string | null): boolean {
  return (
    birthPatterns(subject).lost.test(text) ||
    /(?:^|[.!?]\s+)(?:(?:sadly|tragically),? )?(?:the )?(?:miscarriage|pregnancy loss|pregnancy ended)\b/iu.test(text)
  );
}

/** A birth or a loss: the user's pregnancy is over. */
export function endsPregnancy(text: string, subject: string | null): boolean {
  return gaveBirth(text, subject) || lostPregnancy(text, subject);
}

/** A fact that says the user is pregnant ("Aisha is 7 months pregnant", "Aisha and Omar are expecting"). */
export function saysPregnant(text: string, subject: string | null): boolean {
  return birthPatterns(subject).pregnant.test(text);
}

/** "Dana finished their last round of chemo", "completed radiation": a treatment ended. */
const FINISHED_ROUND = /\b(?:finished|completed|done with|wrapped up) (?:the |my |their |his |her |our )?(?:last |final )?(?:(?:round|course|cycle|dose|session|block)s? of )?(chemo|chemotherapy|radiation|radiotherapy|PT|physio|physiotherapy|physical therapy|rehab|antibiotics)\b/i;

/** What a short form stands for in a fact ("PT" in "PT is done" ended "physical therapy"). */
const ABBREVIATIONS: Record<string, string> = { pt: "physical therapy", physio: "physio", chemo: "chemo" };

const PARTNER_WORDS = "boyfriend|girlfriend|partner|fianc[ée]e?|wife|husband|spouse";
const ENDED = "(?:broke up|split up|split|separated|divorced|called it quits|ended things)";

/**
 * The partner a fact says the user parted from ("Tobias and Priya broke up in August", "Priya
 * broke up with Tobias", "Tobias dumped Priya"): facts that call them the user's partner are history.
 */
export function endedPartner(text: string, subject: string | null): string | null {
  for (const re of endedPartnerPatterns(subject)) {
    const m = re.exec(text);
    if (m && m[1] !== subject) return m[1]!;
  }
  return null;
}

const endedPartnerPatterns = perSubject((S) => {
  const N = "([A-Z][\\p{L}'’-]+)";
  const rel = `(?:${S}(?:'s|’s) (?:ex-?)?(?:${PARTNER_WORDS}) )?`;
  return [
    new RegExp(`\\b${S} and (?:(?:their|his|her) (?:${PARTNER_WORDS}) )?${N} ${ADV}(?:have |had )?${ENDED}\\b`, "u"),
    new RegExp(`\\b${rel}${N} and ${S} ${ADV}(?:have |had )?${ENDED}\\b`, "u"),
    new RegExp(`\\b${S} ${ADV}(?:broke up|split up|split) with ${N}\\b`, "u"),
    new RegExp(`\\b${rel}${N} ${ADV}(?:broke up with|dumped|left) ${S}\\b`, "u"),
    new RegExp(`\\b${S} ${ADV}dumped ${N}\\b`, "u"),
  ];
});

const DIED = "(?:passed away|passed on|died|was put down|was put to sleep)";

/**
 * Who a fact says died ("Ranger passed away last month", "Walter's grandfather died", "Walter
 * lost his dog Biscuit"): a name, or how the user calls them. What was said of them in the
 * present tense is history from then on.
 */
export function diedName(text: string, subject: string | null): string | null {
  const P = diedPatterns(subject);
  const owned = P.owned.exec(text);
  if (owned) return owned[2] ?? owned[1]!;
  const named = DIED_NAMED.exec(text);
  if (named && named[1] !== subject && !/^(?:He|She|It|They|Who|That|This|Someone|Everyone|Nobody)$/.test(named[1]!)) return named[1]!;
  const lost = P.lost.exec(text);
  if (lost) return lost[1]!;
  return null;
}

const DIED_NAMED = new RegExp(`(?:^|[.!?]\\s+|,\\s+)([A-Z][\\p{L}'’-]+) ${ADV}${DIED}\\b`, "u");
const diedPatterns = perSubject((S) => ({
  owned: new RegExp(`\\b((?:${S}(?:'s|’s)|[Tt]heir|[Hh]is|[Hh]er) (?:[a-z]+ ){0,2}?[a-z]+)(?: ([A-Z][\\p{L}'’-]+))? ${ADV}${DIED}\\b`, "u"),
  lost: new RegExp(`\\b${S} ${ADV}(?:lost|had to put down) (?:their|his|her|${S}(?:'s|’s)) (?:[a-z]+ ){0,2}?([A-Z][\\p{L}'’-]+)`, "u"),
}));

/**
 * A pattern for someone named in a fact: "Maricel's mother" is also "their / his / her mother"
 * (how a fact of the user's says it when the relation is not named again).
 */
export function personPattern(who: string): RegExp {
  const rel = /^.+?['’]s ([a-z]+(?: [a-z]+)?)$/.exec(who);
  return new RegExp(`\\b(?:${escape(who)}${rel ? `|(?:their|his|her) ${escape(rel[1]!)}` : ""})\\b`, "u");
}

/** A sentence of `text` that says something of `who` in the present tense ("Ranger goes everywhere with Walter"). */
export function saysOfNow(text: string, who: string): boolean {
  const person = personPattern(who);
  return text.split(/(?<=[.!?])\s+/).some(
    (sentence) =>
      person.test(sentence) &&
      /\b(?:is|are|goes|lives|has|loves|likes|needs|takes|sleeps|eats|works|comes|visits|helps|stays|gets|does)\b|['’]s (?:a|an|the|\w+ing)\b/.test(sentence) &&
      !/\b(?:was|were|had|did|used to|passed|died|[a-z]{3,}ed)\b/i.test(sentence),
  );
}

/** A fact that calls `name` the user's partner ("Priya's boyfriend Tobias is in Berlin"). */
export function callsPartner(text: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const COUPLE = "(?:are|have been|were) (?:now )?(?:dating|together|a couple|seeing each other|going out)";
  return (
    new RegExp(`\\b(?:${PARTNER_WORDS}),? ${n}\\b`, "iu").test(text) ||
    // "Tyler and Maya are dating now", "Tyler is seeing Maya".
    new RegExp(`\\b(?:${n} and [\\p{L}'’-]+|[\\p{L}'’-]+ and ${n}) ${COUPLE}\\b|\\b(?:dating|seeing|going out with) ${n}\\b`, "u").test(text)
  );
}

/**
 * What a fact tells that can end older facts, in one place: what it says stopped (its words, as
 * said), what it replaces ("instead"), the partner the user parted from, who died, whether the
 * user's pregnancy ended. Used to fetch the facts it may supersede and to plan the supersessions.
 */
export interface FactEvents {
  negated: string[] | null;
  replaces: string[] | null;
  endsPartner: string | null;
  died: string | null;
  endsPregnancy: boolean;
  /** "Jordan's new service dog is Juniper": the role held one at a time that has a new holder. */
  newRole: { owner: string; role: string } | null;
  /** "moved to days": the shift the user works now. */
  shift: Shift | null;
  /** "clinicals moved to Mondays and Wednesdays": a recurring thing and its days now. */
  reschedule: Reschedule | null;
}

export interface Reschedule {
  /** What recurs, as said ("clinicals", "therapy"). */
  thing: string;
  /** Its days now, singular and lowercase ("monday"). */
  days: string[];
}

const WEEKDAY = "(?:mon|tues|wednes|thurs|fri|satur|sun)days?";
/** "clinicals moved to Mondays", "The bar mitzvah moved to November 8": a date, not a move (`classifyTopic`). */
const MOVED_TO_DATE = new RegExp(`\\b(?:moved|switched|changed|pushed|postponed) (?:back )?to (?:${WEEKDAY}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \\d|the \\d)`, "i");

/**
 * "New semester, clinicals moved to Mondays and Wednesdays", "Yoga switched to Fridays": a
 * recurring thing now on other days. Not for a while only ("for the summer", "this week") — the
 * days said before come back — and not the user moving somewhere on a day.
 */
export function rescheduleOf(text: string, subject: string | null): Reschedule | null {
  const m = new RegExp(`(?:^|[.!?,;]\\s+)(?:(?:my|the|their|his|her|our)\\s+)?([a-z][a-z-]*(?: [a-z][a-z-]*)?) (?:moved|switched|changed|got moved|are moving|is moving) (?:back )?to ((?:${WEEKDAY})(?:(?:,| and| &|,? and) (?:${WEEKDAY}))*)\\b`, "i").exec(text);
  if (!m || /\b(?:for the (?:summer|winter|holidays?|month|week)|this (?:week|month)|next week|for now|temporarily|until|just once|one time)\b/i.test(text)) return null;
  const thing = m[1]!.toLowerCase();
  if (subject && new RegExp(`^(?:${subjectPattern(subject)})$`, "iu").test(m[1]!)) return null;
  if (/^(?:i|we|he|she|they|it|everything|everyone)$/.test(thing)) return null;
  return { thing, days: weekdaysIn(m[2]!) };
}

/** The weekdays a text names, singular and lowercase ("Mondays and Wednesdays" → monday, wednesday). */
function weekdaysIn(text: string): string[] {
  return [...text.toLowerCase().matchAll(/\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b/g)].map((d) => `${d[1]}day`);
}

export function factEvents(text: string, subject: string | null): FactEvents {
  return {
    negated: negationTerms(text, subject),
    replaces: replacementTerms(text, subject),
    endsPartner: endedPartner(text, subject),
    died: diedName(text, subject),
    endsPregnancy: endsPregnancy(text, subject),
    newRole: newRoleOf(text, subject),
    shift: SHIFT_CHANGE.test(text) ? shiftOf(text) : null,
    reschedule: rescheduleOf(text, subject),
  };
}

/**
 * Does `text` say when `r`'s thing recurs, on days other than its new ones — and nothing more
 * that a name says (a preceptor, a teacher: "Clinicals on Tuesdays with Dr. Okafor" stays)?
 */
export function saysDaysOf(text: string, r: Reschedule): boolean {
  const thing = r.thing.replace(/s$/, "");
  if (!new RegExp(`\\b${escape(thing)}s?\\b`, "i").test(text)) return false;
  const days = weekdaysIn(text);
  if (!days.length || days.every((d) => r.days.includes(d))) return false;
  const names = [...text.matchAll(/(?<![.!?]\s|^)\b([A-Z][\p{L}'’-]+)/gu)].map((x) => x[1]!).filter((w) => !/^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|January|February|March|April|May|June|July|August|September|October|November|December|I)$/.test(w));
  return names.length === 0;
}

/**
 * Roles held one at a time: a new one ends the old ("Jordan's new therapist is Dr. Lee"). Not a
 * pet, a child or a friend: a new dog joins the old one. A service or guide dog is a role.
 */
const ONE_AT_A_TIME =
  /^(?:(?:service|guide|assistance|therapy|hearing|seizure|emotional support) (?:dog|animal)|(?:[a-z-]+ )?(?:doctor|gp|therapist|psychiatrist|psychologist|counselor|counsellor|dentist|physician|surgeon|oncologist|cardiologist|neurologist|pediatrician|paediatrician|endocrinologist|vet|boss|manager|supervisor|landlord|landlady|roommate|flatmate|housemate|coach|trainer|tutor|advisor|adviser|accountant|lawyer|attorney|nanny|babysitter|caregiver|carer|car|phone|number|address|apartment|flat|laptop|office|desk)|(?:job|role|position))$/;

function newRoleOf(text: string, subject: string | null): { owner: string; role: string } | null {
  const m = new RegExp(`\\b(${subjectPattern(subject)})(?:'s|’s) new ((?:[a-z-]+ ){0,2}?[a-z-]+) (?:is|will be|was)\\b`).exec(text);
  if (!m || !ONE_AT_A_TIME.test(m[2]!)) return null;
  return { owner: m[1]!, role: m[2]! };
}

/** Does `text` say what `role` of `owner`'s is (another holder than a newer fact's)? */
export function namesRole(text: string, r: { owner: string; role: string }): boolean {
  const holder = `\\b${escape(r.owner)}(?:'s|’s) (?:old |former |previous |current |new )?${escape(r.role)}\\b`;
  if (!new RegExp(holder, "i").test(text)) return false;
  // "Sophie's roommate Priya and Sophie have a cat": the old holder is one of two who do
  // something, and that says more than the role (it stays).
  return !new RegExp(`${holder},?(?: [A-Z][\\p{L}'’-]+)?,? and `, "iu").test(text);
}

export type Shift = "day" | "night" | "evening" | "morning";
/** A shift worked, as words ("nights", "the night shift"); one capture group. Extraction uses it too. */
export const SHIFT_WORD = "(days|nights|evenings|mornings|overnights|(?:the )?(?:day|night|evening|morning|overnight|graveyard|late|early) shifts?)";
/** "moved to days", "switched to nights", "back on nights": the shift worked changed. */
const SHIFT_CHANGE = new RegExp(`\\b(?:moved|switched|changed|went|going|moving|switching|got moved|was moved|been moved|put|back|transferred) (?:back |over |me )?(?:to|on|onto) ${SHIFT_WORD}(?=[\\s.,;!?]|$)`, "i");
/** "works nights", "is on the night shift", "does days": the shift worked. */
const WORKS_SHIFT = new RegExp(`\\b(?:works?|working|worked|is on|'s on|’s on|am on|does|doing) (?:mostly |only |just )?${SHIFT_WORD}(?=[\\s.,;!?]|$)`, "i");

/** The shift a fact says the user works (a change said, or the shift itself). */
export function shiftOf(text: string): Shift | null {
  const m = SHIFT_CHANGE.exec(text) ?? WORKS_SHIFT.exec(text);
  if (!m) return null;
  const w = m[1]!.toLowerCase();
  if (/night|overnight|graveyard|late/.test(w)) return "night";
  if (/evening/.test(w)) return "evening";
  if (/morning|early/.test(w)) return "morning";
  return "day";
}

/**
 * What a fact said with "instead" replaces ("Keiko and team practice Wednesdays instead"): the
 * terms of its sentence, for an older fact that shares at least two of them. Null without "instead".
 */
export function replacementTerms(text: string, subject: string | null): string[] | null {
  const sentence = text.split(/(?<=[.!?])\s+/).find((s) => /\binstead\b/i.test(s));
  if (!sentence) return null;
  const nameStems = new Set(tokenize(subject ?? "").map(stem));
  const stems = [...new Set(tokenize(sentence.replace(/\binstead\b/gi, " ")).map(stem))].filter((s) => s.length > 2 && !nameStems.has(s));
  return stems.length >= 2 ? stems : null;
}

const ORG = "([A-Z][\\w&'’.-]*(?: [A-Z][\\w&'’.-]*){0,3})";
const CONTRACT_ENDED = new RegExp(
  `\\b${ORG}(?:'s|’s) (?:contract|retainer|engagement|partnership|account|project) (?:has |had )?(?:ended|expired|finished|wrapped up|was cancell?ed|was terminated)\\b|\\b(?:contract|retainer|engagement|partnership) with ${ORG} (?:has |had )?(?:ended|expired|finished|wrapped up|was cancell?ed|was terminated)\\b`,
);
/** "<statement> X, not Y" at a sentence's end: Y was said before and is not so. */
const CORRECTION = /^(?:[^.!?]*[.!?]\s+)?([^.!?]*?\b)([\w'’-]+),?\s+not\s+((?:a |an |the )?[\w'’-]+(?: [\w'’-]+)?)\s*[.!]*$/i;
/** Taken, come or weaned off something: a medication when what follows is one (checked by the caller). */
const OFF_MEDICATION = /\b(?:took|taken|takes|taking|take|came|comes|coming|come|weaned|tapered|is|are|am|was|were|been|now|got|gets|getting)\s+(?:[\w'’-]+\s+){0,2}?off\s+(?:of\s+)?(?:the\s+|their\s+|his\s+|her\s+|all\s+)?([\w-]+)(?:\s+([\w-]+))?/gi;
/** A switch names what stopped: "switched (Ruth) from metformin to insulin", "changed from X to Y". */
const SWITCH = /\b(?:switch(?:ed|es)?|swapped|changed|went) (?:\w+ ){0,2}?from ((?:[\w-]+ ){0,2}?[\w-]+) (?:to|for)\b/i;
const NEGATED_STOP = /\b(?:won't|won’t|will not|wouldn't|would not|never|didn't|didn’t|did not|don't|don’t|do not|doesn't|does not|can't|can’t|cannot|not going to|not gonna|refuses? to|isn't|is not)\s+(?:\w+\s+){0,2}$/i;
/** Pronouns and particles say nothing about what stopped ("quit on their dreams" is about dreams). */
const NOT_WHAT_STOPPED = new Set(["their", "them", "they", "his", "her", "hers", "its", "the", "this", "that", "those", "these", "for", "with", "from", "about", "onto", "into", "all", "some", "any"]);

// --- Time -----------------------------------------------------------------------------

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** The first date annotation a fact carries ("(7 May 2023)", "(week of …)", "(June 2023)", "(2022)"). */
export function firstAnnotatedDate(text: string): Date | null {
  const m = /\((?:around |week of |weekend of )?(?:(\d{1,2}) )?([A-Z][a-z]+ )?(\d{4})\)/.exec(text);
  if (!m) return null;
  const year = Number(m[3]);
  const month = m[2] ? MONTHS.indexOf(m[2].trim().toLowerCase()) : 0;
  if (month < 0) return null;
  const day = m[1] && m[2] ? Number(m[1]) : 1;
  const d = new Date(Date.UTC(year, month, day));
  return Number.isNaN(d.getTime()) ? null : d;
}

// --- All together -------------------------------------------------------------------------

export function analyzeFact(text: string, opts: AnalyzeOptions): FactAnalysis {
  // Pure, and asked again for the same fact: by each ingestion step that reads it (candidates,
  // supersession plans) and for stored facts a new one is compared with.
  const key = `${opts.subject ?? ""}\u0000${opts.saidAt.getTime()}\u0000${text}`;
  const known = analyses.get(key);
  if (known) return known;
  const analysis = deepFreeze(analyze(text, opts));
  if (analyses.size >= ANALYSIS_CACHE_SIZE) analyses.delete(analyses.keys().next().value!);
  analyses.set(key, analysis);
  return analysis;
}

/** Analyses of the facts seen last (insertion order: the oldest is dropped first). */
const ANALYSIS_CACHE_SIZE = 10_000;
const analyses = new Map<string, FactAnalysis>();

/** A cached analysis is shared: frozen, so that no caller can change it for the next one. */
function deepFreeze(a: FactAnalysis): FactAnalysis {
  a.entities.forEach((e) => Object.freeze(e));
  Object.freeze(a.entities);
  if (a.negates) Object.freeze(a.negates);
  return Object.freeze(a);
}

function analyze(text: string, opts: AnalyzeOptions): FactAnalysis {
  const { context, body } = splitReply(text);
  const slotHit = slotOf(body, opts.subject);
  // A condition said to have gone away ("the gestational diabetes went away") is no need any more.
  const safety = (SAFETY.test(body.replace(GONE, " ")) && !someoneElsesPregnancy(body, opts.subject)) || (context !== null && SAFETY.test(context) && !/^\s*(no|nope|nah|not really)\b/i.test(body));
  const entities = findEntities(body, opts.subject);
  // "Mila was born January 8": the user's baby (as `gaveBirth` reads it for their pregnancy).
  const baby = bornByName(body, opts.subject) ? BORN_BY_NAME.exec(body)![1]! : null;
  if (baby && !entities.some((e) => e.name === baby)) entities.push({ name: baby, type: "person", relation: "baby" });
  const topic = classifyTopic(context ? `${body} ${context}` : body, slotHit?.slot ?? null, safety, entities, baby !== null);
  const salience: Salience = safety
    ? "safety"
    : slotHit || IDENTITY.test(body) || baby !== null
      ? "identity"
      : PREFERENCE.test(body)
        ? "preference"
        : "event";
  return {
    topic,
    salience,
    entities,
    slot: slotHit?.slot ?? null,
    slotValue: slotHit?.value ?? null,
    negates: slotHit ? null : negatedStems(body, opts.subject),
    validFrom: firstAnnotatedDate(body) ?? opts.saidAt,
  };
}
