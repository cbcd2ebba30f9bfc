import { resolveRelativeDates } from "./dates";
import { isBareReply, isEvaluative, isFiller, splitSentences } from "./sentences";
import { firstName, toThirdPerson, type Subject } from "./third-person";
import type {
  ConversationMessage,
  ExistingMemory,
  ExtractedFact,
  ExtractionInput,
  MemoryExtractor,
  ReconcileDecision,
} from "./types";

/**
 * Offline extraction (no model): one fact per user message, its non-filler sentences
 * rewritten in the third person, relative dates resolved, short replies prefixed with the
 * turn they answer. Deterministic and fast; see `createOfflineExtractor`.
 */

export const OFFLINE_EXTRACTOR_NAME = "offline-v1";

/** Facts longer than this are split at sentence boundaries. */
export const MAX_FACT_CHARS = 400;
/** Length of the quoted previous turn in a short reply's context prefix. */
const MAX_CONTEXT_CHARS = 160;
const SHORT_REPLY_WORDS = 12;
/** How many user messages may sit between a reply and the assistant turn it answers. */
const MAX_USER_GAP = 2;

/** Replies starting with these only make sense with the turn they answer. */
const REPLY_START = new Set(
  `yes yeah yep yup yea ya no nope nah sure definitely exactly totally absolutely certainly
  correct right true agreed ok okay indeed that that's thats it it's its they they're theyre
  this those these both same neither either`.split(/\s+/),
);

const FIRST_PERSON_SUBJECT = /\b(i|i'm|i’m|im|i've|i’ve|i'd|i’d|i'll|i’ll)\b/i;

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

/** The assistant turn a user message answers: the nearest earlier assistant message. */
function previousTurn(all: ConversationMessage[], index: number): ConversationMessage | null {
  let userGap = 0;
  for (let i = index - 1; i >= 0; i--) {
    const m = all[i]!;
    if (m.role === "assistant") return m.content.trim() ? m : null;
    if (m.role === "user" && ++userGap > MAX_USER_GAP) return null;
  }
  return null;
}

/** Extracts the facts of one user message (empty when it is all filler). */
export function extractFromUserMessage(
  message: ConversationMessage,
  previous: ConversationMessage | null,
  subject: Subject,
): ExtractedFact[] {
  const sentences = splitSentences(message.content);
  if (sentences.length === 0) return [];
  let kept = sentences.filter((s) => !isFiller(s));
  const prevQuestion = previous !== null && previous.content.includes("?");
  if (kept.length === 0) {
    // "Amazing!" answering "How was the concert?" still says something.
    if (!prevQuestion || !isEvaluative(message.content)) return [];
    kept = sentences;
  }

  const original = kept.join(" ");
  const words = wordCount(original);
  const startsAsReply = REPLY_START.has(firstWord(original));
  const needsContext =
    previous !== null &&
    (startsAsReply || (words <= SHORT_REPLY_WORDS && (prevQuestion || !FIRST_PERSON_SUBJECT.test(original))));
  if (!needsContext && isBareReply(original)) return []; // "Yes!" with nothing to attach it to

  const rewritten = kept.map((s) => resolveRelativeDates(toThirdPerson(s, subject), message.timestamp));
  const chunks = chunkSentences(rewritten, MAX_FACT_CHARS);
  const facts: ExtractedFact[] = chunks.map((text) => ({
    text,
    sourceIds: [message.id],
    occurredAt: message.timestamp,
  }));

  if (needsContext && previous && facts.length > 0) {
    const turn = compactTurn(previous.content);
    const quoted = resolveRelativeDates(turn.text, previous.timestamp);
    const speaker = subject.name ?? "User";
    let reply = facts[0]!.text;
    if (REPLY_START.has(firstWord(reply))) reply = reply[0]!.toLowerCase() + reply.slice(1);
    facts[0] = {
      text: `${turn.question ? "Asked" : "Replying to"} "${quoted}", ${speaker} said: ${reply}`,
      sourceIds: previous.id === message.id ? [message.id] : [previous.id, message.id],
      occurredAt: message.timestamp,
    };
  }
  return facts;
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
        facts.push(...extractFromUserMessage(message, previousTurn(all, offset + i), subject));
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
