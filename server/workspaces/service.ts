import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { Executor } from "@/db/executor";
import { workspaceMembers, workspaces, type ApiKey, type MemberRole, type Workspace } from "@/db/schema";
import { changeKeys, createApiKey } from "@/server/keys/service";
import { newId } from "@/server/lib/ids";
import { PortalError } from "@/server/lib/portal-error";
import { changeEndUsers } from "@/server/users/find";
import { workspaceSettingsInput, type WorkspaceSettingsInput } from "@/lib/workspace-options";
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

/** The onboarding form's fields, also what an owner edits later; the browser checks them first. */
export type OwnedWorkspace = { workspace: Workspace; outcome: "member" | "attached" | "created" };

/**
 * The CLI's `--owner`: the workspace called `name` that the account belongs to; else one of that
 * name that has no members at all (made by the CLI earlier), which the account then owns; else
 * a new one it owns. A workspace of that name that other people belong to is refused: the CLI
 * never adds anyone to someone else's workspace (an owner invites them).
 */
export async function findOrCreateWorkspaceForOwner(db: Database, name: string, accountId: string): Promise<OwnedWorkspace> {
  return db.transaction(async (tx) => {
    const named = await tx.select().from(workspaces).where(eq(workspaces.name, name)).orderBy(asc(workspaces.createdAt)).for("update");
    const members = named.length
      ? await tx
          .select({ workspaceId: workspaceMembers.workspaceId, accountId: workspaceMembers.accountId })
          .from(workspaceMembers)
          .where(inArray(workspaceMembers.workspaceId, named.map((w) => w.id)))
      : [];
    const mine = named.find((w) => members.some((m) => m.workspaceId === w.id && m.accountId === accountId));
    if (mine) return { workspace: mine, outcome: "member" as const };
    const orphan = named.find((w) => !members.some((m) => m.workspaceId === w.id));
    if (orphan) {
      await tx.insert(workspaceMembers).values({ workspaceId: orphan.id, accountId, role: "owner" });
      return { workspace: orphan, outcome: "attached" as const };
    }
    if (named.length) {
      throw new PortalError("CONFLICT", `A workspace named "${name}" already belongs to other accounts. Ask one of its owners to invite you, or choose another name.`);
    }
    const workspace = await createWorkspace(tx, { name });
    await tx.insert(workspaceMembers).values({ workspaceId: workspace.id, accountId, role: "owner" });
    return { workspace, outcome: "created" as const };
  });
}

/** Whether anyone can see this workspace in the portal. */
export async function hasMembers(db: Database, workspaceId: string): Promise<boolean> {
  const [row] = await db.select({ id: workspaceMembers.accountId }).from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspaceId)).limit(1);
  return Boolean(row);
}

export const newWorkspaceInput = workspaceSettingsInput;
export type NewWorkspaceInput = WorkspaceSettingsInput;

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

/** An owner edits the workspace's name, use case, region and time zone (the onboarding fields). */
export async function updateWorkspace(db: Database, workspaceId: string, raw: NewWorkspaceInput): Promise<Workspace> {
  const input = newWorkspaceInput.parse(raw);
  // Verified keys carry their workspace row.
  const [row] = await changeKeys(() =>
    db
      .update(workspaces)
      .set({ name: input.name, useCase: input.useCase, region: input.region, timezone: input.timezone })
      .where(eq(workspaces.id, workspaceId))
      .returning(),
  );
  if (!row) throw new PortalError("NOT_FOUND", "This workspace does not exist or you are not a member of it.");
  return row;
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
  // Its keys and end users go by cascade: both caches are told, and the users' own search indexes swept.
  const rows = await changeKeys(() => changeEndUsers(() => db.delete(workspaces).where(eq(workspaces.id, workspaceId)).returning({ id: workspaces.id })));
  if (rows.length) await sweepUserSearchIndexes();
  return rows.length > 0;
}
