import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import type { Executor } from "@/db/executor";
import { workspaceMembers, workspaces, type ApiKey, type MemberRole, type Workspace } from "@/db/schema";
import { createApiKey, invalidateKeyCache } from "@/server/keys/service";
import { newId } from "@/server/lib/ids";
import { PortalError } from "@/server/lib/portal-error";
import { invalidateEndUserCache } from "@/server/users/register";
import { isValidTimezone, REGIONS, USE_CASES } from "@/lib/workspace-options";
import { sweepUserSearchIndexes } from "@/inngest/functions/user-search-indexes";

export interface CreateWorkspaceInput {
  name: string;
  useCase?: string | null;
  region?: string;
  timezone?: string;
}

export async function createWorkspace(db: Executor, input: CreateWorkspaceInput): Promise<Workspace> {
  const [row] = await db
    .insert(workspaces)
    .values({
      id: newId("ws"),
      name: input.name,
      useCase: input.useCase ?? null,
      region: input.region ?? "us-east-1",
      timezone: input.timezone ?? "UTC",
    })
    .returning();
  return row!;
}

export async function findWorkspaceByName(db: Database, name: string): Promise<Workspace | null> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.name, name)).orderBy(asc(workspaces.createdAt)).limit(1);
  return row ?? null;
}

export async function findOrCreateWorkspace(db: Database, name: string): Promise<{ workspace: Workspace; created: boolean }> {
  const existing = await findWorkspaceByName(db, name);
  if (existing) return { workspace: existing, created: false };
  return { workspace: await createWorkspace(db, { name }), created: true };
}

export const newWorkspaceInput = z.object({
  name: z.string().trim().min(1, "Enter your organization's name.").max(80, "Use at most 80 characters."),
  useCase: z.enum(USE_CASES, "Choose what you are building."),
  region: z.enum(REGIONS.map((r) => r.id) as [string, ...string[]], "Choose a region."),
  timezone: z.string().refine(isValidTimezone, "Choose a valid time zone."),
});
export type NewWorkspaceInput = z.input<typeof newWorkspaceInput>;

/**
 * Onboarding: the workspace, its owner and its first sandbox key, all or nothing. The full
 * key is returned once and never stored.
 */
export async function createWorkspaceForAccount(
  db: Database,
  accountId: string,
  raw: NewWorkspaceInput,
): Promise<{ workspace: Workspace; apiKey: ApiKey; key: string }> {
  const input = newWorkspaceInput.parse(raw);
  return db.transaction(async (tx) => {
    const workspace = await createWorkspace(tx, input);
    await tx.insert(workspaceMembers).values({ workspaceId: workspace.id, accountId, role: "owner" });
    const { apiKey, key } = await createApiKey(tx, {
      workspaceId: workspace.id,
      environment: "sandbox",
      name: "Default sandbox key",
      createdBy: accountId,
    });
    return { workspace, apiKey, key };
  });
}

export interface Membership {
  workspace: Workspace;
  role: MemberRole;
}

export async function getMembership(db: Database, workspaceId: string, accountId: string): Promise<Membership | null> {
  const [row] = await db
    .select({ workspace: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.accountId, accountId)))
    .limit(1);
  return row ?? null;
}

/**
 * The workspace, if the account is a member. Anything else (no such workspace, or one the
 * account does not belong to) is the same NOT_FOUND, so ids of other workspaces leak nothing.
 */
export async function requireMembership(db: Database, workspaceId: string, accountId: string): Promise<Membership> {
  const membership = await getMembership(db, workspaceId, accountId);
  if (!membership) throw new PortalError("NOT_FOUND", "This workspace does not exist or you are not a member of it.");
  return membership;
}

export async function listWorkspacesForAccount(db: Database, accountId: string): Promise<Membership[]> {
  return db
    .select({ workspace: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.accountId, accountId))
    .orderBy(asc(workspaces.name), asc(workspaces.createdAt));
}

/** Deletes the workspace and, by cascade, its keys, members, end users, their data and logs. */
export async function deleteWorkspace(db: Database, workspaceId: string): Promise<boolean> {
  invalidateKeyCache();
  invalidateEndUserCache();
  const rows = await db.delete(workspaces).where(eq(workspaces.id, workspaceId)).returning({ id: workspaces.id });
  invalidateKeyCache();
  invalidateEndUserCache();
  if (rows.length) await sweepUserSearchIndexes();
  return rows.length > 0;
}
