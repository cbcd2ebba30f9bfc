import type { FactEntity, Salience, TopicKey } from "@/server/memory/facts/taxonomy";

export type MessageRole = "user" | "assistant" | "system" | "tool";

export interface ConversationMessage {
  /** The client's message id when it sent one, else Pio's server id (`msg_…`). */
  id: string;
  role: MessageRole;
  content: string;
  timestamp: Date;
}

export interface ExtractionInput {
  /** The end user's name from their traits (e.g. "Ash Lewis"), or null when unknown. */
  userName: string | null;
  /** The new messages to extract from, oldest first. */
  messages: ConversationMessage[];
  /** Earlier messages of the same user for context (oldest first); never extracted from again. */
  context: ConversationMessage[];
}

/** An atomic fact about the user, in the third person, with the ids it came from. */
export interface ExtractedFact {
  text: string;
  sourceIds: string[];
  /** When the fact was stated (the latest source message's timestamp). */
  occurredAt: Date;
  /**
   * "fact" (default): something about the user, part of the user model. "remark": something the
   * user said that is not about them (a question, a remark about the other person): searchable,
   * never presented as a fact about the user.
   */
  kind?: "fact" | "remark";
  /** Filled by an LLM extractor when it gives them; offline analysis fills what is missing. */
  topic?: TopicKey;
  salience?: Salience;
  entities?: FactEntity[];
  /** When the fact holds from, when the extractor knows it. */
  validFrom?: Date;
}

export interface ExistingMemory {
  id: string;
  text: string;
  sourceIds: string[];
}

export type ReconcileDecision =
  | { action: "ADD"; fact: ExtractedFact }
  /** Replace the memory's text (the fact's sourceIds are added to the memory's). */
  | { action: "UPDATE"; memoryId: string; text: string; fact: ExtractedFact }
  /** The fact contradicts the memory and the memory is no longer true. */
  | { action: "DELETE"; memoryId: string; fact: ExtractedFact }
  /** Already known: nothing new (when memoryId is set, the fact's sourceIds join that memory's). */
  | { action: "NONE"; memoryId?: string; fact: ExtractedFact };

export interface MemoryExtractor {
  readonly name: string;
  extract(input: ExtractionInput): Promise<ExtractedFact[]>;
  /**
   * Decides for each new fact against `existing`, the union of the memories most similar to
   * the facts. Returns exactly one decision per fact, in order.
   */
  reconcile(facts: ExtractedFact[], existing: ExistingMemory[]): Promise<ReconcileDecision[]>;
}
