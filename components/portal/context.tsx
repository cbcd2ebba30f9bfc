"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type { Environment, MemberRole } from "@/db/schema";
import { ENVIRONMENT_COOKIE, setPortalCookie } from "@/lib/portal-cookies";

export interface PortalWorkspace {
  id: string;
  name: string;
  role: MemberRole;
}

interface PortalState {
  workspace: PortalWorkspace;
  environment: Environment;
  setEnvironment: (e: Environment) => void;
  isOwner: boolean;
}

const Ctx = createContext<PortalState | null>(null);

export function PortalProvider({
  workspace,
  initialEnvironment,
  children,
}: {
  workspace: PortalWorkspace;
  initialEnvironment: Environment;
  children: React.ReactNode;
}) {
  const [environment, setEnv] = useState<Environment>(initialEnvironment);
  const setEnvironment = useCallback((e: Environment) => {
    setPortalCookie(ENVIRONMENT_COOKIE, e);
    setEnv(e);
  }, []);
  const value = useMemo(
    () => ({ workspace, environment, setEnvironment, isOwner: workspace.role === "owner" }),
    [workspace, environment, setEnvironment],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The workspace being viewed, the person's role in it and the environment shown. */
export function usePortal(): PortalState {
  const v = useContext(Ctx);
  if (!v) throw new Error("usePortal outside PortalProvider");
  return v;
}

/** The input every environment-scoped procedure takes. */
export function useScope(): { workspaceId: string; environment: Environment } {
  const { workspace, environment } = usePortal();
  return { workspaceId: workspace.id, environment };
}
