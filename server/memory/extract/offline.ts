import { resolveRelativeDates } from "./dates";
import { stem, tokenize } from "@/server/ai/text";
import { isBareReply, isEvaluative, isFiller, splitSentences } from "./sentences";
import { firstName, hasImplicitSubject, ROLE_WORDS, toThirdPerson, weContext, type Subject } from "./third-person";
import { RELATION_WORDS } from "@/server/memory/facts/entities";
import { isKnownPlace } from "@/server/memory/facts/places";
import { isSafetyCritical, SHIFT_WORD } from "@/server/memory/facts/analyze";
import type {
  ConversationMessage,
  ExistingMemory,
  ExtractedFact,
  ExtractionInput,
  MemoryExtractor,
  ReconcileDecision,
} from "./types";

/**
 * Offline extraction (no model): the sentences of each user message rewritten in the third
 * person, one fact per statement about the user (a sentence that names no one stays with its
 * neighbour), relative dates resolved, short replies prefixed with the turn they answer.
 * Questions and remarks about the other person are not facts; standing requests become
 * preferences ("Ash asks to keep emails short"). Deterministic and fast.
 */

export const OFFLINE_EXTRACTOR_NAME = "offline-v2";

/** Facts longer than this are split at sentence boundaries. */
export const MAX_FACT_CHARS = 400;
/** A fact shorter than this takes the next sentence in too; a fact stops growing here. */
const MIN_UNIT_CHARS = 25;
const MAX_UNIT_CHARS = 300;
/** Length of the quoted previous turn in a short reply's context prefix. */
const MAX_CONTEXT_CHARS = 160;
const SHORT_REPLY_WORDS = 12;
/** How long after the assistant's turn a message may still answer it (a later session does not). */
const MAX_REPLY_GAP_MS = 6 * 3600_000;
/** How many user messages may sit between a reply and the assistant turn it answers. */
const MAX_USER_GAP = 2;
/** How many of the user's earlier messages of a session a pronoun may point back to. */
const EARLIER_MESSAGES = 2;

/** Replies starting with these only make sense with the turn they answer. */
const REPLY_START = new Set(
  `yes yeah yep yup yea ya no nope nah sure definitely exactly totally absolutely certainly
  correct right true agreed ok okay indeed that that's thats it it's its they they're theyre
  this those these both same neither either`.split(/\s+/),
);

const FIRST_PERSON_SUBJECT = /\b(i|i'm|i’m|im|i've|i’ve|i'd|i’d|i'll|i’ll)\b/i;
/** "Me too", "Us neither": a reply, whatever follows. */
const REPLY_PHRASE = /^(?:me|us)\s+(?:too|neither|either|as well)\b/i;
/**
 * The user's own people and things, or "we" ("Our daughter Elsa turns 6 next month", "Elsa's
 * party went great, we had a cake"): a statement of its own, not a reply, when it is not short.
 */
const OWN = /\b(?:my|our|we|we're|we’re|we've|we’ve|we'll|we’ll|we'd|we’d)\b/i;
const OWN_STATEMENT_WORDS = 6;

function firstWord(text: string): string {
  const m = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/u.exec(text);
  return m ? m[0].toLowerCase().replace(/’/g, "'") : "";
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Cuts at a word boundary with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

/**
 * The compact form of the turn a short reply answers: its question sentences when it asked
 * something (the last ones, up to MAX_CONTEXT_CHARS), else its last sentence.
 */
function compactTurn(content: string): { text: string; question: boolean } {
  const sentences = splitSentences(content).filter((s) => !isFiller(s));
  const questions = sentences.filter((s) => s.includes("?"));
  const pick = (list: string[]): string => {
    let text = list[list.length - 1] ?? "";
    for (let i = list.length - 2; i >= 0; i--) {
      const candidate = `${list[i]} ${text}`;
      if (candidate.length > MAX_CONTEXT_CHARS) break;
      text = candidate;
    }
    return clip(text, MAX_CONTEXT_CHARS).replace(/"/g, "'");
  };
  if (questions.length > 0) return { text: pick(questions), question: true };
  return { text: pick(sentences.length ? sentences : [content.trim()]), question: false };
}

/** Groups sentences into chunks of at most `max` characters (a longer sentence stays whole). */
function chunkSentences(sentences: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const s of sentences) {
    if (current && current.length + 1 + s.length > max) {
      chunks.push(current);
      current = s;
    } else {
      current = current ? `${current} ${s}` : s;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * The assistant turn a user message answers (the nearest earlier assistant message), and the
 * user's own message right before that turn: what a question such as "What inspired it?" asks about.
 */
function previousTurn(
  all: ConversationMessage[],
  index: number,
): { turn: ConversationMessage; before: ConversationMessage | null; earlier: ConversationMessage[] } | null {
  let userGap = 0;
  for (let i = index - 1; i >= 0; i--) {
    const m = all[i]!;
    if (m.role === "assistant") {
      if (!m.content.trim()) return null;
      // A turn from an earlier session (hours before) is not what the message answers.
      const at = all[index]!.timestamp.getTime();
      if (at - m.timestamp.getTime() > MAX_REPLY_GAP_MS) return null;
      const before = all[i - 1];
      // The user's messages of the same session before that one (newest first, a few).
      const earlier: ConversationMessage[] = [];
      for (let j = i - 2; j >= 0 && earlier.length < EARLIER_MESSAGES; j--) {
        const e = all[j]!;
        if (at - e.timestamp.getTime() > MAX_REPLY_GAP_MS) break;
        if (e.role === "user" && e.content.trim()) earlier.push(e);
      }
      return { turn: m, before: before && before.role === "user" && before.content.trim() ? before : null, earlier };
    }
    if (m.role === "user" && ++userGap > MAX_USER_GAP) return null;
  }
  return null;
}

/** An offer of the assistant's ("Want some recipes?", "Need help planning it?", "Would you like tips?"). */
const OFFER = /^(?:(?:so|also|and|or)[,!]?\s+)?(?:want|need|would you like|do you want|shall i|should i|can i(?! ask)|may i(?! ask)|how about|interested in|fancy)\b/i;
/** A question answered with yes or no ("Also, do you have any pets?"). */
const YES_NO_QUESTION = /^(?:(?:also|and|so|but|oh|btw)[,!]?\s+)?(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will)\s+(?:you|u|ya)\b/i;
/** A sentence that opens with an answer to such a question ("And yup, I do- Oscar, my guinea pig."). */
const YES_NO_ANSWER = /^(?:(?:and|but|also|oh|well)[,!]?\s+)?(?:yes|yeah|yep|yup|nope|nah|no)\b(?![\s-]+(?:one|way|idea|problem|worries|doubt|matter|wonder)\b)/i;

/**
 * A reply's opening that points at what the question named ("I'm using it to stay organized"
 * answering "How do you use it?"): it is understood only with the question.
 */
const POINTS_BACK = /\b(?:it|them|these|those)\b/i;

/** The same, in a reply's next sentence, with "there" and "that" ("I spend hours there"). */
const POINTS_BACK_EARLY = /\b(?:it|them|these|those|there|that|this)\b/i;

/** Thanks, congratulations, greetings, apologies: said to the other person, no answer. */
const SOCIAL_OPENING = /^(?:thanks|thank|thx|ty|appreciate\w*|congrats|congratulations|sorry|oops|hey|hi|hello|woah|whoa|wow|ha|hah|haha|so proud|glad|cheers|welcome|no worries|good (?:luck|job|question|point)|great (?:job|question|point)|awesome|cool)\b/i;

/** Words that make a sentence a clause: a finite verb, an auxiliary, a contraction. */
const CLAUSE_VERB =
  /\b(?:am|is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|shall|may|might|must|get|gets|got|go|goes|went|make|makes|made|love|loves|like|likes|want|wants|need|needs|think|feel|feels|know|knows|see|take|takes|took|come|came|keep|keeps|kept|say|says|said|let)\b|['’](?:s|re|ve|d|ll|m)\b|n['’]t\b|\w{3,}ed\b/i;

/**
 * A few words with no verb and no subject of their own ("Mostly my garden and my grandchildren.",
 * "Not fun but manageable.", "Six years now."): understood only with the question they answer.
 */
export function isFragment(sentence: string): boolean {
  const s = sentence.trim();
  if (wordCount(s) > 8 || isQuestion(s) || SOCIAL_OPENING.test(s)) return false;
  if (FIRST_PERSON_SUBJECT.test(s) || /^(?:he|she|they|it|this|that|there|we|you|[A-Z][a-z]+ [a-z]+s)\b/i.test(s)) return false;
  // "Ash's", and "my dad's meds" (a pronoun resolved to whose): owners, not "is".
  const owners = s
    .replace(/\b[A-Z][\p{L}-]*['’]s\b/gu, "X")
    .replace(/\b(?:my|our|his|her|their) [a-z]+['’]s(?= (?!(?:a|an|the|been|not|so|very|really|here|there|home|back|out|in|on|at|always|never|still|just|also|too|fine|ok|okay|good|great|better|worse|sick|[a-z]+ing|[a-z]+ed)\b)[a-z])/gi, "X");
  return !CLAUSE_VERB.test(owners);
}

/**
 * A question about something said just before it rather than named in it: "What inspired it?",
 * "Is this your own painting?", "For walking or running?" (a few words, no subject of its own).
 */
function asksAboutEarlier(question: string): boolean {
  const q = question.trim();
  if (/\b(?:it|this|these|those|they|them)\b/i.test(q)) return true;
  if (/\bthat\b(?!\s+(?:the|a|an|you|i|we|he|she|they|it|my|your|our|his|her|their)\b)/i.test(q)) return true;
  return wordCount(q) <= 5 && /^(?:for|with|in|at|to|from|about|or|and|so|which one|what kind|how come|why)\b/i.test(q);
}

const FIRST_PERSON_ANY = /\b(i|i'm|i’m|im|i've|i’ve|i'd|i’d|i'll|i’ll|me|my|mine|myself|we|we're|we’re|we've|we’ve|we'll|we’ll|we'd|us|our|ours|ourselves)\b/i;
const SECOND_PERSON = /\b(you|your|you're|you’re|youre|yours|yourself|ya|u|ur)\b/i;
/** "you can reach her at …": how to reach someone, not something about the assistant. */
const GENERIC_YOU = /\byou can (?:reach|contact|email|call|text|message|find|ping) (?:her|him|them|me|us)\b/gi;
/** Feelings about the other person's news: about them, not about the user. */
const ABOUT_THEM = /\b(?:happy|proud|glad|sorry|thrilled|excited|stoked|pumped|impressed|amazed) (?:for|of) (?:you|u)\b|\bthank(?:s| you)\b|\b(?:can't|cannot) wait to (?:see|hear)\b|\b(?:here|there) for (?:you|u)\b|^(?:you|you've|you’ve|you're|you’re|you'll|you’ll|your|u)\b(?! know\b| see\b)/i;

/** Conversational openers that say nothing about the user ("Since we last chatted, …"). */
const OPENERS = [
  /^(?:hey+|hi+|hello+|yo|oh+|wow|haha|lol|omg|well|so|anyway|btw|by the way|honestly|to be honest|guess what|you know what|ok|okay|ugh+|argh+|meh|welp|phew|yay+|hmm+)\b[,!.…]*\s+(?=\S)/i,
  /^(?:since|ever since) (?:we|i) (?:last )?(?:chatted|talked|spoke|caught up|saw each other)(?: last)?,?\s+/i,
  /^(?:as i (?:said|mentioned)|like i said),?\s+/i,
  /^(?:idk|i don't know|i dont know|not sure) if i (?:mentioned|told you|said)(?: (?:this|it|that))?(?: before)?(?:,? but)?,?\s+(?=\S)/i,
  /^actually(?:,? (?:no|yes|yeah))?[,!.]*\s+(?=\S)/i,
  // "sorry, correction: it's not peanuts …": what follows is the statement.
  /^(?:(?:sorry|oops|whoops|my bad)[,!.]*\s+)?(?:(?:a )?correction|to correct (?:myself|that)|let me correct (?:that|myself)|i misspoke)\b[:,!.…-]*\s+(?=\S)/i,
  /^(?:sorry|oops|whoops)[,!.]+\s+(?=\S)/i,
  /^(?:and|but|also|plus)\s+(?=\S)/i,
  // Lead-ins that announce the statement ("Note that I'm allergic…", "Big news: I got the job").
  /^(?:(?:please )?note|just so you know|fyi|for the record|(?:just a )?heads up|for context)(?: that)?\b[:,!.…-]*\s+(?=\S)/i,
  /^(?:big|good|great|exciting|some|sad|bad|breaking|life) (?:news|change|update)(?: (?:though|tho|btw|today|here|first))?\b[:!,.…-]*\s+(?=\S)/i,
  /^(?:(?:quick|small|little|short|some|a bit of|an?) )?(?:update|context|background|recap|note)(?: (?:about|on) (?:me|myself|us|my life))?\s*[:—–-]\s*(?=\S)/i,
  // "Quick background so you can help me better: …".
  /^(?:(?:quick|small|little|short|some|a bit of|a little|an?) )?(?:background|context|info)\b[^:.!?]{0,50}:\s*(?=\S)/i,
];
/** Sign-offs and hedges after the statement ("… btw!", "…, just so you know", "… I guess"). */
const TRAILERS = /,\s*(?:sorry|sorry about that|my mistake|my bad)(?=[.!?…]*\s*$)|(?:,\s*|\s+)(?:btw|lol|haha+|tbh|ngl|fyi|obviously|just so you know|just fyi|i guess|i think|i suppose|oops|:-?[()DPp]|;-?\)|<3|xD)(?=[.!?…]*\s*$)/i;
/** "Please answer me in Spanish when you can": a courtesy, not part of the request (and no "you" in the fact). */
const WHEN_YOU_CAN = /,?\s+(?:when|if|whenever) (?:you can|you're able to|you are able to|possible)\b/gi;
/** "I'm pregnant btw, due in April": a sign-off word inside the sentence. */
const INNER_TRAILERS = /\s+(?:btw|tbh|lol)(?=[,;!]\s)/gi;
/** "My son Nikos he is a doctor": the name is the subject, the pronoun says it again. */
const REPEATED_SUBJECT = /\b((?:[Mm]y|[Oo]ur) [a-z]+ [A-Z][\p{L}'’-]+),? (?:he|she|they) (?=[a-z])/gu;
/** A leading vocative name ("Mel, that's great") — not a reply word ("Yes, shellfish"). */
const VOCATIVE = /^([A-Z][a-z]+),\s+(?=[a-z]|I\b)/;

/** A trailing vocative name ("I'm getting there, Gina."), with the word before the comma. */
const TRAILING_VOCATIVE = /(\S+),\s+([A-Z][a-z]+)(?=[.!?…]*["')\]]*\s*$)/;

/**
 * What follows a name and a comma when the name is someone spoken to ("Mel, I got the job!"):
 * a clause or a greeting, not the rest of a list ("Tomatoes, figs, some olives.").
 */
function isAddress(rest: string): boolean {
  return CLAUSE_VERB.test(rest) || SOCIAL_OPENING.test(rest) || FIRST_PERSON_SUBJECT.test(rest) || /^(?:that|this|these|those|you|your|u|ur|it|what|how|so|such)\b/i.test(rest);
}

function stripOpeners(sentence: string): string {
  let s = sentence.replace(REPEATED_SUBJECT, "$1 ");
  for (let round = 0; round < 3; round++) {
    const before = s;
    for (const re of OPENERS) s = s.replace(re, "");
    const v = VOCATIVE.exec(s);
    if (v && !REPLY_START.has(v[1]!.toLowerCase()) && !BARE_WORDS.has(v[1]!.toLowerCase()) && isAddress(s.slice(v[0].length))) s = s.slice(v[0].length);
    s = s.replace(TRAILERS, "").replace(INNER_TRAILERS, "").replace(WHEN_YOU_CAN, "");
    if (s === before) break;
  }
  // The person addressed is not part of the statement; a place ("Portland, Oregon") or a
  // named relation ("my mentor, Sam") is.
  const t = TRAILING_VOCATIVE.exec(s);
  if (t && !RELATION_WORDS.has(t[1]!.toLowerCase().replace(/[^a-z]/g, "")) && !isKnownPlace(t[2]!) && !BARE_WORDS.has(t[2]!.toLowerCase())) {
    s = s.slice(0, t.index + t[1]!.length) + s.slice(t.index + t[0].length);
  }
  return s === sentence ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

/** Openers before a comma that are not the name of someone addressed ("Hmm, good question."). */
const NOT_ADDRESSEES = new Set(
  `hmm hm oh ah aw aww wow well ok okay yay ooh uh um haha lol omg hey hi hello yo thanks cool nice great awesome
  dude man girl guys folks friend buddy honey sweetie wait look listen see anyway also plus still sure true right`.split(/\s+/),
);

const BARE_WORDS = new Set(["maybe", "probably", "honestly", "actually", "sadly", "luckily", "unfortunately", "thankfully", "hopefully", "alright", "nope", "nah", "yup"]);

/** Verbs that open a standing request ("Please keep emails short", "Never call before 10am"). */
const REQUEST_START = /^(?:(?:please|pls|plz|kindly)[,]?\s+)?(?:(don't|do not|never|always)\s+(?:ever\s+|really\s+|just\s+)?)?(suggest|recommend|order|mention|bring|serve|offer|add|forget|keep|send|call|text|email|e-mail|message|remind|book|use|avoid|write|reply|respond|answer|schedule|format|address|limit|include|cc|speak|talk|refer to|ping|stick to|make sure|remember|stop|skip|start|put|give|show|tell|let|check|double-check|confirm|look for|pick|choose)\b/i;
/** A request put as a question ("Could you always reply in Spanish?"): group 1 is the request. */
const POLITE_REQUEST = /^(?:can|could|would|will) (?:you|u) (?:please |pls |kindly )?((?:always |never |just )?[a-z][^?]*?)(?:,? please)?\?+$/i;
/** What the assistant writes: "your answers" in a request is how the user wants to be answered. */
const YOUR_OUTPUT = /\byour (answers?|replies|reply|responses?|messages?|emails?|summaries|explanations?|texts?|tone|writing)\b/gi;
/** A request that holds beyond the current task. */
const STANDING = /\b(always|never|every|all|any|anything|in general|from now on|going forward|emails?|messages?|replies|answers|responses|meetings?|calls?|texts?|notifications?|updates|summaries|bullet|sentences?|words|formal|casual|concise|short|brief|simple|simply|plain|slowly|before \d|after \d|mornings?|evenings?|weekends?|languages?|in (?:english|spanish|french|german|portuguese|italian|chinese|mandarin|cantonese|japanese|korean|arabic|hindi|russian|dutch|polish|turkish|hebrew|greek|swedish|vietnamese|tagalog))\b/i;

/**
 * A standing request in the imperative, as a preference of the user: "Please keep emails to
 * three sentences." → "Ash asks to keep emails to three sentences." One-off tasks ("Please book
 * a table for Friday") and requests that are really about the other person are not facts: null.
 */
export function requestToFact(sentence: string, subject: Subject): string | null | undefined {
  // "Can you keep your answers short?" asks what "Keep your answers short." does.
  // "Please no loud places": what the user asks to be spared.
  const spare = /^(?:please|pls|plz|kindly),?\s+no\s+([^?]+?)[.!]*$/i.exec(sentence.trim());
  if (spare) return `${subject.name ?? "User"} asks for no ${spare[1]!.replace(/\bmy\b/g, "their").replace(/\bme\b/g, "them")}`;
  const polite = POLITE_REQUEST.exec(sentence.trim());
  if (polite) return requestToFact(`${polite[1]!.charAt(0).toUpperCase()}${polite[1]!.slice(1)}.`, subject);
  const m = REQUEST_START.exec(sentence.trim());
  if (!m || sentence.trim().endsWith("?")) return undefined; // not a request
  const negated = /^(?:(?:please|pls|plz|kindly)[,]?\s+)?(?:don't|do not|never)\b/i.test(sentence.trim());
  if (!negated && !STANDING.test(sentence)) return null;
  sentence = sentence.replace(YOUR_OUTPUT, "$1");
  // "… when you suggest places" says when the request holds; the request is still the user's.
  const asked = sentence.replace(/\b(?:when|whenever|if|before|any ?time) you\b[^,.;!?]*/gi, "");
  if (/\b(you|your|yourself)\b/i.test(asked) && !/\b(me|my|us|our)\b/i.test(asked)) return null;
  const rest = sentence
    .trim()
    .replace(/^(?:(?:please|pls|plz|kindly)[,]?\s+)/i, "")
    .replace(/^(?:don't|do not)\s+/i, "")
    .replace(/\bplease\b,?\s*/gi, "")
    .replace(/\bme\b/g, "them")
    .replace(/\bmy\b/g, "their")
    .replace(/\bmyself\b/g, "themselves")
    .replace(/\bI\b/g, "they");
  const who = subject.name ?? "User";
  const body = rest.charAt(0).toLowerCase() + rest.slice(1);
  return `${who} asks ${negated && !/^never\b/i.test(body) ? "not " : ""}to ${body}`;
}

/** A question of one to three words that is not a question to someone ("Cilantro?", "Sushi again?"). */
const TOPIC_MARKER = /^(?!(?:what|who|whom|whose|when|where|why|how|which|do|does|did|is|are|was|were|can|could|will|would|should|have|has|had|you|u|right|really|seriously|huh|yes|no|yeah|ok|okay)\b)[\p{L}\p{N}'’ -]{2,40}\?$/iu;

/** "…, I start in June": when the news before it starts, no statement of its own. */
const STARTS_WHEN = /^I (?:start|begin|leave|finish|move in|fly out|head out)(?: (?:in|on|at|next|this|after|before|from|right after)\b[^,;.!?]*)?[.!]*$/;

/** A clause whose object is "it" or "them" (not "it's", "it is" …): what it names is in the clause before. */
const OBJECT_POINTS_BACK = /\b(?:with|on|off|for|from|about|without|after|before|into|take|takes|took|mix|combine|have|eat|drink|stop|stopped) (?:it|them)\b(?!['’]s| is| was| will| has)/i;

/** "I live in Austin and I'm a nurse" → two statements (a move then supersedes only the first). */
export function splitClauses(sentence: string): string[] {
  // A clause has a few words of its own: "Marcus and I got engaged" is one statement.
  const parts = sentence
    // "I'm vegetarian, and my partner Jonas is allergic to shellfish": someone of the user's life
    // with a statement of their own is a statement apart (a diet change must not take the allergy).
    // Not inside a subject of two ("…, Kofi and I live together"): that clause starts at the comma.
    .split(/(?<!(?:^|[,;]\s*)[A-Z][\p{L}'’-]+),?\s+(?:and|but)\s+(?=I(?:'m|’m|'ve|’ve|'ll|’ll|'d|’d)?\s+[a-z]|(?:my|our) [a-z]+(?: [A-Z][a-z]+)? (?:is|was|has|had|loves|likes|hates|works|lives|can't|cannot|doesn't|does not|isn't|gets|needs|takes)\b)|,\s+(?=[A-Z][\p{L}'’-]+ and I(?:'m|’m|'ve|’ve)?\s+[a-z])/u)
    // Two statements joined by a comma ("I have atrial fibrillation, I take warfarin"): not after
    // a clause that only sets the scene ("When I was young, I lived in Rome"), nor "I mean / I think".
    // What an allergy needs in an emergency stays with it ("…allergic to shellfish, I carry an EpiPen").
    .flatMap((c) => (EMERGENCY_GEAR.test(c) ? [c] : c.split(/,\s+(?=I(?:'m|’m|'ve|’ve)?\s+(?!mean\b|think\b|guess\b|know\b|suppose\b|hope\b|swear\b)[a-z])/)))
    .reduce<string[]>((out, c) => {
      // Rejoin a comma split whose first part is no statement of the user's own.
      const last = out[out.length - 1];
      if (last !== undefined && sentence.includes(`${last}, ${c}`) && (SCENE_SETTING.test(last) || !FIRST_PERSON_SUBJECT.test(last) || wordCount(last) < 3)) {
        out[out.length - 1] = `${last}, ${c}`;
      } else out.push(c);
      return out;
    }, [])
    .filter((c) => c.trim())
    .reduce<string[]>((out, c) => {
      const last = out[out.length - 1];
      // "my boyfriend Marco and I broke up": no subject and no verb before "and I", no clause.
      // "I take amlodipine …, and I can't have grapefruit with it": "it" is in the clause before.
      if (last !== undefined && (STARTS_WHEN.test(c.trim()) || OBJECT_POINTS_BACK.test(c) ||
        (wordCount(last) < 3 && !/^I(?:'m|’m| am)\s/.test(last)) || (!FIRST_PERSON_SUBJECT.test(last) && !CLAUSE_VERB.test(last) && !/\b\w+(?:s|ed)\s/.test(last.replace(/^\S+\s+/, ""))))) {
        const from = sentence.indexOf(last);
        out[out.length - 1] = sentence.slice(from, sentence.indexOf(c, from + last.length) + c.length);
      } else out.push(c);
      return out;
    }, []);
  return parts.map((c, i) => (i < parts.length - 1 && !/[.!?…]$/.test(c.trim()) ? `${c.trim()}.` : c)).map((c, i, all) => (i > 0 ? clausePronouns(all[i - 1]!, c) : c));
}

/**
 * "My husband Jim has Alzheimer's and I'm his main caregiver": split apart, the second clause's
 * "his" is the one man (woman) the clause before named as the user's.
 */
function clausePronouns(before: string, clause: string): string {
  if (!/^I\b/.test(clause.trim())) return clause;
  for (const [pronoun, same, other] of [
    [/\b(?:his|him)\b/g, MY_MAN_NAMED, MY_WOMAN_NAMED],
    [/\bher\b/g, MY_WOMAN_NAMED, MY_MAN_NAMED],
  ] as const) {
    if (!new RegExp(pronoun.source).test(clause)) continue;
    const found = [...before.matchAll(same)];
    if (found.length !== 1 || [...before.matchAll(other)].length) continue;
    const [, relation, name, relation2, name2] = found[0]!;
    const who = name ?? name2 ?? `my ${relation ?? relation2}`;
    return clause.replace(pronoun, (w, offset: number) => {
      if (w === "him") return who;
      // "his" / a possessive "her" ("her appointments"); an object "her" ("visit her") is the person.
      return w === "her" && !possessiveHer(/^\s+([\p{L}'’]+)/u.exec(clause.slice(offset + 3))?.[1], clause.slice(offset), clause.slice(0, offset)) ? who : `${who}'s`;
    });
  }
  return clause;
}

const EMERGENCY_GEAR = /\b(?:epi-?pens?|inhalers?|auto-?injectors?|medical (?:id|bracelet|alert))\b/i;

/**
 * After a remark (no question), a short message answers it when it points back at it or
 * agrees ("Same here, with coffee!", "Haha true"), reacts ("Amazing!"), or says what it said
 * ("Sunday mornings are the best"); "1 year sober next month :)" is news of its own.
 */
function answersRemark(message: string, remark: string): boolean {
  const m = message.trim();
  if (POINTS_BACK_EARLY.test(m.split(/\s+/).slice(0, 5).join(" "))) return true;
  // "Mila's pediatrician is Dr. Okafor" after "Enjoy the time with Mila.": a statement with a
  // subject of its own, that points at nothing said before, is news.
  if (OWN_NEWS_OPENING.test(m) && !REPLY_START.has(firstWord(m))) return false;
  if (/\b(?:same|too|either|agreed|exactly|definitely|totally|true|right|haha\w*|lol|yes|yeah|yep|yup|no|nope|nah|thanks|thank you|thx|ty|indeed|absolutely|sure|sounds?|idea|plan|deal|perfect|love (?:it|that)|works|makes sense|fair|cool|nice|good call|will do|let me|let's|lets|ok|okay|omg|wow|aw+)\b/i.test(m)) return true;
  if (isEvaluative(m) || isBareReply(m)) return true;
  const said = new Set(tokenize(remark).map(stem));
  return tokenize(m).some((w) => said.has(stem(w)));
}

/** "Mila's pediatrician is …", "Tom started …": a named subject, its verb, and no word that points back. */
const OWN_NEWS_OPENING =
  /^[A-Z][a-z]+(?:['’]s(?: [a-z]+){1,2})? (?:just |also |finally |now |still |already )?(?:is|was|has|had|got|gets|started|starts|began|turned|turns|loves|likes|lives|works|moved|joined|left|graduated|passed|won|lost|switched|goes|went)\b(?![^,.;!?]*\b(?:it|that|this|there|them|those|these)\b)/;

/** A clause that sets the scene for the next rather than stating something ("When I was young, …"). */
const SCENE_SETTING = /^(?:when|whenever|if|since|because|as|after|before|while|although|though|once|until|unless|even though|ever since|now that|so|and|but|or|like|honestly|actually|yes|yeah|no|well|ok|okay|oh|also)\b/i;

/** "I'm Ash." / "My name is Ash Lewis." — the user's name, already known. */
function isSelfIntroduction(sentence: string, subject: Subject): boolean {
  const m = /^(?:i'm|i’m|i am|my name is|my name's|it's|this is)\s+([A-Z][\p{L}'’-]+)(?:\s+[A-Z][\p{L}'’-]+)?[.!]*$/iu.exec(sentence.trim());
  return Boolean(m && subject.name && m[1]!.toLowerCase() === subject.name.toLowerCase());
}

/** "I'm Priya, head of marketing at Acme" → "I'm head of marketing at Acme"; "My name's Priya, I …" → "I …". */
function withoutOwnName(sentence: string, subject: Subject): string {
  if (!subject.name) return sentence;
  const m = /^(i'm|i’m|i am|my name is|my name's|my name’s)\s+([A-Z][\p{L}'’-]+)(?:\s+[A-Z][\p{L}'’-]+)?,\s+(.+)$/iu.exec(sentence.trim());
  if (!m || m[2]!.toLowerCase() !== subject.name.toLowerCase()) return sentence;
  const rest = m[3]!;
  if (/^(?:i|i'm|i’m|i've|i’ve|and)\b/i.test(rest)) return rest.replace(/^and\s+/i, "").replace(/^i\b/, "I");
  return /^i/i.test(m[1]!) ? `${m[1]} ${rest}` : `I'm ${rest}`;
}

/** What a sentence of a user's message is, for building facts. */
type SentenceKind = "user" | "other" | "neutral" | "drop";

/** A question, not a statement with a tag ("Sunflowers mean warmth, right?"). */
function isQuestion(sentence: string): boolean {
  const s = sentence.trim();
  return s.endsWith("?") && !/,\s*(?:right|huh|no|eh|isn't it|aren't they|don't you think|you know|wouldn't you say)\?+$/i.test(s);
}

/**
 * A statement with a named subject of its own ("Sofia just started first grade."): a fact about
 * someone in the user's life, not a continuation of the sentence before. A capitalized first
 * word is a name only when it is no ordinary sentence opener or place and a verb follows it.
 */
const NAMED_SUBJECT = /^([A-Z][a-z]+)\s+(?:(?:just|also|recently|finally|already) [a-z]{3,}ed|(?:just |also |recently |finally |now |still |already )?(?:got|gets|went|goes|started|starts|began|turned|loves|likes|lives|works|moved|joined|left|graduated|passed|won|lost|is|was))\b/;
const NOT_A_NAME = new Set(
  `The A An And But Or So If When While This That These Those It Its He She They We You My Your Our Their His Her There Here
  Everything Everyone Everybody Nothing Nobody Someone Somebody Something Anything Anyone Life Work Today Tonight Yesterday Tomorrow
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
  November December Mom Dad Grandma Grandpa God Family Music Art School Dinner Lunch Breakfast Mine Yours`.split(/\s+/),
);
function hasNamedSubject(sentence: string): boolean {
  const m = NAMED_SUBJECT.exec(sentence.trim());
  return Boolean(m && !NOT_A_NAME.has(m[1]!) && !/ing$/.test(m[1]!) && !isKnownPlace(m[1]!));
}

/**
 * The sentence opens with a name ("Blue Door pulled out", "Stumptown Corner signed on", "Marcus
 * proposed") that `before` does not contain. One capitalized word is a name only when a verb
 * follows it and it is no word of a reply ("Great idea", "Sounds like a plan", "Good luck").
 */
function namedOpening(sentence: string, before: string): boolean {
  const m = /^((?:[A-Z][\p{L}'’&-]+)(?:\s+(?:[A-Z][\p{L}'’&-]+|&))*)\s+([a-z]{3,})/u.exec(stripOpeners(sentence.trim()));
  if (!m) return false;
  // "Sophie's getting married", "Sophie's wedding is in May": the name, with its "'s".
  const possessive = /^[A-Z][\p{L}-]+['’]s$/u.test(m[1]!);
  const name = possessive ? m[1]!.slice(0, -2) : m[1]!;
  const first = name.split(/\s+/)[0]!;
  if (NOT_A_NAME.has(first) || /^(?:I|Me|Us|Let|What|Who|Where|When|How|Why|Which)$/.test(first) || REPLY_START.has(first.toLowerCase()) || BARE_WORDS.has(first.toLowerCase())) return false;
  if (isFiller(first) || isEvaluative(first) || isBareReply(first)) return false;
  if (!/\s/.test(name) && !possessive && !/(?:ed|s)$/.test(m[2]!)) return false;
  return !before.toLowerCase().includes(name.toLowerCase());
}

function kindOf(sentence: string): SentenceKind {
  const s = sentence.trim();
  if (isQuestion(s)) return "drop"; // a question says nothing about the user
  if (hasNamedSubject(s) && !SECOND_PERSON.test(s)) return "user";
  const first = FIRST_PERSON_ANY.test(s);
  // About the other person; never when it says what keeps the user safe ("Your kitchen knows I'm allergic to shellfish").
  if (SECOND_PERSON.test(s.replace(GENERIC_YOU, " ")) && (!first || ABOUT_THEM.test(s)) && !(first && isSafetyCritical(s))) return "drop";
  // Chat without a subject that says who the user is or what they did ("Retired Army, 22 years."):
  // a statement of theirs, not a sentence to join to the next.
  return first || hasImplicitSubject(capitalized(s)) ? "user" : "neutral";
}

const FEMALE_RELATIONS = ["mom", "mother", "mum", "wife", "sister", "daughter", "grandma", "grandmother", "aunt", "niece", "girlfriend", "fiancée", "fiancee"];
const MALE_RELATIONS = ["dad", "father", "husband", "brother", "son", "grandpa", "grandfather", "uncle", "nephew", "boyfriend", "fiancé", "fiance"];
const OWN_RELATION = new RegExp(`\\b(?:my|our) (?:${[...FEMALE_RELATIONS, ...MALE_RELATIONS].join("|")})\\b`, "i");
const THEIR_RELATION = new RegExp(`\\byour (?:${[...FEMALE_RELATIONS, ...MALE_RELATIONS].join("|")})\\b`, "i");
const MY_WOMAN = new RegExp(`\\bmy (${FEMALE_RELATIONS.join("|")})\\b`, "gi");
const MY_MAN = new RegExp(`\\bmy (${MALE_RELATIONS.join("|")})\\b`, "gi");

/** "Dad moved into assisted living", "I visit Mom on Sundays": a parent named by what they are is the user's. */
const PARENT_WORD = /(?<!\b(?:[Mm]y|[Oo]ur|[Yy]our|[Hh]is|[Hh]er|[Tt]heir)\s)\b(Dad|Mom|Mum|Grandma|Grandpa|Nana|Parents(?= (?:are|were|got|split|divorced|separated|live|moved)\b))\b(?!\s*,)/g;
function ownParents(content: string): string {
  return content
    .replace(PARENT_WORD, (_m, w: string, offset: number) => {
      const start = offset === 0 || /[.!?]\s+$/.test(content.slice(0, offset));
      return `${start ? "My" : "my"} ${w.toLowerCase()}`;
    })
    .replace(BARE_RELATION_NAMED, (_m, lead: string, w: string) => `${lead}My ${w.toLowerCase()} `)
    .replace(/(^|[.!?]\s+)[Pp]arents(?= (?:are|were|got|split|divorced|separated|live|moved)\b)/g, "$1My parents")
    // "Knee is healing well", "Back is good now": the user's own.
    .replace(/(^|[.!?]\s+)(knee|back|ankle|shoulder|hip|wrist|foot|leg|arm|neck|elbow|hand|stomach|tooth|eye)(?=['’]s |(?: (?:is|was|feels|has been|hurts|still|healed|healing)\b))/gi, (_m, lead: string, w: string) => `${lead}My ${w.toLowerCase()}`)
    // "mom finished chemo" from someone who writes in lowercase: their mom.
    .replace(/(^|[.!?]\s+)(mom|dad|mum|grandma|grandpa|nana)\b(?!\s*,)(?=\s+[a-z])/g, (_m, lead: string, w: string) => `${lead}My ${w}`)
    .replace(BARE_OWN_SUPERLATIVE, (_m, lead: string, w: string) => `${lead}My ${w.toLowerCase()} `);
}

/** "Biggest client right now is Lumen Coffee", "Favorite band is Wilco": chat that leaves out "my". */
const BARE_OWN_SUPERLATIVE =
  /(^|[.!?]\s+)(Biggest|Main|Favou?rite|Fave?|Current|Newest|Oldest|Youngest|Older|Younger|Best) (?!(?:thing|things|part|way|bet|news|idea|option|time|case|problem|question|answer|guess|chance|choice|advice|of|and|or)\b)(?=[a-z]+(?: [a-z]+){0,3} (?:is|are|was|were)\b)/g;

/** "Wife Linda and the boys are in Tulsa": chat that leaves out "my" before a relation and a name. */
const BARE_RELATION_NAMED = /(^|[.!?]\s+)(Wife|Husband|Son|Daughter|Brother|Sister|Partner|Boyfriend|Girlfriend|Fianc[ée]e?|Grandson|Granddaughter) (?=[A-Z][a-z]+\b(?! of\b))/g;

/** "my wife Linda", "our son", "We have a son, Owen,": the relation, and the name when said. */
const MY_WOMAN_NAMED = new RegExp(`\\b(?:[Mm]y|[Oo]ur) (${FEMALE_RELATIONS.join("|")})(?: ([A-Z][a-z]+))?|\\b(?:have|has|had) (?:a|one) (${FEMALE_RELATIONS.join("|")})(?:,| named| called) ([A-Z][a-z]+)`, "g");
const MY_MAN_NAMED = new RegExp(`\\b(?:[Mm]y|[Oo]ur) (${MALE_RELATIONS.join("|")})(?: ([A-Z][a-z]+))?|\\b(?:have|has|had) (?:a|one) (${MALE_RELATIONS.join("|")})(?:,| named| called) ([A-Z][a-z]+)`, "g");
function sentencePronouns(content: string): string {
  // Sentences with the whitespace between them kept (odd indexes), so nothing else changes.
  const parts = content.split(/((?<=[.!?])\s+)/);
  for (let i = 2; i < parts.length; i += 2) {
    const m = /^(She|He)\b/.exec(parts[i]!);
    if (!m) continue;
    const found = [...parts[i - 2]!.matchAll(m[1] === "She" ? MY_WOMAN_NAMED : MY_MAN_NAMED)];
    const other = [...parts[i - 2]!.matchAll(m[1] === "She" ? MY_MAN_NAMED : MY_WOMAN_NAMED)];
    if (found.length !== 1 || other.length) continue;
    const [, relation, name, relation2, name2] = found[0]!;
    parts[i] = `${name ?? name2 ?? `My ${relation ?? relation2}`}${parts[i]!.slice(m[1]!.length)}`;
  }
  return parts.join("");
}

/** Capitalized words inside sentences that may name a person: not "I", a day, a month or a place. */
function personNamesIn(text: string): string[] {
  return [...text.matchAll(/(?<![.!?]\s|^)\b([A-Z][a-z]+)\b/g)]
    .map((m) => m[1]!)
    .filter((n) => !NOT_A_NAME.has(n) && !NOT_A_NAME.has(n.replace(/s$/, "")) && !isKnownPlace(n));
}

/**
 * "she" / "he" in a message that names no one, after the user's message before named exactly one
 * woman / man of their life ("My mom moved in with us …" … "that's when she gets confused"):
 * that person ("my mom"), so the third-person fact never reads as if it were the user.
 */
function resolveThirdPerson(
  content: string,
  before: ConversationMessage | null,
  turn: ConversationMessage | null,
  userName: string | null,
  earlier: ConversationMessage[] = [],
): string {
  content = ownParents(content);
  if (!/\b(?:she|he|him|her|his)\b/i.test(content)) return content;
  // "…, her name is Valeria. She's a climbing instructor": the person just named.
  content = content.replace(/\b(her|his) name(?:'s|’s| is) ([A-Z][\p{L}'’-]+)([.!]+\s+)(She|He)\b/gu, (m, pron: string, name: string, gap: string, next: string) =>
    (pron.toLowerCase() === "her") === (next === "She") ? `${pron} name is ${name}${gap}${name}` : m,
  );
  if (!/\b(?:she|he|him|her|his)\b/i.test(content)) return content;
  // "My wife Linda's birthday is June 3rd. She loves Italian.": a sentence that opens with "She"
  // right after one that named exactly one woman of the user's life (or "He", one man) is hers.
  content = sentencePronouns(content);
  if (!/\b(?:she|he|him|her|his)\b/i.test(content)) return content;
  // The message names someone itself: its pronouns are about them.
  const ownNames = OWN_RELATION.test(content) || personNamesIn(content).length > 0;
  // The turn answered names someone ("How's Zuri adjusting?"): the pronoun is theirs, and with one
  // person named, a sentence that opens with it is about them.
  const turnNames = turn ? [...new Set(personNamesIn(turn.content))].filter((n) => n !== userName) : [];
  if (turnNames.length === 1 && !ownNames && !THEIR_RELATION.test(turn!.content)) {
    return content.replace(/(^|[.!?]\s+|[.!?]\s+(?:and|but|also|so)\s+|^(?:and|but|also|so)\s+)(?:she|he|She|He)\b/g, (_m, lead: string) => `${lead}${turnNames[0]}`);
  }
  if (!before) return content;
  if (turn && (turnNames.length || THEIR_RELATION.test(turn.content))) return content;
  // The message names someone itself: its pronouns are about them.
  if (OWN_RELATION.test(content)) return content;
  // …or by name (a capitalized word that does not start a sentence).
  if (personNamesIn(content).length) return content;
  // The nearest of the user's recent messages that names anyone of their life decides
  // ("Mom's neurologist …" … "I visit her …" … "she's allergic to penicillin").
  const mine = (text: string, re: RegExp) => [...new Set([...ownParents(text).matchAll(re)].map((m) => m[1]!.toLowerCase()))];
  let women: string[] = [];
  let men: string[] = [];
  for (const m of [before, ...earlier]) {
    women = mine(m.content, MY_WOMAN);
    men = mine(m.content, MY_MAN);
    if (women.length || men.length) break;
  }
  let out = content;
  if (women.length === 1) {
    out = out.replace(/\b(s|S)he['’]s(?=\s+(\w+))/g, (_m, s: string, next: string) => `${s}he ${/^(?:been|got|gotten|had)$/i.test(next) ? "has" : "is"}`);
    out = out.replace(/\bshe\b/g, `my ${women[0]}`).replace(/\bShe\b/g, `My ${women[0]}`);
    out = out.replace(/\b(h|H)er\b(?=(\s+[\p{L}'’]+)?)/gu, (_m, h: string, next: string | undefined, offset: number) => {
      const owner = `${h === "H" ? "My" : "my"} ${women[0]}`;
      return possessiveHer(next, out.slice(offset), out.slice(0, offset)) ? `${owner}'s` : owner;
    });
  }
  if (men.length === 1) {
    out = out.replace(/\b(h|H)e['’]s(?=\s+(\w+))/g, (_m, h: string, next: string) => `${h}e ${/^(?:been|got|gotten|had)$/i.test(next) ? "has" : "is"}`);
    out = out.replace(/\b(?:he|him)\b/g, `my ${men[0]}`).replace(/\bHe\b/g, `My ${men[0]}`);
    out = out.replace(/\b(h|H)is(?=\s+[\p{L}])\b/gu, (_m, h: string) => `${h === "H" ? "My" : "my"} ${men[0]}'s`);
  }
  return out;
}

/** Words after an object "her" ("visit her every Tuesday", "call her back"), not a thing of hers. */
const AFTER_OBJECT_HER =
  /^(?:every|each|on|at|in|to|after|before|with|for|about|and|but|or|so|a|an|the|up|out|off|back|home|over|down|today|tonight|tomorrow|yesterday|twice|once|again|more|less|too|this|that|last|next|because|when|while|if|sometimes|daily|weekly|now|later|soon|often|always|never|once|right|first|most|myself|yourself|know|feel|think|is|was|are)$/i;

/** Verbs with two objects: "give her chocolate" gives to her, it is no chocolate of hers. */
const GIVE_HER = /\b(?:give|gives|gave|giving|buy|buys|bought|get|gets|got|send|sends|sent|show|shows|showed|tell|tells|told|bring|brings|brought|feed|feeds|fed|offer|offers|offered|teach|teaches|taught|make|makes|made|let|lets|hand|pass|pour)\s+$/i;

function possessiveHer(next: string | undefined, rest: string, before = ""): boolean {
  if (GIVE_HER.test(before)) return false;
  // "her." / "her, …" / "her every Tuesday": the object; "her appointments": hers.
  if (!next || !/^\s*\p{L}/u.test(rest.slice(3))) return false;
  return !AFTER_OBJECT_HER.test(next.trim());
}

const SHOUTED_SHORT = new Set(
  `a an the and but or so if of in on at to for by up off out we i me my our us you he she it its his her him they them was are is be am do did had has can not no yes got get go let new one two all way now yay wow omg lol job day won how why who big bad sad mad hot far few own see saw met run ran`.split(/\s+/),
);

/**
 * A sentence written in capitals ("WE GOT MATCHED."): shouted, not a run of acronyms. Written
 * as a sentence, so "WE" reads as "we" (a single capitalized word, "OMG", "NYC", stays).
 */
export function unshout(content: string): string {
  return content.replace(/[^.!?\n]+[.!?]*/g, (part) => {
    const words = part.match(/\p{L}+/gu) ?? [];
    if (words.length < 2 || /\p{Ll}/u.test(part) || words.filter((w) => w.length > 1).length < 2) return part;
    // Short capitals that are no common word stay (NYC, PT, UK).
    const lower = part
      .replace(/\p{L}+/gu, (w) => (w.length > 3 || SHOUTED_SHORT.has(w.toLowerCase()) ? w.toLowerCase() : w))
      .replace(/\bi\b/g, "I")
      .replace(/\bi(['’])/g, "I$1");
    return lower.replace(/\p{L}/u, (c) => c.toUpperCase());
  });
}

/** "New mom here, my daughter…", "Nurse here:": who the user is, said before the statement. */
const ROLE_HERE = new RegExp(
  `(^|[.!?]\\s+)((?:(?:new|first-time|first time|proud|busy|single|working|stay-at-home|full-time|part-time|retired|former|long-?time|long[- ]haul|fellow|exhausted|tired|night[- ]shift|freelance|self-employed|independent|professional|wedding|\\d+-year-old|[a-z]+ing) )*(?:mom|mum|mama|dad|mother|father|parent|grandma|grandpa|grandmother|grandfather|runner|${ROLE_WORDS.join("|")}))\\s+here\\s*[,:—–-]\\s*(?=\\S)`,
  "giu",
);

/**
 * Chat that leaves out the verb: "16, junior in high school" (how old the user is, then what
 * they are), "3 months no cigarettes!" (how long they have gone without).
 */
function chatShorthand(content: string): string {
  return content
    .replace(AGE_THEN_ROLE, (_m, lead: string, age: string, article: string | undefined, next: string) => `${lead}I'm ${age}, ${article ?? (/^[aeiou]/i.test(next) ? "an " : "a ")}`)
    // "it's not peanuts, I'm allergic to cashews": a correction, said as the statement corrected.
    .replace(/(^|[.!?:]\s+)(?:it'?s|it’s|it is|that'?s|that’s|that is|that was) not ([^,.;!?]{1,40}),\s+(I(?:'m|’m| am)? [^.;!?]+)/gi, "$1$3, not $2")
    // "no meetings before 10am please, I'm useless in the morning": a request, then its reason.
    .replace(/(^|[.!?]\s+)[Nn]o ([^,.;!?]{2,40}?),?\s+(?:please|pls|plz)\b(?=\s*(?:[,!.]|$))[,!.]*(?:\s+|$)/g, (_m, lead: string, what: string) => `${lead}Please no ${what}. `)
    // "I'm a retired teacher, 68, living in Spokane": where the user lives is a statement of its
    // own (a move ends it, not who they are).
    .replace(/(^|[.!?]\s+)(I(?:'m|’m| am) [^.!?]+?),\s+(?:living|based|now living|now based) in (?=[A-Z])/g, "$1$2. I live in ")
    // "I'm an ER doctor, working nights mostly": the shift worked is a statement of its own too
    // (a move to days ends it, not who the user is).
    .replace(SHIFT_AFTER_WHO, "$1$2. I work $3")
    // "I'm Dana. 44, I manage a credit union branch": the age, then what the user says.
    .replace(/(^|[.!?]\s+)(\d{1,2}),\s+(?=I\s)/g, "$1I'm $2. ")
    // "Live in Boulder with my girlfriend": where the user lives.
    .replace(/(^|[.!?]\s+)[Ll]ive (in|with|near|outside) (?=[A-Z]|my\b|our\b)/g, "$1I live $2 ")
    // "Farm 600 acres of corn": what the user farms.
    .replace(/(^|[.!?]\s+)[Ff]arm (?=\d|a |an |corn|wheat|soy|cattle|dairy|organic|hay|cotton|rice|grapes|cherries|apples)/g, "$1I farm ")
    // "Bad allergy to bee stings, …": the user's allergy.
    .replace(/(^|[.!?]\s+)((?:bad|severe|serious|deadly|mild|major|life-threatening|nasty) )?(allergy|allergies) to\b/gi, (_m, lead: string, adj: string | undefined, noun: string) =>
      `${lead}I have ${noun.toLowerCase() === "allergy" ? (adj ? "a " : "an ") : ""}${adj?.toLowerCase() ?? ""}${noun.toLowerCase()} to`)
    // "I'm vegan, have been since college": the same subject goes on.
    .replace(/(^|[.!?]\s+)(I(?:'m|’m| am) [^,.;!?]+),\s+(?:have been|been)\b/g, "$1$2, I have been")
    .replace(GONE_WITHOUT, (_m, lead: string, n: string, unit: string, what: string) => `${lead}I've gone ${n} ${unit} without ${what}`);
}
const SHIFT_AFTER_WHO = new RegExp(
  `(^|[.!?]\\s+)(I(?:'m|’m| am) (?:[^.!?]|\\b(?:St|Mt|Dr|Mr|Mrs|Ms)\\.)+?),\\s+(?:working|on) ((?:mostly |only |just )?${SHIFT_WORD}(?: (?:mostly|now|these days|lately|again|for now|right now|this (?:week|month|year)))*)(?=\\s*(?:[.!?;,]|$))`,
  "gi",
);
/** "I work nights mostly" (as SHIFT_AFTER_WHO writes it). */
const WORK_SHIFT_STATEMENT = new RegExp(`^I work (?:mostly |only |just )?${SHIFT_WORD}\\b`);
const AGE_THEN_ROLE = new RegExp(`(^|[.!?]\\s+)(\\d{1,2}),\\s+(a |an )?(?=((?:[a-z-]+ ){0,2}(?:${ROLE_WORDS.join("|")}))\\b)`, "gi");
const GONE_WITHOUT =
  /(^|[.!?,;]\s+)(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several) (days?|weeks?|months?|years?) (?:no|without) ((?:a )?(?:cigarettes?|smoking|smokes|alcohol|drinks?|drinking|booze|vaping|weed|sugar|caffeine|coffee|gambling|social media))\b/gi;

function rolesHere(content: string): string {
  return content.replace(ROLE_HERE, (_m, pre: string, role: string) => {
    const r = role.toLowerCase();
    return `${pre}I'm ${/^[aeiou]/.test(r) ? "an" : "a"} ${r}. `;
  }).replace(/(I'm an? [^.]+\. )([a-z])/g, (_m, said: string, c: string) => `${said}${c.toUpperCase()}`);
}

/**
 * A question that only offers help ("Hey Jordan! What can I help with?"): a statement of the
 * user's own after it is news, not an answer that needs the question quoted.
 */
const HELP_OFFER = /^(?:\S+\s+)?(?:so,?\s+)?(?:what|how) (?:can|could|may|should) (?:i|we) (?:help|assist)(?: you)?(?: with)?(?: today| now)?\?$/i;

/** "i have ADHD so pls keep answers short" (or "so short answers pls"): the reason, then a standing request. */
const SO_REQUEST = /^(.+?),?\s+so\s+((?:please|pls|plz|kindly)\s+.+|(?!(?:please|pls|plz|kindly)\b).+?\s+(?:please|pls|plz)[.!]*)$/i;

/** The request after "so": "pls keep answers short" → "asks to keep answers short"; "short answers pls" → "asks for short answers". */
function soRequestFact(request: string, subject: Subject): string | null | undefined {
  const trailing = /^(?!(?:please|pls|plz|kindly)\b)(.+?)\s+(?:please|pls|plz)[.!]*$/i.exec(request.trim());
  const asked = requestToFact(capitalized(trailing ? `please ${trailing[1]}` : request), subject);
  if (asked !== undefined || !trailing) return asked;
  // A thing asked for, not an act ("short answers"): what the user asks for.
  return wordCount(trailing[1]!) <= 6 && !FIRST_PERSON_ANY.test(trailing[1]!) ? `${subject.name ?? "User"} asks for ${trailing[1]}` : undefined;
}

/** Extracts the facts of one user message (empty when it is all filler). */
export function extractFromUserMessage(
  message: ConversationMessage,
  previous: ConversationMessage | null,
  subject: Subject,
  /** The user's own message before `previous`, when `previous` answered it. */
  before: ConversationMessage | null = null,
  /** The user's messages of the session before `before` (newest first). */
  earlier: ConversationMessage[] = [],
): ExtractedFact[] {
  const sentences = splitSentences(resolveThirdPerson(chatShorthand(rolesHere(unshout(message.content))), before, previous, subject.name, earlier));
  if (sentences.length === 0) return [];
  // "we" in a sentence that says nothing of who: the message's and the answered turn's words do.
  subject = { ...subject, we: weContext(`${previous?.content ?? ""} ${message.content}`) };
  let kept = sentences.filter((s) => !isFiller(s));
  const prevQuestion = previous !== null && previous.content.includes("?");
  if (kept.length === 0) {
    // "Amazing!" answering "How was the concert?" still says something.
    if (!prevQuestion || !isEvaluative(message.content)) return [];
    kept = sentences;
  }

  const original = kept.join(" ");
  const words = wordCount(original);
  // "No more walker, I'm walking on my own again", "no raw fish for me now" after a remark: "no"
  // as a determiner opens news of the user's own, not a reply ("No, it was time" is one).
  const determinerNo = !prevQuestion && /^no\s+(?!(?:i|i'm|i’m|im|we|it|it's|it’s|its|that|that's|this|not|thanks|thank|way|idea|problem|worries|clue|kidding|sir|yet|just|but|actually|really|well|because|he|she|they|you|one|sorry|never|nope|no)\b)[a-z]/i.test(original.trim());
  const startsAsReply = (REPLY_START.has(firstWord(original)) && !determinerNo) || REPLY_PHRASE.test(original.trim());
  // After a statement (not a question), a short message needs it when it says nothing of the
  // user's own ("That works for me" does; "Our daughter Elsa turns 6 next month" does not).
  const ownStatement = FIRST_PERSON_SUBJECT.test(original) || (words >= OWN_STATEMENT_WORDS && OWN.test(original)) || hasImplicitSubject(capitalized(stripOpeners(kept[0]!)));
  // An offer the message neither takes nor declines ("Want some vegan recipes?" … "shipped the
  // migration two weeks early"): the message is news of its own.
  const offered = previous ? splitSentences(previous.content).filter((x) => x.trim().endsWith("?")) : [];
  const passesOffer =
    offered.length > 0 &&
    offered.every((x) => OFFER.test(x.trim())) &&
    !startsAsReply &&
    !YES_NO_ANSWER.test(original) &&
    !/^(?:thanks|thank you|sounds|that|it|this)\b/i.test(original.trim()) &&
    !POINTS_BACK.test(kept[0]!) &&
    !/\bthere\b/i.test(kept[0]!) &&
    words >= OWN_STATEMENT_WORDS;
  // News about someone or something named that the turn before did not name ("Blue Door pulled
  // out, …" after "Balance is hard when running a business."): a statement of its own.
  // After a question too, when the message goes on with news of the user's own ("How's the new
  // place?" → "Biscuit retired, he's 10 now. My new service dog is Juniper"): not its answer.
  const named =
    !startsAsReply &&
    previous !== null &&
    namedOpening(kept[0]!, previous.content) &&
    (!prevQuestion || (kept.length > 1 && kept.slice(1).some((x) => FIRST_PERSON_ANY.test(x))));
  // A standing request ("Please always email me drafts") is a preference whatever came before.
  const standing = typeof requestToFact(stripOpeners(kept[0]!), subject) === "string";
  const offeredHelp = previous !== null && (() => {
    const qs = splitSentences(previous.content).filter((x) => x.trim().endsWith("?"));
    return qs.length > 0 && qs.every((x) => HELP_OFFER.test(x.trim()));
  })();
  const needsContext =
    previous !== null &&
    !passesOffer &&
    !(offeredHelp && !startsAsReply && FIRST_PERSON_SUBJECT.test(kept[0]!) && !isFragment(stripOpeners(kept[0]!))) &&
    !named &&
    !standing &&
    !TOPIC_MARKER.test(kept[0]!.trim()) &&
    !(determinerNo && FIRST_PERSON_ANY.test(original)) &&
    (startsAsReply ||
      (words <= SHORT_REPLY_WORDS && (prevQuestion || (!ownStatement && answersRemark(original, previous.content)))) ||
      (prevQuestion && POINTS_BACK.test(stripOpeners(kept[0]!))) ||
      (prevQuestion && isFragment(stripOpeners(kept[0]!))));
  if (!needsContext && isBareReply(original)) return []; // "Yes!" with nothing to attach it to

  // Sentences as third-person facts: questions and remarks about the other person are dropped,
  // standing requests become preferences, sentences without a person join their neighbours.
  const units: string[] = [];
  /** The reply was only "yes" to a remark: the first unit is the user's news, no reply. */
  let ownNews = false;
  let pending: string[] = [];
  let replyBody: string[] = [];
  const remarks: string[] = [];
  let marker: string | null = null;
  // A turn that asked two things ("How does it feel? Also, do you have any pets?") may be
  // answered in two parts: a later "yes / yup / no …" answers its yes-no question.
  const asked = previous ? splitSentences(previous.content).filter((x) => x.trim().endsWith("?")) : [];
  const yesNoQuestion = [...asked].reverse().find((x) => YES_NO_QUESTION.test(x.trim())) ?? null;
  const otherQuestion = asked.filter((x) => x !== yesNoQuestion).at(-1) ?? null;
  /** The question a unit answers, when it is not the message's first (index → question). */
  const answers = new Map<number, string>();
  let startAnswer: string | null = null;
  /** Units nothing more joins (a fragment that answers the question). */
  const closed = new Set<number>();
  kept.flatMap(splitClauses).forEach((raw, i) => {
    if (i > 0 && yesNoQuestion && otherQuestion && YES_NO_ANSWER.test(raw.trim()) && (units.length || pending.length || replyBody.length)) {
      if (replyBody.length) {
        units.unshift(replyBody.join(" "));
        replyBody = [];
      }
      if (pending.length) {
        const rest = pending.join(" ");
        pending = [];
        if (units.length > 0) units[units.length - 1] += ` ${rest}`;
        else if (wordCount(rest) >= 4) {
          // What came before the "yes" answers the turn's other question.
          if (!needsContext) answers.set(0, otherQuestion);
          units.push(rest);
        }
      }
      startAnswer = yesNoQuestion;
    }
    // Said to someone by name and not about the user ("Maria, that photo looks awesome."): a remark.
    const vocative = VOCATIVE.exec(raw.trim());
    if (
      vocative &&
      !(needsContext && i === 0) &&
      !FIRST_PERSON_ANY.test(raw) &&
      !NOT_ADDRESSEES.has(vocative[1]!.toLowerCase()) &&
      !REPLY_START.has(vocative[1]!.toLowerCase()) &&
      !BARE_WORDS.has(vocative[1]!.toLowerCase()) &&
      vocative[1] !== subject.name &&
      isAddress(raw.trim().slice(vocative[0].length)) &&
      !isFiller(raw.trim().slice(vocative[0].length))
    ) {
      remarks.push(resolveRelativeDates(toThirdPerson(stripOpeners(raw), subject), message.timestamp));
      return;
    }
    let sentence = withoutOwnName(stripOpeners(raw), subject);
    if (isSelfIntroduction(sentence, subject)) return;
    // "Cilantro? It tastes like soap." — a bare topic question names what the next sentence is about.
    if (TOPIC_MARKER.test(sentence.trim())) {
      marker = sentence.trim().replace(/\?+$/, "");
      return;
    }
    if (marker) {
      sentence = `${marker}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
      marker = null;
    }
    // While a reply to a question is being built, what follows the opening answers it (advice
    // in the imperative included: "Got any tips?" → "Do your research…").
    const answering = needsContext && prevQuestion && units.length === 0 && !isQuestion(sentence);
    const soRequest = answering ? null : SO_REQUEST.exec(sentence.trim());
    const reason = soRequest && (FIRST_PERSON_SUBJECT.test(soRequest[1]!) || /\b(?:my|our)\b/i.test(soRequest[1]!)) ? soRequestFact(soRequest[2]!, subject) : undefined;
    const request = answering ? undefined : requestToFact(sentence, subject);
    let kind: SentenceKind;
    let text: string;
    if (soRequest && typeof reason === "string") {
      kind = "user";
      text = `${toThirdPerson(soRequest[1]!, subject)}, so ${reason}`;
    } else if (request !== undefined && request !== null) {
      kind = "user";
      text = request;
    } else {
      kind = request === null ? "drop" : kindOf(sentence);
      if (kind === "drop" && answering) kind = "neutral";
      // In a reply, the opening words answer the turn before ("Yes, …", "Both!").
      if (kind === "drop" && !(needsContext && i === 0 && !isQuestion(sentence))) {
        remarks.push(resolveRelativeDates(toThirdPerson(sentence, subject), message.timestamp));
        return;
      }
      // A short reaction before the user's own news ("Good! My husband …") is not a fact.
      if (kind === "neutral" && !needsContext && units.length === 0 && pending.length === 0 && wordCount(sentence) <= 3) return;
      text = toThirdPerson(sentence, subject);
    }
    text = resolveRelativeDates(text, message.timestamp);
    if (startAnswer !== null) {
      answers.set(units.length, startAnswer);
      units.push(text);
      startAnswer = null;
      return;
    }
    if (needsContext && units.length === 0) {
      // "yes so much. also we're buying a house" after a remark: the bare reply answers nothing
      // asked, and the user's news is a statement of its own.
      if (!prevQuestion && kind === "user" && replyBody.length > 0 && replyBody.every((r) => wordCount(r) <= 4 && !FIRST_PERSON_ANY.test(r) && !POINTS_BACK_EARLY.test(r) && (isBareReply(r) || isFiller(r) || isEvaluative(r) || YES_NO_ANSWER.test(r))) && FIRST_PERSON_ANY.test(raw)) {
        replyBody = [];
        closed.add(units.length);
        units.push(text);
        ownNews = true;
        return;
      }
      replyBody.push(text);
      // A fragment answering the question ("Mostly my garden.") is the reply; the user's news
      // after it is a fact of its own unless it points back at it ("I spend hours there").
      if (i === 0 && prevQuestion && isFragment(sentence)) {
        const next = kept.flatMap(splitClauses)[1];
        if (next === undefined || !POINTS_BACK_EARLY.test(next.split(/\s+/).slice(0, 5).join(" "))) {
          units.push(replyBody.join(" "));
          replyBody = [];
          closed.add(0);
          return;
        }
      }
      if (kind === "user") {
        units.push(replyBody.join(" "));
        replyBody = [];
      }
      return;
    }
    if (kind === "user") {
      const last = units[units.length - 1];
      // The shift the user works is a fact of its own even after a short one (a move to days ends it alone).
      if (last !== undefined && !closed.has(units.length - 1) && last.length < MIN_UNIT_CHARS && last.length + text.length < MAX_UNIT_CHARS && !WORK_SHIFT_STATEMENT.test(sentence.trim())) {
        units[units.length - 1] = `${last} ${[...pending, text].join(" ")}`;
      } else {
        units.push([...pending, text].join(" "));
      }
      pending = [];
    } else if (units.length > 0 && !closed.has(units.length - 1) && units[units.length - 1]!.length + text.length < MAX_UNIT_CHARS) {
      units[units.length - 1] += ` ${text}`;
    } else {
      pending.push(text);
    }
  });
  if (replyBody.length) {
    units.unshift(replyBody.join(" "));
    for (const [k, q] of [...answers].reverse()) {
      answers.delete(k);
      answers.set(k + 1, q);
    }
  }
  if (pending.length) {
    const rest = pending.join(" ");
    if (units.length > 0) units[units.length - 1] += ` ${rest}`;
    else if (wordCount(rest) >= 4) units.push(rest);
  }
  const speaker = subject.name ?? "User";
  /** A reply with the question it answers, and the ids it is learned from. */
  const withQuestion = (reply: string, question: string, asksQuestion: boolean): ExtractedFact => {
    const quoted = resolveRelativeDates(question, previous!.timestamp);
    const body = REPLY_START.has(firstWord(reply)) ? reply[0]!.toLowerCase() + reply.slice(1) : reply;
    // A question about what the user had just said or shown ("What inspired it?") is understood
    // only with that message: the reply is learned from all three.
    const earlier = asksQuestion && before && asksAboutEarlier(question) ? [before.id] : [];
    return {
      text: `${asksQuestion ? "Asked" : "Replying to"} "${quoted}", ${speaker} said: ${body}`,
      sourceIds: previous!.id === message.id ? [message.id] : [...new Set([...earlier, previous!.id, message.id])],
      occurredAt: message.timestamp,
    };
  };
  const chunks: { text: string; answers: string | null }[] = units.flatMap((u, k) =>
    (u.length > MAX_FACT_CHARS ? chunkSentences(splitSentences(u), MAX_FACT_CHARS) : [u]).map((text, j) => ({ text, answers: j === 0 ? (answers.get(k) ?? null) : null })),
  );
  // What the user said that is not about them (questions, remarks about the other person) is
  // kept as a searchable remark, outside the user model.
  const remarkFacts: ExtractedFact[] = chunkSentences(remarks, MAX_FACT_CHARS).map((text) => ({
    text,
    sourceIds: [message.id],
    occurredAt: message.timestamp,
    kind: "remark",
  }));
  if (chunks.length === 0) return remarkFacts;
  const facts: ExtractedFact[] = chunks.map((c) =>
    c.answers !== null && previous ? withQuestion(c.text, c.answers.trim(), true) : { text: capitalized(c.text), sourceIds: [message.id], occurredAt: message.timestamp },
  );
  if (needsContext && previous && !chunks[0]!.answers && !ownNews) {
    const turn = compactTurn(previous.content);
    // With a second answer of its own, the first answers the turn's other question.
    const question = [...answers.values()].includes(yesNoQuestion ?? "") && otherQuestion ? otherQuestion.trim() : turn.text;
    facts[0] = withQuestion(facts[0]!.text, question, turn.question);
  }
  facts.push(...remarkFacts);
  return facts;
}

/** A fact starts as a sentence does, also from someone who writes in lowercase ("bullet points work best for Dev"). */
function capitalized(text: string): string {
  return /^[a-z]+(?![\p{L}\p{N}])/u.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Lowercase, punctuation stripped, whitespace collapsed: equal texts are the same memory. */
export function normalizeFactText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}\s]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function createOfflineExtractor(): MemoryExtractor {
  return {
    name: OFFLINE_EXTRACTOR_NAME,

    async extract(input: ExtractionInput): Promise<ExtractedFact[]> {
      const subject: Subject = { name: firstName(input.userName) };
      const all = [...input.context, ...input.messages];
      const offset = input.context.length;
      const facts: ExtractedFact[] = [];
      for (let i = 0; i < input.messages.length; i++) {
        const message = input.messages[i]!;
        if (message.role !== "user") continue;
        const prev = previousTurn(all, offset + i);
        facts.push(...extractFromUserMessage(message, prev?.turn ?? null, subject, prev?.before ?? null, prev?.earlier ?? []));
      }
      return facts;
    },

    async reconcile(facts: ExtractedFact[], existing: ExistingMemory[]): Promise<ReconcileDecision[]> {
      const known = new Map<string, string>();
      for (const m of existing) {
        const key = normalizeFactText(m.text);
        if (!known.has(key)) known.set(key, m.id);
      }
      const seen = new Set<string>();
      return facts.map((fact): ReconcileDecision => {
        const key = normalizeFactText(fact.text);
        const memoryId = known.get(key);
        if (memoryId !== undefined) return { action: "NONE", memoryId, fact };
        if (seen.has(key)) return { action: "NONE", fact };
        seen.add(key);
        return { action: "ADD", fact };
      });
    },
  };
}
