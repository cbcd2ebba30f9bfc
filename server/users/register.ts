import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { endUsers, type EndUser } from "@/db/schema";
import { freeJsonObject } from "@/server/http/input";
import { newId } from "@/server/lib/ids";
import { redactForStorage, redactTraitsForStorage, storedIdentifier } from "@/server/privacy/storage";
import { normalizeTraits } from "@/server/profile/traits";
import { conflictError } from "@/server/service/errors";
import { changeEndUsers, findEndUser, type Scope } from "./find";

export type { Scope };
export { findEndUser };

export const registerBody = z
  .object({
    email: z.email("must be a valid email address").max(320).optional(),
    user_id: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(128, "must be at most 128 characters")
      .regex(/^[A-Za-z0-9_.:@+\-~[\]]+$/, "may contain only letters, digits and _ . : @ + - ~ [ ]")
      .optional(),
    purpose: z.string().max(4000, "must be at most 4000 characters").nullish(),
    traits: freeJsonObject().optional(),
  })
  .refine((b) => b.email !== undefined || b.user_id !== undefined, {
    message: "either `email` or `user_id` is required",
    path: ["email"],
  });

export type RegisterInput = z.infer<typeof registerBody>;

/** Emails are kept as a workspace-scoped hash, never in clear: see docs/privacy.md. */
export function hashEmail(workspaceId: string, email: string): string {
  return createHash("sha256").update(`${workspaceId}:${email.trim().toLowerCase()}`).digest("hex");
}

export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.trim().toLowerCase().split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

async function findByEmailHash(db: Database, scope: Scope, emailHash: string): Promise<EndUser | null> {
  const [row] = await db
    .select()
    .from(endUsers)
    .where(and(eq(endUsers.workspaceId, scope.workspaceId), eq(endUsers.environment, scope.environment), eq(endUsers.emailHash, emailHash)))
    .limit(1);
  return row ?? null;
}

/**
 * Registers an end user, or merges into the existing one with the same `user_id` or email
 * (idempotent): traits are merged key by key, the newest value winning.
 */
export async function registerEndUser(
  db: Database,
  scope: Scope,
  input: RegisterInput,
): Promise<{ user: EndUser; created: boolean }> {
  const emailHash = input.email ? hashEmail(scope.workspaceId, input.email) : null;
  // Traits and purpose are free text too: redacted like everything else before storage.
  input = {
    ...input,
    traits: input.traits ? await redactTraitsForStorage(input.traits) : undefined,
    purpose: await redactForStorage(input.purpose),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const byId = input.user_id ? await findEndUser(db, scope, input.user_id) : null;
    const byEmail = emailHash ? await findByEmailHash(db, scope, emailHash) : null;
    if (byEmail && input.user_id && byEmail.userId !== storedIdentifier(scope.workspaceId, input.user_id)) {
      throw conflictError("email_conflict", `This email is already registered to user_id \`${byEmail.userId}\`.`, "email");
    }
    const existing = byId ?? byEmail;
    if (existing) {
      // Merged under the row's lock: concurrent registrations of one user each add their traits.
      const user = await changeEndUsers(() => db.transaction(async (tx) => {
        const [current] = await tx.select().from(endUsers).where(eq(endUsers.id, existing.id)).for("update");
        if (!current) return null; // deleted meanwhile: register afresh
        const traits = { ...current.traits, ...(input.traits ?? {}) };
        const [updated] = await tx
          .update(endUsers)
          .set({
            traits,
            profile: normalizeTraits(traits) as unknown as Record<string, unknown>,
            purpose: input.purpose !== undefined ? input.purpose : current.purpose,
            emailHash: current.emailHash ?? emailHash,
            emailMasked: current.emailMasked ?? (input.email ? maskEmail(input.email) : null),
            updatedAt: new Date(),
          })
          .where(eq(endUsers.id, current.id))
          .returning();
        return updated!;
      }));
      if (user) return { user, created: false };
      continue;
    }
    const [user] = await changeEndUsers(() => db
      .insert(endUsers)
      .values({
        id: newId("eu"),
        workspaceId: scope.workspaceId,
        environment: scope.environment,
        userId: input.user_id ? storedIdentifier(scope.workspaceId, input.user_id) : newId("usr"),
        emailHash,
        emailMasked: input.email ? maskEmail(input.email) : null,
        purpose: input.purpose ?? null,
        traits: input.traits ?? {},
        profile: normalizeTraits(input.traits ?? {}) as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing()
      .returning());
    if (user) return { user, created: true };
    // Lost a race with a concurrent registration of the same user: merge into theirs.
  }
  throw conflictError("registration_conflict", "The user was being registered concurrently; retry the request.");
}
