"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import type { Environment } from "@/db/schema";
import { cn } from "@/components/ui/cn";
import {
  CheckIcon,
  ChevronDownIcon,
  CloseIcon,
  HomeIcon,
  KeyIcon,
  LogsIcon,
  MenuIcon,
  PlayIcon,
  PlusIcon,
  SettingsIcon,
  UsersIcon,
} from "@/components/ui/icons";
import { setPortalCookie, WORKSPACE_COOKIE } from "@/lib/portal-cookies";
import { PortalProvider, usePortal, type PortalWorkspace } from "./context";
import { VerifyEmailNotice } from "./verify-email-notice";

const NAV = [
  { href: "", label: "Getting started", icon: HomeIcon },
  { href: "/playground", label: "Playground", icon: PlayIcon },
  { href: "/keys", label: "API keys", icon: KeyIcon },
  { href: "/users", label: "Users", icon: UsersIcon },
  { href: "/logs", label: "Logs", icon: LogsIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
] as const;

export function PortalShell({
  workspace,
  workspaces,
  environment,
  account,
  children,
}: {
  workspace: PortalWorkspace;
  workspaces: PortalWorkspace[];
  environment: Environment;
  account: { email: string; name?: string | null; emailVerified?: boolean };
  children: React.ReactNode;
}) {
  useEffect(() => setPortalCookie(WORKSPACE_COOKIE, workspace.id), [workspace.id]);
  return (
    <PortalProvider key={workspace.id} workspace={workspace} initialEnvironment={environment}>
      <Frame workspaces={workspaces} account={account}>
        {children}
      </Frame>
    </PortalProvider>
  );
}

function Frame({
  workspaces,
  account,
  children,
}: {
  workspaces: PortalWorkspace[];
  account: { email: string; name?: string | null; emailVerified?: boolean };
  children: React.ReactNode;
}) {
  const { workspace, environment } = usePortal();
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setMenuOpen(false), [pathname]);
  const base = `/w/${workspace.id}`;

  const nav = (
    <nav aria-label="Portal" className="flex flex-col gap-0.5 p-3">
      {NAV.map(({ href, label, icon: Icon }) => {
        const full = base + href;
        const active = href === "" ? pathname === base : pathname === full || pathname.startsWith(full + "/");
        return (
          <Link
            key={label}
            href={full}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
              active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
            )}
          >
            <Icon className={cn("h-5 w-5", active ? "text-brand-600" : "text-slate-400")} />
            {label}
          </Link>
        );
      })}
    </nav>
  );

  return (
    <div className="flex min-h-screen bg-slate-50">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      {/* Sidebar: fixed on large screens, a drawer on small ones. */}
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="sticky top-0 flex h-screen flex-col">
          <Brand />
          {nav}
          <SidebarFooter />
        </div>
      </aside>
      {menuOpen && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="absolute inset-0 bg-slate-950/40" onClick={() => setMenuOpen(false)} />
          <div className="absolute inset-y-0 left-0 flex w-72 max-w-[85%] flex-col bg-white shadow-xl">
            <div className="flex items-center justify-between pr-3">
              <Brand />
              <button
                type="button"
                aria-label="Close navigation"
                onClick={() => setMenuOpen(false)}
                className="rounded-md p-2 text-slate-500 hover:bg-slate-100"
              >
                <CloseIcon />
              </button>
            </div>
            <div className="border-b border-slate-100 px-3 pb-3">
              <WorkspaceSwitcher workspaces={workspaces} full />
            </div>
            {nav}
            <SidebarFooter />
          </div>
        </div>
      )}

      <div className="min-w-0 flex-1">
        <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
          <div className="flex h-14 items-center gap-2 px-3 sm:gap-3 sm:px-6">
            <button
              type="button"
              aria-label="Open navigation"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(true)}
              className="rounded-md p-2 text-slate-600 hover:bg-slate-100 lg:hidden"
            >
              <MenuIcon />
            </button>
            <div className="min-w-0">
              <WorkspaceSwitcher workspaces={workspaces} />
            </div>
            <div className="ml-auto flex items-center gap-2 sm:gap-3">
              <EnvironmentToggle />
              <AccountMenu account={account} />
            </div>
          </div>
          {environment === "sandbox" && <SandboxBanner />}
          {account.emailVerified === false && (
            <VerifyEmailNotice compact email={account.email} reason="Invitations to your address need it." returnTo={pathname} />
          )}
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}

function Brand() {
  return (
    <Link href="/dashboard" className="flex h-14 items-center gap-2 px-5 text-lg font-semibold tracking-tight">
      <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
        P
      </span>
      Pio
    </Link>
  );
}

function SidebarFooter() {
  return (
    <div className="mt-auto border-t border-slate-100 p-4 text-xs text-slate-500">
      <Link href="/docs" className="hover:text-slate-800">
        API reference
      </Link>
    </div>
  );
}

function SandboxBanner() {
  const { setEnvironment } = usePortal();
  return (
    <div role="status" aria-label="Sandbox mode" className="border-t border-amber-200 bg-amber-50 px-4 py-1.5 text-center text-xs text-amber-900 sm:px-6 sm:text-sm">
      <strong className="font-semibold">Sandbox mode.</strong> You are viewing test data: requests with <code className="font-mono">pio_sk_test_</code> keys land
      here, never in live.{" "}
      <button type="button" onClick={() => setEnvironment("live")} className="font-medium underline underline-offset-2 hover:text-amber-950">
        Switch to live
      </button>
    </div>
  );
}

function EnvironmentToggle() {
  const { environment, setEnvironment } = usePortal();
  const options: { value: Environment; label: string }[] = [
    { value: "sandbox", label: "Sandbox" },
    { value: "live", label: "Live" },
  ];
  return (
    <div role="group" aria-label="Environment" className="flex rounded-lg border border-slate-200 bg-slate-100 p-0.5 text-xs font-medium sm:text-sm">
      {options.map((o) => {
        const active = environment === o.value;
        return (
          <button
            key={o.value}
            type="button"
            aria-pressed={active}
            onClick={() => setEnvironment(o.value)}
            className={cn(
              "rounded-md px-2.5 py-1 transition-colors",
              active
                ? o.value === "sandbox"
                  ? "bg-amber-400 text-amber-950 shadow-sm"
                  : "bg-white text-violet-700 shadow-sm"
                : "text-slate-600 hover:text-slate-900",
            )}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}

/** A menu that closes on outside click and Escape. */
function useMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return { open, setOpen, ref };
}

function WorkspaceSwitcher({ workspaces, full }: { workspaces: PortalWorkspace[]; full?: boolean }) {
  const { workspace } = usePortal();
  const { open, setOpen, ref } = useMenu();
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Workspace: ${workspace.name}. Switch workspace`}
        onClick={() => setOpen(!open)}
        className={cn(
          "flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-sm font-medium hover:bg-slate-50",
          full ? "w-full" : "max-w-[8.5rem] sm:max-w-[16rem]",
        )}
      >
        <span aria-hidden className="grid h-5 w-5 shrink-0 place-items-center rounded bg-slate-900 text-[10px] font-bold text-white">
          {workspace.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="truncate">{workspace.name}</span>
        <ChevronDownIcon className="ml-auto h-4 w-4 shrink-0 text-slate-400" />
      </button>
      {open && (
        <div className="absolute left-0 z-50 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <p className="px-2.5 pb-1 pt-1.5 text-xs font-medium uppercase tracking-wide text-slate-400">Workspaces</p>
          <ul>
            {workspaces.map((w) => (
              <li key={w.id}>
                <Link
                  href={`/w/${w.id}`}
                  aria-current={w.id === workspace.id ? "true" : undefined}
                  className="flex items-center gap-2 rounded-md px-2.5 py-2 text-sm hover:bg-slate-100"
                >
                  <span className="truncate">{w.name}</span>
                  <span className="ml-auto text-xs text-slate-400">{w.role}</span>
                  {w.id === workspace.id && <CheckIcon className="h-4 w-4 text-brand-600" />}
                </Link>
              </li>
            ))}
          </ul>
          <div className="mt-1 border-t border-slate-100 pt-1">
            <Link href="/onboarding?new=1" className="flex items-center gap-2 rounded-md px-2.5 py-2 text-sm text-slate-700 hover:bg-slate-100">
              <PlusIcon /> New workspace
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}

function AccountMenu({ account }: { account: { email: string; name?: string | null } }) {
  const { open, setOpen, ref } = useMenu();
  const initial = (account.name || account.email).slice(0, 1).toUpperCase();
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Account: ${account.email}`}
        onClick={() => setOpen(!open)}
        className="grid h-8 w-8 place-items-center rounded-full bg-brand-600 text-sm font-semibold text-white hover:bg-brand-700"
      >
        {initial}
      </button>
      {open && (
        <div className="absolute right-0 z-50 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-3 py-2">
            {account.name && <p className="truncate text-sm font-medium">{account.name}</p>}
            <p className="truncate text-sm text-slate-500">{account.email}</p>
          </div>
          <div className="border-t border-slate-100 pt-1">
            <Link href="/account" className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
              Account settings
            </Link>
          </div>
          <form action={signOutAction} className="border-t border-slate-100 pt-1">
            <button type="submit" className="w-full rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
