import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { WORKSPACE_COOKIE } from "@/lib/portal-cookies";
import { requireSession } from "@/server/auth";
import { listWorkspacesForAccount } from "@/server/workspaces/service";

export const dynamic = "force-dynamic";

/** Where sign-in lands: the last workspace opened, else the first, else onboarding. */
export default async function DashboardPage() {
  const user = await requireSession("/dashboard");
  const memberships = await listWorkspacesForAccount(await getDb(), user.id);
  if (!memberships.length) redirect("/onboarding");
  const last = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const target = memberships.find((m) => m.workspace.id === last) ?? memberships[0]!;
  redirect(`/w/${target.workspace.id}`);
}
