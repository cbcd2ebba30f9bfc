import type { ConversationMessage, ExistingMemory } from "./types";

/**
 * Prompts of the LLM extractor. Fixed strings and pure builders: the same input always gives
 * the same prompt (deterministic requests, cacheable by providers, stable in tests).
 */

export const EXTRACT_SYSTEM = `You extract long-term memories about a user from their conversation with an AI agent.

Return JSON: {"facts": [{"text": "...", "source_ids": ["..."]}]}

Rules:
- Extract only from the NEW messages. Earlier messages are context to understand them.
- Only facts about the user worth remembering in later conversations: identity, preferences, likes and dislikes, habits, relationships, people and pets in their life, work, projects, plans, goals, events they lived, opinions, constraints (allergies, budget, schedule), how they like to be answered.
- Skip greetings, thanks, small talk, questions that reveal nothing, and anything about the assistant itself.
- Each fact is atomic (one piece of information) and self-contained: third person, using the user's first name when it is known, otherwise "User"; no pronouns that need the conversation to be understood.
- Keep names, numbers, dates, times, prices and places exactly as written.
- Resolve relative dates ("yesterday", "last week", "next Friday") against the timestamp of the message and add the absolute date, e.g. "on 19 January 2023".
- A short reply ("yes", "that one", "both") becomes a complete fact using the message it answers.
- Something the assistant said counts only if the user confirmed it.
- source_ids: the ids of the messages the fact comes from, copied exactly from the brackets (the user's message, plus the message it answers when needed).
- If there is nothing worth remembering, return {"facts": []}.

Examples:

Name: Ash Lewis
New messages:
[m1] assistant 2023-01-20T18:00:00.000Z: Any plans for dinner?
[m2] user 2023-01-20T18:01:00.000Z: Yeah, sushi again haha. I basically never eat before 9pm. Thanks!
Answer: {"facts": [{"text": "Ash plans to have sushi for dinner on 20 January 2023", "source_ids": ["m1", "m2"]}, {"text": "Ash basically never eats dinner before 9pm", "source_ids": ["m2"]}]}

Name: unknown
New messages:
[a7] user 2024-03-04T09:00:00.000Z: hey! how are you?
Answer: {"facts": []}

Name: Jon
New messages:
[D1:3] user 2023-01-20T13:56:00.000Z: Lost my job as a banker yesterday, so I'm gonna start my own business: a dance studio.
Answer: {"facts": [{"text": "Jon worked as a banker and lost that job on 19 January 2023", "source_ids": ["D1:3"]}, {"text": "Jon plans to start a dance studio as a business", "source_ids": ["D1:3"]}]}`;

export const RECONCILE_SYSTEM = `You keep a user's memory up to date. You get the user's existing memories (each with an id) and new facts (numbered). For each new fact, decide one action:

- "ADD": new information that no existing memory contains.
- "UPDATE": the fact is about the same thing as an existing memory and refines, corrects or adds to it. Give "memory_id" and "text": the merged memory, keeping every detail that is still true (names, dates, numbers).
- "DELETE": the fact shows that an existing memory is no longer true and the fact itself adds nothing else worth keeping (e.g. "User no longer has a car" against "User drives a red Toyota"). Give "memory_id". Prefer UPDATE when the fact states what is true now.
- "NONE": the fact is already known or not worth storing. Give "memory_id" of the memory that already contains it, if any.

Return JSON: {"decisions": [{"fact_index": 0, "action": "ADD"}, {"fact_index": 1, "action": "UPDATE", "memory_id": "2", "text": "..."}]}
Exactly one decision per new fact, every fact_index from the list exactly once. memory_id must be one of the ids of the existing memories.

Example:
Existing memories:
[0] Ash lives in Berlin
[1] Ash loves sushi
[2] Ash has a dog named Max
New facts:
0. Ash moved to Paris in March 2024
1. Ash loves sushi
2. Ash's dog Max is a 3-year-old beagle
3. Ash is learning Italian
Answer: {"decisions": [{"fact_index": 0, "action": "UPDATE", "memory_id": "0", "text": "Ash lives in Paris (moved from Berlin in March 2024)"}, {"fact_index": 1, "action": "NONE", "memory_id": "1"}, {"fact_index": 2, "action": "UPDATE", "memory_id": "2", "text": "Ash has a dog named Max, a 3-year-old beagle"}, {"fact_index": 3, "action": "ADD"}]}`;

/** Earlier messages shown as context (most recent ones), and the cut for each. */
export const MAX_CONTEXT_MESSAGES = 20;
export const MAX_CONTEXT_MESSAGE_CHARS = 1000;

function line(m: ConversationMessage, maxChars?: number): string {
  const content = m.content.replace(/\s+/g, " ").trim();
  const text = maxChars !== undefined && content.length > maxChars ? `${content.slice(0, maxChars)}…` : content;
  const ts = Number.isNaN(m.timestamp.getTime()) ? "unknown-time" : m.timestamp.toISOString();
  return `[${m.id}] ${m.role} ${ts}: ${text}`;
}

export function buildExtractUser(input: {
  userName: string | null;
  messages: ConversationMessage[];
  context: ConversationMessage[];
}): string {
  const parts: string[] = [];
  parts.push(`Name: ${input.userName?.trim() ? input.userName.trim() : "unknown"}`);
  const context = input.context.slice(-MAX_CONTEXT_MESSAGES);
  if (context.length > 0) {
    parts.push("Earlier messages (context only):");
    for (const m of context) parts.push(line(m, MAX_CONTEXT_MESSAGE_CHARS));
  }
  parts.push("New messages:");
  for (const m of input.messages) parts.push(line(m));
  parts.push("Answer:");
  return parts.join("\n");
}

export function buildReconcileUser(facts: { text: string }[], existing: ExistingMemory[]): string {
  const parts: string[] = ["Existing memories:"];
  existing.forEach((m, i) => parts.push(`[${i}] ${m.text.replace(/\s+/g, " ").trim()}`));
  parts.push("New facts:");
  facts.forEach((f, i) => parts.push(`${i}. ${f.text.replace(/\s+/g, " ").trim()}`));
  parts.push("Answer:");
  return parts.join("\n");
}
