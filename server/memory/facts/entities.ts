import { compiledPer } from "@/server/lib/regexp";
import { isKnownPlace, knownPlacesIn } from "./places";
import type { EntityType, FactEntity } from "./taxonomy";

/**
 * Rule-based entity finding for offline extraction: the people in the user's life with their
 * relation ("Ash's cofounder Sarah Chen", "Sarah Chen, Ash's recruiter", "their daughter
 * Sofia", "their husband"), places (a gazetteer, and capitalized names after "in / to / from"
 * with a place verb) and organizations ("works at Acme", "… Inc"). Conservative by design: a
 * capitalized word alone is not a person.
 */

const FAMILY = `mother mom mum mommy mama father dad daddy papa parents parent son sons daughter daughters kid kids child children
baby babies brother brothers sister sisters sibling siblings grandma grandmother grandpa grandfather grandparents granddaughter
grandson aunt uncle cousin cousins niece nephew wife husband spouse fiancé fiancée fiance fiancee stepson stepdaughter stepmom
stepdad in-laws mother-in-law father-in-law sister-in-law brother-in-law twin twins`.split(/\s+/);
const WORK = `cofounder co-founder founder boss manager colleague colleagues coworker coworkers co-worker teammate teammates employee
employees intern recruiter investor investors mentor mentee client clients customer advisor adviser assistant ceo cto cfo coo vp
director lead supervisor partner business-partner accountant lawyer agent editor publisher landlord report reports
direct-report skip-level`.split(/\s+/);
const SOCIAL = `friend friends bestie buddy buddies roommate roommates neighbor neighbour neighbors ex boyfriend girlfriend partner
classmate classmates teacher coach doctor therapist dentist trainer pastor tutor bandmate`.split(/\s+/);
const PETS = `dog dogs puppy puppies cat cats kitten kittens pet pets horse horses bird birds parrot hamster rabbit bunny turtle
guinea-pig fish snake lizard`.split(/\s+/);

export const RELATION_WORDS = new Set([...FAMILY, ...WORK, ...SOCIAL, ...PETS]);
const PET_WORDS = new Set(PETS);
const WORK_WORDS = new Set(WORK);
const FAMILY_WORDS = new Set(FAMILY);

export type RelationGroup = "family" | "work" | "social" | "pet";

/** Which part of life a relation belongs to. */
export function relationGroup(relation: string): RelationGroup {
  const r = relation.toLowerCase().replace(/\s+/g, "-");
  if (PET_WORDS.has(r)) return "pet";
  if (FAMILY_WORDS.has(r)) return "family";
  if (WORK_WORDS.has(r) && r !== "partner") return "work";
  return "social";
}

/** Capitalized words that are not names of people. */
const NOT_NAMES = new Set(
  `I I'm The A An And But Or So If When While This That These Those It Its He She They We You My Your Our Their His Her
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
  October November December Christmas Easter Halloween Thanksgiving Mr Mrs Ms Dr LGBTQ LGBT LGBTQ+ Yes No OK Okay Also Just
  Really Thanks Hey Hi Hello Wow Oh Well Asked Replying User Mom Dad Grandma Grandpa God Sadly Luckily Happily Anyway Then
  Now Today Yesterday Tomorrow Tonight Still`.split(/\s+/),
);
/** A sentence adverb before a comma ("Thankfully, Melanie's son …") is no name ("Emily", "Sally" are). */
const ADVERB = /^(?=[A-Z][a-z]{6,}$)[A-Z][a-z]*(?:fully|ately|ently|antly|ously|ically|edly|ingly|ally|arly|ibly|ably)$/;

const NAME_TOKEN = "[A-Z][a-zA-Z'’\\-]+";
/** One to three capitalized words: "Sarah", "Sarah Chen", "Mary Ann Lee". */
const NAME = `(${NAME_TOKEN}(?: ${NAME_TOKEN}){0,2})`;

function cleanName(raw: string): string | null {
  const words = raw.split(" ");
  while (words.length && NOT_NAMES.has(words[words.length - 1]!)) words.pop();
  if (!words.length || NOT_NAMES.has(words[0]!) || (words.length === 1 && ADVERB.test(words[0]!))) return null;
  const name = words.join(" ").replace(/['’]s$/, "");
  return name.length >= 2 ? name : null;
}

function singular(relation: string): string {
  const r = relation.toLowerCase();
  if (r === "children") return "child";
  if (r === "kids") return "kid";
  if (/(sons|daughters|brothers|sisters|friends|colleagues|coworkers|cousins|parents|grandparents|clients|investors|teammates|roommates|neighbors|neighbours|classmates|employees|dogs|cats|puppies|kittens|pets|horses|birds)$/.test(r)) {
    return r === "puppies" ? "puppy" : r === "kittens" ? "kitten" : r.replace(/s$/, "");
  }
  return r;
}

/** A possessive that points at the user: "Ash's", "their" (from "my"), "the user's", "User's". */
function possessiveFor(subject: string | null): string {
  const names = ["their", "the user's", "User's", "the user’s"];
  if (subject) names.push(`${subject}'s`, `${subject}’s`);
  return `(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`;
}

const RELATION_RE = [...RELATION_WORDS].sort((a, b) => b.length - a.length).map((r) => r.replace(/-/g, "[- ]")).join("|");

/**
 * The patterns that name the user, compiled once per subject (see `compiledPer`); all are g
 * patterns used only through `matchAll`, which leaves the shared object untouched.
 */
const patternsFor = compiledPer((subject: string | null) => {
  const poss = possessiveFor(subject);
  const relThenName = new RegExp(`\\b${poss}\\s+(?:(?:new|old|best|little|older|younger|big|late|ex|former|oldest|youngest|eldest|twin|two|three|\\d+)\\s+)*(${RELATION_RE})\\b(?:,?\\s+(?:named|called)\\s+|,?\\s+)${NAME}`, "g");
  const nameThenRel = new RegExp(
    `${NAME}(?:(?:,\\s+|\\s+\\()(?:${poss}\\s+|a\\s+|the\\s+)?|\\s+(?:is|was|has been)\\s+${poss}\\s+)(?:(?:new|old|best|former)\\s+)?(${RELATION_RE})\\b`,
    "g",
  );
  const unnamed = new RegExp(`\\b${poss}\\s+(?:(?:new|old|best|little|older|younger|big|late|ex|former|oldest|youngest|eldest|two|three|\\d+)\\s+)*(${RELATION_RE})\\b`, "gi");
  return { relThenName, nameThenRel, unnamed };
});
const PET_RE = [...PET_WORDS].sort((a, b) => b.length - a.length).join("|");
const GOT_PET = new RegExp(`\\b(?:adopted|got|rescued|brought home|bought|took in) (?:a|an|another) (?:new |little |tiny |baby |rescue )*(${PET_RE})\\b,? (?:and )?(?:(?:named|called|we named|we called|they named) (?:him |her |it |them )?|(?:his|her|its) name is )${NAME}`, "g");
const PLACE_VERB = new RegExp(
  `\\b(?:live[sd]?|living|based|moved?|moving|relocat\\w+|grew up|born|from|visit(?:ed|ing|s)?|trip|travel(?:l?ed|l?ing|s)?|flew|fly(?:ing)?|vacation(?:ing)?|holiday)\\b[^.,;:!?]{0,20}?\\b(?:in|to|from|at)\\s+${NAME}`,
  "g",
);
const ORG_VERB = new RegExp(`\\b(?:works?|working|worked|job|joined|joining|interned|internship|employed|hired)\\s+(?:[a-z]+\\s+){0,4}?(?:at|for|by|with)?\\s*${NAME}`, "g");
const ORG_SUFFIX = new RegExp(`${NAME}\\s+(Inc|Corp|Corporation|LLC|Ltd|GmbH|Labs|Technologies|University|College|School|Hospital|Bank|Group|Agency|Studios?|Foundation|Institute)\\b\\.?`, "g");

/** Entities named in a third-person fact about `subject` (the user's first name, or null). */
export function findEntities(text: string, subject: string | null): FactEntity[] {
  const out: FactEntity[] = [];
  const add = (name: string | null, type: EntityType, relation?: string) => {
    const rel = relation ? singular(relation) : undefined;
    const key = (name ?? `~${rel}`).toLowerCase();
    const existing = out.find((e) => (e.name ?? `~${e.relation}`).toLowerCase() === key);
    if (existing) {
      if (!existing.relation && rel) existing.relation = rel;
      return;
    }
    if (name && subject && name.toLowerCase() === subject.toLowerCase()) return;
    out.push(rel ? { name, type, relation: rel } : { name, type });
  };
  const { relThenName, nameThenRel, unnamed } = patternsFor(subject);
  // Text inside quotes is someone else's words (or a title): no entities from it.
  const plain = text.replace(/"[^"]*"|“[^”]*”/g, (m) => " ".repeat(m.length));

  // "Ash's cofounder Sarah Chen", "their sister, Lena", "their dog named Max".
  for (const m of plain.matchAll(relThenName)) {
    const name = cleanName(m[2]!);
    const relation = m[1]!.replace(/\s/g, "-");
    if (name && !isKnownPlace(name)) add(name, PET_WORDS.has(relation.toLowerCase()) ? "pet" : "person", relation);
  }
  // "Sarah Chen, Ash's cofounder", "Sarah Chen (cofounder)", "Sarah Chen is Ash's recruiter".
  for (const m of plain.matchAll(nameThenRel)) {
    const name = cleanName(m[1]!);
    const relation = m[2]!.toLowerCase().replace(/\s/g, "-");
    if (name && !isKnownPlace(name)) add(name, PET_WORDS.has(relation) ? "pet" : "person", relation);
  }
  // Unnamed relations of the user: "their husband", "Ash's kids".
  for (const m of plain.matchAll(unnamed)) {
    const relation = m[1]!.toLowerCase().replace(/\s/g, "-");
    if (out.some((e) => e.relation === singular(relation))) continue;
    add(null, PET_WORDS.has(relation) ? "pet" : "person", relation);
  }

  // A pet the user got and named: "adopted a kitten, named him Pip", "got a puppy, called her Luna".
  for (const m of plain.matchAll(GOT_PET)) {
    const name = cleanName(m[2]!);
    if (name && !isKnownPlace(name)) add(name, "pet", m[1]!.toLowerCase());
  }

  // Places: the gazetteer, and "<move/live/travel verb> … in/to/from <Name>".
  for (const p of knownPlacesIn(plain)) add(p, "place");
  for (const m of plain.matchAll(PLACE_VERB)) {
    const name = cleanName(m[1]!);
    if (name && !out.some((e) => e.name === name)) add(name, "place");
  }

  // Organizations: "works at Acme", "joined Stripe", "… Inc / Labs / University".
  for (const m of plain.matchAll(ORG_VERB)) {
    const name = cleanName(m[1]!);
    if (name && !isKnownPlace(name) && !out.some((e) => e.name === name)) add(name, "organization");
  }
  for (const m of plain.matchAll(ORG_SUFFIX)) {
    const base = cleanName(m[1]!);
    if (base) add(`${base} ${m[2]}`, "organization");
  }
  return out;
}
