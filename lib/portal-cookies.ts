import type { Environment } from "@/db/schema";

/**
 * The portal remembers two choices in cookies: which environment (sandbox | live) the
 * person is looking at, and the last workspace they opened. Neither grants anything: every
 * tRPC call sends the environment explicitly and is checked against membership.
 */
export const ENVIRONMENT_COOKIE = "pio_env";
export const WORKSPACE_COOKIE = "pio_ws";
const ONE_YEAR = 365 * 24 * 3600;

export function parseEnvironment(value: string | undefined | null): Environment {
  return value === "live" ? "live" : "sandbox";
}

/** Sets a portal preference cookie from the browser. */
export function setPortalCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
}
