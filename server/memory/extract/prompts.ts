import type { ConversationMessage, ExistingMemory } from "./types";

/**
 * Prompts of the LLM extractor. Fixed strings and pure builders: the same input always gives
 * the same prompt (deterministic requests, cacheable by providers, stable in tests).
 */

export const EXTRACT_SYSTEM = `You extract long-term memories about a user from their conversation with an AI agent.

Return JSON: {"facts": [{"text": "...", "source_ids": ["..."], "topic": "...", "salience": "...", "entities": [...], "valid_from": "YYYY-MM-DD"}]}

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
- Never store what the assistant said as the user's fact, never store a question as a fact.
- topic: one of identity, work, people, family, health, food, schedule, communication, goals, interests, travel, finances, events, other.
- salience: "safety" for allergies, medical needs, dietary restrictions and accessibility needs (the user's or their family's); "identity" for stable facts about who they are (where they live, job, family, identity); "preference" for likes, dislikes, habits and how they want to be treated; "event" for things that happened or will happen.
- entities: the people (with "relation" to the user, e.g. "cofounder", "daughter"), places and organizations the fact names: [{"name": "Sarah Chen", "type": "person", "relation": "cofounder"}]; "name" may be null for an unnamed relation ("her husband").
- valid_from: the date from which the fact holds (the event's date, or the message date).
- If there is nothing worth remembering, return {"facts": []}.

Examples:

Name: Ash Lewis
New messages:
[m1] assistant 2023-01-20T18:00:00.000Z: Any plans for dinner?
[m2] user 2023-01-20T18:01:00.000Z: Yeah, sushi again haha. I basically never eat before 9pm. Thanks!
Answer: {"facts": [{"text": "Ash plans to have sushi for dinner on 20 January 2023", "source_ids": ["m1", "m2"], "topic": "food", "salience": "event", "entities": [], "valid_from": "2023-01-20"}, {"text": "Ash basically never eats dinner before 9pm", "source_ids": ["m2"], "topic": "schedule", "salience": "preference", "entities": [], "valid_from": "2023-01-20"}]}

Name: unknown
New messages:
[a7] user 2024-03-04T09:00:00.000Z: hey! how are you?
Answer: {"facts": []}

Name: Jon
New messages:
[D1:3] user 2023-01-20T13:56:00.000Z: Lost my job as a banker yesterday, so I'm gonna start my own business: a dance studio.
Answer: {"facts": [{"text": "Jon worked as a banker and lost that job on 19 January 2023", "source_ids": ["D1:3"], "topic": "work", "salience": "identity", "entities": [], "valid_from": "2023-01-19"}, {"text": "Jon plans to start a dance studio as a business", "source_ids": ["D1:3"], "topic": "goals", "salience": "event", "entities": [], "valid_from": "2023-01-20"}]}

Name: Ash Lewis
New messages:
[m9] user 2025-09-02T18:00:00.000Z: My cofounder Sarah Chen runs engineering. Also our daughter Sofia is celiac.
Answer: {"facts": [{"text": "Ash's cofounder Sarah Chen runs engineering", "source_ids": ["m9"], "topic": "work", "salience": "identity", "entities": [{"name": "Sarah Chen", "type": "person", "relation": "cofounder"}], "valid_from": "2025-09-02"}, {"text": "Ash's daughter Sofia has celiac disease", "source_ids": ["m9"], "topic": "health", "salience": "safety", "entities": [{"name": "Sofia", "type": "person", "relation": "daughter"}], "valid_from": "2025-09-02"}]}`;

export const RECONCILE_SYSTEM = `You keep a user's memory up to date. You get the user's existing memories (each with an id) and new facts (numbered). For each new fact, decide one action:

- "ADD": new information that no existing memory contains.
- "UPDATE": the fact is about the same thing as an existing memory and refines, corrects or adds to it. Give "memory_id" and "text": the merged memory, keeping every detail that is still true (names, dates, numbers).
- "DELETE": the fact shows that an existing memory is no longer true (e.g. "User no longer has a car" against "User drives a red Toyota"; a move, a new job, a changed diet or relationship). Give "memory_id". The old memory is kept as history and the new fact is stored; prefer UPDATE when the fact refines the memory rather than replacing it.
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
