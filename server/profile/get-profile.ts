import { z } from "zod";
import { requireEndUser } from "@/server/users/find";
import type { ReadContext } from "@/server/service/context";
import { loadUserModel, type ModelFact } from "./model";

export const profileQuery = z.object({
  user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128),
  status: z.enum(["all", "current"], { error: 'must be "all" or "current"' }).default("all"),
});
export type ProfileQuery = z.infer<typeof profileQuery>;

const factJson = (f: ModelFact) => ({
  id: f.id,
  text: f.text,
  status: f.status,
  salience: f.salience,
  valid_from: f.validFrom,
  ...(f.status === "superseded" ? { valid_to: f.validTo, superseded_by: f.supersededBy } : {}),
  said_at: f.saidAt,
  source_ids: f.sourceIds,
  entities: f.entities.map((e) => ({ name: e.name, type: e.type, relation: e.relation ?? null })),
});

/**
 * GET /profile: the user model as a tree — topics (in the taxonomy's order) → facts (current
 * first, by salience, newest first; superseded facts after them, as history), the entities the
 * current facts name, and the traits newer facts contradict.
 */
export async function getProfile({ db, scope }: ReadContext, q: ProfileQuery) {
  const user = await requireEndUser(db, scope, q.user_id);
  const model = await loadUserModel(db, user);
  const keep = (f: ModelFact) => q.status === "all" || f.status === "current";
  const current = model.facts.filter((f) => f.status === "current").length;
  return {
    user_id: user.userId,
    name: model.name,
    topics: model.topics
      .map((t) => ({ topic: t.key, label: t.label, facts: t.facts.filter(keep).map(factJson) }))
      .filter((t) => t.facts.length > 0),
    entities: model.entities.map((e) => ({ name: e.name, type: e.type, relation: e.relation, fact_ids: e.factIds })),
    flags: model.flags.map((f) => ({ trait: f.trait, value: f.value, reason: f.reason, fact_id: f.factId, suggested: f.suggested })),
    counts: { facts: model.facts.length, current, superseded: model.facts.length - current },
    truncated: model.truncated,
  };
}
