import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { workspaces, type Workspace } from "@/db/schema";
import { newId } from "@/server/lib/ids";

export interface CreateWorkspaceInput {
  name: string;
  useCase?: string | null;
  region?: string;
  timezone?: string;
}

export async function createWorkspace(db: Database, input: CreateWorkspaceInput): Promise<Workspace> {
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
