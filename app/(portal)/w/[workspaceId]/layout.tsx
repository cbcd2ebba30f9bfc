import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { PortalShell } from "@/components/portal/shell";
import { getDb } from "@/db/client";
import { ENVIRONMENT_COOKIE, parseEnvironment } from "@/lib/portal-cookies";
import { requireSession } from "@/server/auth";
import { listWorkspacesForAccount } from "@/server/workspaces/service";

export const dynamic = "force-dynamic";

/**
 * Every page of a workspace: only its members get past here. Someone else's workspace id
 * gives the same 404 as one that does not exist. (The data itself is checked again by each
 * tRPC procedure.)
 */
export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const user = await requireSession(`/w/${encodeURIComponent(workspaceId)}`);
  const memberships = await listWorkspacesForAccount(await getDb(), user.id);
  const current = memberships.find((m) => m.workspace.id === workspaceId);
  if (!current) notFound();
  const environment = parseEnvironment((await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  return (
    <PortalShell
      workspace={{ id: current.workspace.id, name: current.workspace.name, role: current.role }}
      workspaces={memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role }))}
      environment={environment}
      account={{ email: user.email, name: user.name, emailVerified: user.emailVerified }}
    >
      {children}
    </PortalShell>
  );
}
