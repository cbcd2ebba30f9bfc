import { stem, tokenize } from "@/server/ai/text";
import { callsPartner, isSafetyCritical, namesRole, personPattern, safetyItems, safetyRank, saysDaysOf, saysOfNow, saysPregnant, shiftOf, type Reschedule, type Shift } from "./analyze";
import type { FactSlot } from "./taxonomy";

/**
 * Which facts a newer fact supersedes (offline reconcile, also applied after an LLM's
 * decisions): a fact of the same slot with another value (a move, a new job, a changed diet or
 * relationship), and a fact whose statement a newer one negates ("no longer drinks coffee"
 * against "drinks coffee every morning"), or that an event it tells ends (a breakup, a death, a
 * birth or a pregnancy lost: `endedByEvent`). Newer means: holds from a later date, or, at the same
 * date, said later. Pure and deterministic.
 */

export interface SupersedeFact {
  text: string;
  slot: FactSlot | null;
  slotValue: string | null;
  negates: string[] | null;
  /** A fact said with "instead": its terms; it replaces an older fact sharing two of them. */
  replaces?: string[] | null;
  /** The partner the fact says the user parted from: facts calling them the partner are history. */
  endsPartner?: string | null;
  /** The user's baby was born, or the pregnancy was lost (the subject named as in the facts): their pregnancy is history. */
  endsPregnancy?: { subject: string | null } | null;
  /** Who the fact says died: what was said of them in the present tense is history. */
  died?: string | null;
  /** A role held one at a time that has a new holder ("Jordan's new service dog is Juniper"): the old holder is history. */
  newRole?: { owner: string; role: string } | null;
  /** The shift the user moved to ("moved to days"): a fact saying they work another is history. */
  shift?: Shift | null;
  /** A recurring thing on new days ("clinicals moved to Mondays and Wednesdays"): a fact giving it other days is history. */
  reschedule?: Reschedule | null;
  /** When the fact holds from (ms); ties are broken by `said`. */
  at: number;
  said: number;
}

export interface ExistingSupersedeFact extends SupersedeFact {
  id: string;
}

export interface SupersedePlan {
  /** New fact index → ids of existing facts it supersedes. */
  supersedes: Map<number, string[]>;
  /** New fact index → the fact that supersedes it (an existing one, or another new one). */
  supersededBy: Map<number, { id: string } | { index: number }>;
}

const norm = (v: string) => v.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();

function newer(a: SupersedeFact, b: SupersedeFact): boolean {
  // A plan called off ("so no marathon this year") is later than the plan when it is said later,
  // whatever day the plan was for ("training for the Chicago marathon in October").
  if (a.negates?.some((s) => s.startsWith("~"))) return a.said > b.said || (a.said === b.said && a.at >= b.at);
  return a.at > b.at || (a.at === b.at && a.said >= b.said);
}

function stemsOf(text: string): Set<string> {
  return new Set(tokenize(text).map(stem));
}

/** A fact of a plan, or of getting ready for it ("is training for the Chicago marathon", "booked a trip to Japan"). */
const PLANNED = /\b(?:training|trains|preparing|prepping|signed up|registered|planning|plans?|going to|will|booked|scheduled|hoping|saving (?:up )?for)\b/i;

const NEGATED_TEXT = /\b(?:no longer|stopped|quit|gave up|anymore|any more|not)\b/i;

function negatesFact(neg: SupersedeFact, old: SupersedeFact): boolean {
  if (!neg.negates?.length || NEGATED_TEXT.test(old.text)) return false;
  const stems = stemsOf(old.text);
  // A term marked "=walker" is that word (or its plural), not its stem; one marked "~marathon" is
  // a plan called off, which ends only the fact of the plan (analyze.ts, negatedStems).
  const words = new Set(tokenize(old.text).map((w) => w.toLowerCase().replace(/s$/, "")));
  const matches = (s: string) => (s.startsWith("=") ? words.has(s.slice(1)) : s.startsWith("~") ? stems.has(s.slice(1)) && PLANNED.test(old.text) : stems.has(s));
  if (!neg.negates.every(matches)) return false;
  // "Took Ruth off the aspirin" against "takes lisinopril … and a baby aspirin": the fact names
  // more than what stopped, and the rest still holds (a medication, an allergen): kept.
  const stopped = new Set(neg.negates.map((s) => s.replace(/^[=~]/, "")));
  if (!safetyItems(old.text).every((item) => tokenize(item).map(stem).some((s) => stopped.has(s)))) return false;
  // A diagnosis said with its treatment ("diagnosed with breast cancer … Starting chemo") outlives
  // the treatment's end, and so does a standing request made for its time ("weak during chemo, so
  // Dana asks not to suggest crowded places") until the user speaks of the request itself.
  const condition = CONDITION.exec(old.text);
  if (condition && !tokenize(condition[0]).map(stem).some((s) => stopped.has(s))) return false;
  return !(REQUEST.test(old.text) && !REQUEST_LIFTED.test(neg.text));
}

const CONDITION = /\b(?:cancer|tumou?r|leuka?emia|lymphoma|melanoma|diabetes|epilepsy|multiple sclerosis|parkinson'?s|alzheimer'?s|dementia|hiv|lupus|crohn'?s|colitis|arthritis|heart (?:disease|condition|failure))\b/i;
const REQUEST = /\basks (?:not |never |always )?(?:to|for)\b/i;
const REQUEST_LIFTED = /\b(?:asks|fine with|okay with|ok with|(?:doesn't|does not|don't|do not) mind|no need to|can (?:again|now))\b/i;

/**
 * An event the newer fact tells that ends what the older one says: a breakup (the partner), a
 * death (what was said of them in the present tense), a birth (the user's pregnancy), a new holder
 * of a role held one at a time (the old one), a move to another shift (the shift worked before).
 */
function endedByEvent(neu: SupersedeFact, old: SupersedeFact): boolean {
  if (neu.died && saysOfNow(old.text, neu.died) && !saysOfNow(neu.text, neu.died)) return true;
  if (neu.endsPregnancy && saysPregnant(old.text, neu.endsPregnancy.subject)) return true;
  if (neu.newRole && namesRole(old.text, neu.newRole)) return true;
  if (neu.shift) {
    const was = shiftOf(old.text);
    if (was && was !== neu.shift) return true;
  }
  if (neu.reschedule && saysDaysOf(old.text, neu.reschedule)) return true;
  return Boolean(neu.endsPartner) && callsPartner(old.text, neu.endsPartner!) && !callsPartner(neu.text, neu.endsPartner!);
}

function replacesFact(neu: SupersedeFact, old: SupersedeFact): boolean {
  if (!neu.replaces?.length || /\binstead\b/i.test(old.text)) return false;
  const stems = stemsOf(old.text);
  return neu.replaces.filter((s) => stems.has(s)).length >= 2;
}

/** "Marco is the head chef too": a second value of the slot, held with the first. */
const ADDITIVE = /\b(?:too|also|as well|on the side|besides)\b/i;

function conflicts(a: SupersedeFact, b: SupersedeFact): boolean {
  if (a.slot && a.slot === b.slot && a.slotValue && b.slotValue) {
    // Two values said at one moment describe one state ("started eating fish again … not vegan
    // anymore"): neither replaces the other.
    if (a.said === b.said && a.at === b.at) return false;
    // Roles said in one message ("I own a trattoria … I'm the head chef too"), or one said with
    // "too", are held together (a double major too); a place to live or a diet is one at a time.
    if ((a.slot === "job" || a.slot === "study") && (a.said === b.said || ADDITIVE.test(a.text) || ADDITIVE.test(b.text))) return false;
    return norm(a.slotValue) !== norm(b.slotValue);
  }
  return false;
}

/**
 * What can kill within minutes (an allergy, epilepsy, a blood thinner) stays until a newer fact
 * speaks of it: "went vegan" retires "is vegetarian", not the partner's shellfish allergy said with it.
 */
function mayRetire(neu: SupersedeFact, old: SupersedeFact): boolean {
  return safetyRank(old.text) !== 0 || safetyRank(neu.text) === 0 || (Boolean(neu.died) && onlyAbout(old.text, neu.died!));
}

/**
 * Every safety clause of the fact is about `who` (names them, or goes on with a pronoun): "Ben's
 * dog Luna has epilepsy, she takes phenobarbital" is all Luna's, and her death ends it; "Walter is
 * allergic to bees, his dog Ranger …" is not.
 */
function onlyAbout(text: string, who: string): boolean {
  const name = new RegExp(personPattern(who).source, "iu");
  const clauses = text.split(/[.;!?]\s+|,\s+|\s+and\s+/).filter((c) => isSafetyCritical(c));
  return clauses.length > 0 && clauses.every((c) => name.test(c) || /^(?:she|he|they|it)\b/i.test(c.trim()));
}

export function planSupersessions(news: SupersedeFact[], existing: ExistingSupersedeFact[]): SupersedePlan {
  const supersedes = new Map<number, string[]>();
  const supersededBy = new Map<number, { id: string } | { index: number }>();
  news.forEach((fact, i) => {
    // Against stored facts.
    for (const old of existing) {
      if (conflicts(fact, old)) {
        if (newer(fact, old)) {
          if (mayRetire(fact, old)) supersedes.set(i, [...(supersedes.get(i) ?? []), old.id]);
        } else if (!supersededBy.has(i) && mayRetire(old, fact)) supersededBy.set(i, { id: old.id });
      } else if ((negatesFact(fact, old) || replacesFact(fact, old) || endedByEvent(fact, old)) && newer(fact, old) && mayRetire(fact, old)) {
        supersedes.set(i, [...(supersedes.get(i) ?? []), old.id]);
      } else if (negatesFact(old, fact) && newer(old, fact) && !supersededBy.has(i) && mayRetire(old, fact)) {
        supersededBy.set(i, { id: old.id });
      }
    }
    // Against the other new facts of the batch.
    news.forEach((other, j) => {
      if (i === j || supersededBy.has(i)) return;
      const clash = conflicts(fact, other);
      if ((clash || negatesFact(other, fact) || endedByEvent(other, fact)) && mayRetire(other, fact) && (newer(other, fact) ? !(other.at === fact.at && other.said === fact.said && j < i) : false)) {
        supersededBy.set(i, { index: j });
      }
    });
  });
  return { supersedes, supersededBy };
}
