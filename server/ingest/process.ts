import { and, asc, desc, eq, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { chooseDriver, getDb, type Database } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import { documentChunks, documents, endUsers, ingestions, memories, messages, searchIndex, type IngestionCounts } from "@/db/schema";
import type { Steps } from "@/inngest/define";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { newId } from "@/server/lib/ids";
import { safeErrorMessage } from "@/server/lib/log";
import { redactTextsForStorage } from "@/server/privacy/storage";
import { getExtractor } from "@/server/memory/extract";
import { firstName } from "@/server/memory/extract/third-person";
import { userDisplayName } from "@/server/profile/model";
import { analyzeFact, factEvents, type FactAnalysis, type Shift } from "@/server/memory/facts/analyze";
import { describeFact, planSupersessions, type FactEntity, type FactSlot, type Salience, type TopicKey } from "@/server/memory/facts";
import type { ConversationMessage, ExistingMemory, ExtractedFact, ReconcileDecision } from "@/server/memory/extract/types";
import { EXTRACTION_ACTOR, recordVersions } from "@/server/memory/history";
import { compactVector, textHash } from "@/server/memory/text";
import { chunkDocument, CONVERSATION_CHUNK_PREFIX, CONVERSATION_WEIGHT } from "./chunk-document";
import { itemOutcomes, type FactOutcome } from "./outcomes";
export { CONVERSATION_CHUNK_PREFIX, CONVERSATION_WEIGHT };
import { emptyCounts, speakerLabel, type IngestionJobData } from "./ingest";

/** Words that name each shift, for the facts another shift ends. */
const SHIFT_TERMS: Record<Shift, string> = { night: "night | overnight | graveyard", day: "day", evening: "evening", morning: "morning" };

/** JSON shapes of what travels between steps (Dates as ISO strings). */
interface MessageJson {
  id: string;
  role: ConversationMessage["role"];
  content: string;
  timestamp: string;
}
interface FactJson {
  text: string;
  sourceIds: string[];
  occurredAt: string;
  kind?: "fact" | "remark";
  topic?: TopicKey;
  salience?: Salience;
  entities?: FactEntity[];
  validFrom?: string;
}
/** A fact's model fields (see server/memory/facts), as they travel between steps. */
interface AnalysisJson {
  topic: TopicKey;
  salience: Salience;
  entities: FactEntity[];
  slot: FactSlot | null;
  validFrom: string;
}
interface DocJson {
  id: string;
  docId: string;
  title: string | null;
  documentType: string;
  content: string;
}
interface Loaded {
  userName: string | null;
  messages: MessageJson[];
  context: MessageJson[];
  documents: DocJson[];
}
/**
 * What to store for one fact. Nothing is deleted or overwritten: an UPDATE or DELETE of an
 * extractor adds the new fact and marks the old one superseded (history kept), as the offline
 * slot and negation rules do.
 */
type DecisionJson =
  | {
      action: "ADD";
      fact: FactJson;
      analysis: AnalysisJson;
      /** The extractor's verdict on the existing memory: UPDATE (merged text) or DELETE. */
      verdict?: "UPDATE" | "DELETE";
      /** Existing memories this fact supersedes. */
      supersedes: string[];
      /** Stored as history already: a newer fact (existing id, or another decision's index) wins. */
      supersededBy?: { id: string } | { index: number };
      /** Until when it held (the newer fact's date), when supersededBy is set. */
      validTo?: string;
    }
  | { action: "NONE"; memoryId?: string; fact: FactJson };

const CONTEXT_MESSAGES = 6;
const FACT_BATCH = 200;

const toMessage = (m: MessageJson): ConversationMessage => ({ ...m, timestamp: new Date(m.timestamp) });
const toFact = (f: FactJson): ExtractedFact => ({ ...f, occurredAt: new Date(f.occurredAt), validFrom: f.validFrom ? new Date(f.validFrom) : undefined });
const fromFact = (f: ExtractedFact): FactJson => ({
  text: f.text,
  sourceIds: f.sourceIds,
  occurredAt: f.occurredAt.toISOString(),
  ...(f.kind ? { kind: f.kind } : {}),
  ...(f.topic ? { topic: f.topic } : {}),
  ...(f.salience ? { salience: f.salience } : {}),
  ...(f.entities ? { entities: f.entities } : {}),
  ...(f.validFrom && !Number.isNaN(f.validFrom.getTime()) ? { validFrom: f.validFrom.toISOString() } : {}),
});

/**
 * Claims the ingestion. A finished one is not processed again: the same job can be delivered
 * twice (an event redelivered, two instances resuming pending work), and runs for one user
 * never overlap, so the second delivery finds it done and stops.
 */
async function loadIngestion(db: Database, data: IngestionJobData): Promise<Loaded | null> {
  const [row] = await db
    .update(ingestions)
    .set({ status: "processing", startedAt: new Date(), attempts: sql`${ingestions.attempts} + 1`, error: null, updatedAt: new Date() })
    .where(and(eq(ingestions.id, data.ingestionId), ne(ingestions.status, "done")))
    .returning();
  if (!row) return null;
  const [user] = await db.select({ traits: endUsers.traits }).from(endUsers).where(eq(endUsers.id, data.endUserId));
  if (!user) return null;
  const name = userDisplayName(user.traits);

  const fresh = await db
    .select()
    .from(messages)
    .where(eq(messages.ingestionId, data.ingestionId))
    .orderBy(asc(messages.timestamp), asc(messages.id));
  const first = fresh[0];
  const context = first
    ? await db
        .select()
        .from(messages)
        .where(and(eq(messages.endUserId, data.endUserId), ne(messages.ingestionId, data.ingestionId), lt(messages.timestamp, first.timestamp)))
        .orderBy(desc(messages.timestamp))
        .limit(CONTEXT_MESSAGES)
    : [];
  const asJson = (m: typeof messages.$inferSelect): MessageJson => ({
    id: m.clientId ?? m.id,
    role: m.role as MessageJson["role"],
    content: m.content,
    timestamp: m.timestamp.toISOString(),
  });
  const docs = await db
    .select({ id: documents.id, docId: documents.docId, title: documents.title, documentType: documents.documentType, content: documents.content })
    .from(documents)
    .where(eq(documents.ingestionId, data.ingestionId));
  return { userName: name, messages: fresh.map(asJson), context: context.reverse().map(asJson), documents: docs };
}

interface Candidate extends ExistingMemory {
  occurredAt: Date | null;
  validFrom: Date | null;
  kind: string;
  status: string;
}

/**
 * Existing memories a batch of facts is reconciled against: exact duplicates, full-text
 * neighbours (LLM), and the current facts a new fact could supersede (same slot, or the
 * statement it negates).
 */
async function candidatesFor(db: Database, endUserId: string, facts: FactJson[], subject: string | null): Promise<Candidate[]> {
  const found = new Map<string, Candidate>();
  const cols = {
    id: memories.id,
    text: memories.text,
    sourceIds: memories.sourceIds,
    occurredAt: memories.occurredAt,
    validFrom: memories.validFrom,
    kind: memories.kind,
    status: memories.status,
  };
  const hashes = facts.map((f) => textHash(f.text));
  const exact = await db.select(cols).from(memories).where(and(eq(memories.endUserId, endUserId), inArray(memories.textHash, hashes)));
  exact.forEach((m) => found.set(m.id, m));
  const current = and(eq(memories.endUserId, endUserId), eq(memories.status, "current"), eq(memories.kind, "fact"));
  const slots = [...new Set(facts.flatMap((f) => (f.kind === "remark" ? [] : [describeFact(toFact(f), subject).slot ?? []].flat())))];
  if (slots.length) {
    const rows = await db.select(cols).from(memories).where(and(current, inArray(memories.slot, slots))).orderBy(desc(memories.validFrom)).limit(200);
    rows.forEach((m) => found.set(m.id, m));
  }
  /** The newest current facts whose text matches a full-text query. */
  const matching = async (tsquery: SQL) => {
    const rows = await db
      .select(cols)
      .from(searchIndex)
      .innerJoin(memories, eq(memories.id, searchIndex.memoryId))
      .where(and(current, eq(searchIndex.endUserId, endUserId), sql`${searchIndex.tsv} @@ ${tsquery}`))
      .orderBy(desc(memories.validFrom))
      .limit(20);
    rows.forEach((m) => found.set(m.id, m));
  };
  for (const f of facts) {
    if (f.kind === "remark") continue;
    const e = factEvents(f.text, subject);
    // What a fact negates ("no longer drinks coffee"): every term.
    if (e.negated) await matching(sql`plainto_tsquery('english', ${e.negated.join(" ")})`);
    // A change said with "instead" ("… practice Wednesdays instead"): any of its terms.
    if (e.replaces) await matching(sql`websearch_to_tsquery('english', ${orQuery(e.replaces.join(" "))})`);
    // A breakup ("Tobias and Priya broke up"): the facts that name the partner.
    if (e.endsPartner) await matching(sql`plainto_tsquery('english', ${e.endsPartner})`);
    // A death ("Ranger passed away"): the facts that name who died.
    if (e.died) await matching(sql`plainto_tsquery('english', ${e.died})`);
    // A birth or a loss: the facts that say the user is pregnant.
    if (e.endsPregnancy) await matching(sql`to_tsquery('english', 'pregnant | expecting')`);
    // A new holder of a role ("new service dog"): the facts that name the role.
    if (e.newRole) await matching(sql`plainto_tsquery('english', ${e.newRole.role})`);
    // Another shift ("moved to days"): the facts that say a shift.
    // A recurring thing on new days ("clinicals moved to Mondays"): the facts that name it.
    if (e.reschedule) await matching(sql`plainto_tsquery('english', ${e.reschedule.thing})`);
    if (e.shift) await matching(sql`to_tsquery('english', ${[...Object.entries(SHIFT_TERMS).filter(([k]) => k !== e.shift).map(([, t]) => t), "shift"].join(" | ")})`);
  }
  if (getExtractor().name.startsWith("llm")) {
    for (const f of facts) {
      const rows = await db
        .select(cols)
        .from(searchIndex)
        .innerJoin(memories, eq(memories.id, searchIndex.memoryId))
        .where(and(current, eq(searchIndex.endUserId, endUserId), sql`${searchIndex.tsv} @@ websearch_to_tsquery('english', ${orQuery(f.text)})`))
        .orderBy(sql`ts_rank(${searchIndex.tsv}, websearch_to_tsquery('english', ${orQuery(f.text)})) desc`)
        .limit(5);
      rows.forEach((m) => found.set(m.id, m));
    }
  }
  return [...found.values()];
}

/**
 * Facts come from redacted text, but an extractor (an LLM) may rephrase or name what it read
 * elsewhere: their text and the names and relations of their entities are redacted again, in
 * one batch, before they are stored.
 */
async function redactExtractedFacts(found: ExtractedFact[]): Promise<ExtractedFact[]> {
  const texts: string[] = [];
  const put = (t: string) => texts.push(t) - 1;
  const slots = found.map((f) => ({
    text: put(f.text),
    entities: f.entities?.map((e) => ({ name: e.name === null ? null : put(e.name), relation: e.relation === undefined ? undefined : put(e.relation) })),
  }));
  const clean = await redactTextsForStorage(texts);
  return found.map((f, i) => {
    const slot = slots[i]!;
    const entities = f.entities?.map((e, j) => {
      const s = slot.entities![j]!;
      return { ...e, name: s.name === null ? null : clean[s.name]!, ...(s.relation === undefined ? {} : { relation: clean[s.relation]! }) };
    });
    return { ...f, text: clean[slot.text]!, ...(entities ? { entities } : {}) };
  });
}

const toAnalysisJson = (a: FactAnalysis): AnalysisJson => ({
  topic: a.topic,
  salience: a.salience,
  entities: a.entities,
  slot: a.slot,
  validFrom: a.validFrom.toISOString(),
});

/**
 * The extractor's decisions as what to store: UPDATE and DELETE become a new fact that
 * supersedes the old one; then the slot and negation rules link new facts to the current facts
 * they supersede (or that supersede them, when older history arrives late).
 */
function planDecisions(decided: ReconcileDecision[], existing: Candidate[], subject: string | null): DecisionJson[] {
  const out: DecisionJson[] = [];
  const adds: { decision: number; analysis: FactAnalysis; fact: ExtractedFact }[] = [];
  for (const d of decided) {
    if (d.action === "NONE") {
      out.push(d.memoryId ? { action: "NONE", memoryId: d.memoryId, fact: fromFact(d.fact) } : { action: "NONE", fact: fromFact(d.fact) });
      continue;
    }
    const fact = d.action === "UPDATE" ? { ...d.fact, text: d.text } : d.fact;
    const analysis = describeFact(fact, subject);
    adds.push({ decision: out.length, analysis, fact });
    out.push({
      action: "ADD",
      fact: fromFact(fact),
      analysis: toAnalysisJson(analysis),
      supersedes: d.action === "UPDATE" || d.action === "DELETE" ? [d.memoryId] : [],
      ...(d.action === "UPDATE" || d.action === "DELETE" ? { verdict: d.action } : {}),
    });
  }
  const olds = existing
    .filter((m) => m.kind === "fact" && m.status === "current")
    .map((m) => {
      const said = m.occurredAt ?? new Date(0);
      const a = analyzeFact(m.text, { subject, saidAt: said });
      return { id: m.id, text: m.text, slot: a.slot, slotValue: a.slotValue, negates: a.negates, at: (m.validFrom ?? a.validFrom).getTime(), said: said.getTime() };
    });
  const news = adds.map(({ analysis, fact }) => {
    // A remark (not about the user) ends nothing.
    const e = fact.kind === "remark" ? null : factEvents(fact.text, subject);
    return {
      text: fact.text,
      slot: fact.kind === "remark" ? null : analysis.slot,
      slotValue: analysis.slotValue,
      negates: analysis.negates,
      replaces: e?.replaces ?? null,
      endsPartner: e?.endsPartner ?? null,
      died: e?.died ?? null,
      endsPregnancy: e?.endsPregnancy ? { subject } : null,
      newRole: e?.newRole ?? null,
      shift: e?.shift ?? null,
      reschedule: e?.reschedule ?? null,
      at: analysis.validFrom.getTime(),
      said: fact.occurredAt.getTime(),
    };
  });
  const plan = planSupersessions(news, olds);
  adds.forEach(({ decision }, i) => {
    const d = out[decision] as Extract<DecisionJson, { action: "ADD" }>;
    for (const id of plan.supersedes.get(i) ?? []) if (!d.supersedes.includes(id)) d.supersedes.push(id);
    const by = plan.supersededBy.get(i);
    if (by) {
      d.supersededBy = "id" in by ? by : { index: adds[by.index]!.decision };
      d.validTo = new Date("id" in by ? olds.find((o) => o.id === by.id)!.at : news[by.index]!.at).toISOString();
    }
  });
  return out;
}

/** "Ash loves sushi" → "Ash or loves or sushi" for websearch_to_tsquery (any word matches). */
function orQuery(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 24).join(" or ");
}

/** What a store step did: counts, and each fact's result with the messages it came from. */
type StoreTally = Pick<IngestionCounts, "memories_added" | "memories_updated" | "memories_deleted" | "memories_unchanged"> & {
  memories_superseded: number;
  facts: FactOutcome[];
};

async function storeDecisions(
  db: Database,
  data: IngestionJobData,
  extractor: string,
  model: string,
  decisions: DecisionJson[],
  vectors: number[][],
): Promise<StoreTally> {
  const tally: StoreTally = { memories_added: 0, memories_updated: 0, memories_deleted: 0, memories_unchanged: 0, memories_superseded: 0, facts: [] };
  let v = 0;
  const now = new Date();
  await db.transaction(async (tx) => {
    const inserts: (typeof memories.$inferInsert)[] = [];
    const searchRows: (typeof searchIndex.$inferInsert)[] = [];
    const scope = {
      workspaceId: data.workspaceId,
      environment: data.environment as "sandbox" | "live",
      endUserId: data.endUserId,
    };
    // Source ids to add to stored memories (and their search rows), merged in one statement.
    const merges = new Map<string, Set<string>>();
    const mergeInto = (memoryId: string, ids: string[]) => {
      const set = merges.get(memoryId) ?? new Set<string>();
      ids.forEach((x) => set.add(x));
      merges.set(memoryId, set);
    };
    // A step can run twice (its answer lost on the way to Inngest, or a retry after the
    // commit): a fact already stored as a memory of this user is not added again.
    const hashes = decisions.map((d) => (d.action === "ADD" ? textHash(d.fact.text) : null));
    const addHashes = hashes.filter((h): h is string => h !== null);
    const stored = new Map<string, { id: string; ingestionId: string | null }>();
    for (let i = 0; i < addHashes.length; i += 1000) {
      const rows = await tx
        .select({ id: memories.id, textHash: memories.textHash, ingestionId: memories.ingestionId })
        .from(memories)
        .where(and(eq(memories.endUserId, data.endUserId), inArray(memories.textHash, addHashes.slice(i, i + 1000))));
      for (const r of rows) stored.set(r.textHash, r);
    }
    // Every ADD's memory id first (a stored one, the batch's first of the same text, or new):
    // supersession links may point at a later decision.
    const firstOfHash = new Map<string, number>();
    const ids = decisions.map((d, i) => {
      const hash = hashes[i];
      if (d.action !== "ADD" || !hash) return null;
      const already = stored.get(hash);
      if (already) return already.id;
      const first = firstOfHash.get(hash);
      if (first !== undefined) return null; // resolved below to the first one's id
      firstOfHash.set(hash, i);
      return newId("mem");
    });
    decisions.forEach((d, i) => {
      if (d.action === "ADD" && ids[i] === null) ids[i] = ids[firstOfHash.get(hashes[i]!)!]!;
    });
    const supersede: { ids: string[]; by: string; at: Date }[] = [];
    const queued = new Map<string, { memory: typeof memories.$inferInsert; search: typeof searchIndex.$inferInsert }>();
    for (const [i, d] of decisions.entries()) {
      if (d.action !== "ADD") continue;
      const id = ids[i]!;
      const hash = hashes[i]!;
      const validFrom = new Date(d.analysis.validFrom);
      if (d.supersedes.length) supersede.push({ ids: d.supersedes, by: id, at: validFrom });
      const already = stored.get(hash);
      const pending = queued.get(hash);
      if (already || pending) {
        v++; // its vector is not needed
        if (already) {
          mergeInto(already.id, d.fact.sourceIds);
        } else {
          const merged = [...new Set([...(pending!.memory.sourceIds ?? []), ...d.fact.sourceIds])];
          pending!.memory.sourceIds = merged;
          pending!.search.sourceIds = merged;
        }
        // Stored by this very ingestion (the step ran before): it still counts as added.
        if (already?.ingestionId === data.ingestionId) {
          tally.memories_added++;
          tally.facts.push({ sourceIds: d.fact.sourceIds, result: "added" });
        } else {
          tally.memories_unchanged++;
          tally.facts.push({ sourceIds: d.fact.sourceIds, result: "unchanged" });
        }
        continue;
      }
      const by = d.supersededBy ? ("id" in d.supersededBy ? d.supersededBy.id : ids[d.supersededBy.index]!) : null;
      inserts.push({
        id,
        ...scope,
        text: d.fact.text,
        textHash: hash,
        sourceIds: d.fact.sourceIds,
        occurredAt: new Date(d.fact.occurredAt),
        ingestionId: data.ingestionId,
        extractor,
        kind: d.fact.kind ?? "fact",
        topic: d.analysis.topic,
        entities: d.analysis.entities,
        salience: d.analysis.salience,
        slot: d.analysis.slot,
        status: by ? "superseded" : "current",
        supersededBy: by,
        validFrom,
        validTo: by && d.validTo ? new Date(d.validTo) : null,
        createdAt: now,
        updatedAt: now,
      });
      searchRows.push({
        id,
        ...scope,
        source: "memory",
        memoryId: id,
        text: d.fact.text,
        sourceIds: d.fact.sourceIds,
        embedding: vectors[v++]!,
        embeddingModel: model,
        status: by ? "superseded" : "current",
        createdAt: now,
        updatedAt: now,
      });
      queued.set(hash, { memory: inserts.at(-1)!, search: searchRows.at(-1)! });
      if (d.verdict === "UPDATE") tally.memories_updated++;
      else if (d.verdict === "DELETE") tally.memories_deleted++;
      else tally.memories_added++;
      tally.facts.push({ sourceIds: d.fact.sourceIds, result: d.verdict === "UPDATE" ? "updated" : d.verdict === "DELETE" ? "deleted" : "added" });
    }
    for (let i = 0; i < inserts.length; i += 200) {
      await insertMany(tx, memories, inserts.slice(i, i + 200));
      await insertMany(tx, searchIndex, searchRows.slice(i, i + 200));
    }
    await recordVersions(tx, "extraction", inserts, { actor: EXTRACTION_ACTOR, firstVersion: true });
    // Each old fact is superseded once, by the first decision that names it (as one by one).
    const supersedeBy = new Map<string, { by: string; at: Date }>();
    for (const s of supersede) for (const old of s.ids) if (old !== s.by && !supersedeBy.has(old)) supersedeBy.set(old, { by: s.by, at: s.at });
    if (supersedeBy.size) {
      const plan = JSON.stringify([...supersedeBy].map(([id, s]) => ({ id, by: s.by, at: s.at.toISOString() })));
      const done = await tx
        .update(memories)
        .set({ status: "superseded", supersededBy: sql`v.by`, validTo: sql`v.at`, updatedAt: now })
        .from(sql`jsonb_to_recordset(${plan}::jsonb) as v(id text, by text, at timestamptz)`)
        .where(and(eq(memories.endUserId, data.endUserId), sql`${memories.id} = v.id`, eq(memories.status, "current")))
        .returning({
          id: memories.id,
          workspaceId: memories.workspaceId,
          environment: memories.environment,
          endUserId: memories.endUserId,
          text: memories.text,
          topic: memories.topic,
          status: memories.status,
          supersededBy: memories.supersededBy,
          ingestionId: memories.ingestionId,
        });
      await recordVersions(tx, "reconcile", done, { actor: EXTRACTION_ACTOR });
      if (done.length) {
        await tx
          .update(searchIndex)
          .set({ status: "superseded", updatedAt: now })
          .where(and(eq(searchIndex.endUserId, data.endUserId), inArray(searchIndex.memoryId, done.map((r) => r.id))));
      }
      tally.memories_superseded += done.length;
    }
    for (const d of decisions) {
      if (d.action !== "NONE") continue;
      if (d.memoryId) mergeInto(d.memoryId, d.fact.sourceIds);
      tally.memories_unchanged++;
      tally.facts.push({ sourceIds: d.fact.sourceIds, result: "unchanged" });
    }
    if (merges.size) {
      const added = JSON.stringify([...merges].map(([id, ids]) => ({ id, ids: [...ids] })));
      const from = sql`jsonb_to_recordset(${added}::jsonb) as v(id text, ids text[])`;
      await tx
        .update(memories)
        .set({ sourceIds: sql`array(select distinct unnest(${memories.sourceIds} || v.ids))` })
        .from(from)
        .where(and(eq(memories.endUserId, data.endUserId), sql`${memories.id} = v.id`));
      await tx
        .update(searchIndex)
        .set({ sourceIds: sql`array(select distinct unnest(${searchIndex.sourceIds} || v.ids))` })
        .from(from)
        .where(and(eq(searchIndex.endUserId, data.endUserId), sql`${searchIndex.memoryId} = v.id`));
    }
  });
  return tally;
}

async function storeDocumentChunks(
  db: Database,
  data: IngestionJobData,
  doc: DocJson,
  chunks: { index: number; text: string; sourceIds?: string[] }[],
  vectors: number[][],
  model: string,
): Promise<number> {
  const now = new Date();
  await db.transaction(async (tx) => {
    // Replacing a document's chunks removes their search rows too (ON DELETE CASCADE).
    await tx.delete(documentChunks).where(eq(documentChunks.documentId, doc.id));
    const scope = {
      workspaceId: data.workspaceId,
      environment: data.environment as "sandbox" | "live",
      endUserId: data.endUserId,
    };
    const rows = chunks.map((c) => ({
      id: newId(c.sourceIds ? CONVERSATION_CHUNK_PREFIX : "chk"),
      ...scope,
      documentId: doc.id,
      chunkIndex: c.index,
      text: c.text,
      sourceIds: c.sourceIds ?? [doc.docId],
      createdAt: now,
      updatedAt: now,
    }));
    const search = rows.map((r, i) => ({
      id: r.id,
      ...scope,
      source: "document" as const,
      chunkId: r.id,
      text: r.text,
      sourceIds: r.sourceIds,
      // A raw conversation window ranks a little below a memory with the same evidence: the
      // memory says the same thing in fewer words.
      weight: chunks[i]!.sourceIds ? CONVERSATION_WEIGHT : 1,
      lexical: !chunks[i]!.sourceIds,
      embedding: vectors[i]!,
      embeddingModel: model,
      createdAt: now,
      updatedAt: now,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await insertMany(tx, documentChunks, rows.slice(i, i + 200));
      await insertMany(tx, searchIndex, search.slice(i, i + 200));
    }
  });
  return chunks.length;
}

/**
 * The memory pipeline of one ingestion: load → extract → reconcile → embed → store → update
 * counts. Each stage is a step (batched so step payloads stay small); a retried run skips
 * the steps that already completed.
 */
export async function processIngestion(data: IngestionJobData, step: Steps): Promise<IngestionCounts | null> {
  const db = await getDb();
  const loaded = await step.run("load", () => loadIngestion(db, data));
  if (!loaded) return null;
  const extractor = getExtractor();
  const embedder = getEmbeddingProvider();
  const counts: IngestionCounts = { ...emptyCounts() };
  const factOutcomes: FactOutcome[] = [];
  const chunksOf: Record<string, number> = {};

  const perCall = extractor.name.startsWith("llm") ? 40 : 5000;
  const facts: FactJson[] = [];
  for (let i = 0; i * perCall < loaded.messages.length; i++) {
    const part = await step.run(`extract-${i}`, async () => {
      const batch = loaded.messages.slice(i * perCall, (i + 1) * perCall);
      const earlier = [...loaded.context, ...loaded.messages.slice(0, i * perCall)].slice(-CONTEXT_MESSAGES);
      const found = await extractor.extract({ userName: loaded.userName, messages: batch.map(toMessage), context: earlier.map(toMessage) });
      return (await redactExtractedFacts(found)).map(fromFact);
    });
    facts.push(...part);
  }

  const subject = firstName(loaded.userName);
  for (let b = 0; b * FACT_BATCH < facts.length; b++) {
    const batch = facts.slice(b * FACT_BATCH, (b + 1) * FACT_BATCH);
    const decisions = await step.run(`reconcile-${b}`, async () => {
      const existing = await candidatesFor(db, data.endUserId, batch, subject);
      const decided: ReconcileDecision[] = await extractor.reconcile(
        batch.map(toFact),
        existing.map(({ id, text, sourceIds }) => ({ id, text, sourceIds })),
      );
      // A model that merges a fact into a memory writes new text: it is stored, so it is redacted.
      const merged = await redactTextsForStorage(decided.map((d) => (d.action === "UPDATE" ? d.text : "")));
      const redacted = decided.map((d, j) => (d.action === "UPDATE" ? { ...d, text: merged[j]! } : d));
      return planDecisions(redacted, existing, subject);
    });
    const vectors = await step.run(`embed-${b}`, async () => {
      const texts = decisions.flatMap((d) => (d.action === "ADD" ? [d.fact.text] : []));
      return texts.length ? (await embedder.embed(texts)).map(compactVector) : [];
    });
    const tally = await step.run(`store-${b}`, () => storeDecisions(db, data, extractor.name, embedder.model, decisions, vectors));
    counts.memories_added += tally.memories_added;
    counts.memories_updated += tally.memories_updated;
    counts.memories_deleted += tally.memories_deleted;
    counts.memories_unchanged += tally.memories_unchanged;
    counts.memories_superseded = (counts.memories_superseded ?? 0) + (tally.memories_superseded ?? 0);
    // A run that stored this step before items were reported has no facts list: counts only.
    factOutcomes.push(...(tally.facts ?? []));
  }

  for (const [i, doc] of loaded.documents.entries()) {
    const conversation = doc.documentType === "message_history" && doc.docId === doc.id && loaded.messages.length > 0;
    const chunks = conversation ? conversationWindows(loaded.messages, loaded.userName) : chunkDocument(doc.content, doc.title);
    const vectors = await step.run(`embed-document-${i}`, async () =>
      (await embedder.embed(chunks.map((c) => c.text))).map(compactVector),
    );
    const stored = await step.run(`store-document-${i}`, () => storeDocumentChunks(db, data, doc, chunks, vectors, embedder.model));
    counts.document_chunks += stored;
    chunksOf[doc.id] = stored;
  }

  const final = await step.run("update-counts", async () => {
    const [row] = await db.select({ counts: ingestions.counts, items: ingestions.items }).from(ingestions).where(eq(ingestions.id, data.ingestionId));
    const final = { ...(row?.counts ?? emptyCounts()), ...counts, messages: row?.counts.messages ?? 0, documents: row?.counts.documents ?? 0, skipped: row?.counts.skipped ?? 0 };
    await db
      .update(ingestions)
      .set({ status: "done", counts: final, items: itemOutcomes(row?.items ?? [], factOutcomes, chunksOf), finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(ingestions.id, data.ingestionId));
    return final;
  });
  await refreshSearchStatistics(db);
  return final;
}

let lastAnalyze = 0;

/**
 * The embedded database has no autovacuum, so the planner's row estimates would stay at
 * zero (and it would not know when a user's own indexes pay off). Refresh them after
 * ingestions, at most every 30 s, for the columns searches filter on only: statistics of the
 * text, full-text and vector columns took most of the time and the planner does not use them.
 * (A server Postgres does this by itself.)
 */
async function refreshSearchStatistics(db: Database): Promise<void> {
  if (chooseDriver() !== "pglite" || Date.now() - lastAnalyze < 30_000) return;
  lastAnalyze = Date.now();
  await db.execute(sql`analyze search_index (end_user_id, source, lexical, embedding_model), search_terms`);
}

const WINDOW = 4;
/** Long turns are clipped in windows (the whole message stays in messages and memories). */
const WINDOW_TURN_CHARS = 400;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const STRIDE = 2;

/**
 * A conversation as retrievable chunks: overlapping windows of WINDOW turns (STRIDE apart),
 * each citing the messages it contains, so an answer that spans a question and its reply,
 * or a topic set up a turn earlier, is found together.
 */
export function conversationWindows(msgs: MessageJson[], userName: string | null) {
  const name = userName?.split(/\s+/)[0] ?? "User";
  const turns = msgs.filter((m) => m.role === "user" || m.role === "assistant");
  const out: { index: number; text: string; sourceIds: string[] }[] = [];
  for (let start = 0; start < turns.length; start += STRIDE) {
    const window = turns.slice(start, start + WINDOW);
    out.push({
      index: out.length,
      text: window.map((m) => `${speakerLabel(m.role, name)}: ${clip(m.content, WINDOW_TURN_CHARS)}`).join("\n"),
      sourceIds: window.map((m) => m.id),
    });
    if (start + WINDOW >= turns.length) break;
  }
  return out;
}

/** All retries spent: the failure is recorded on the ingestion, never swallowed. */
export async function markIngestionFailed(data: IngestionJobData, error: Error): Promise<void> {
  const db = await getDb();
  await db
    .update(ingestions)
    .set({ status: "failed", error: safeErrorMessage(error) || "processing failed", finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(ingestions.id, data.ingestionId));
}
