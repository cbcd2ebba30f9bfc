import { env } from "@/server/env";

/**
 * This site's public origin, for links that leave the browser (verification mail, invitation
 * links): APP_URL when set, else what the request says it was addressed to. A forged Host
 * only changes links mailed to the forger's own address or shown to them.
 */
export function publicOrigin(headers: Headers): string {
  const configured = env().APP_URL;
  if (configured) return new URL(configured).origin;
  const first = (v: string | null) => v?.split(",")[0]?.trim() || undefined;
  const host = first(headers.get("x-forwarded-host")) ?? first(headers.get("host")) ?? "localhost:3000";
  const proto = first(headers.get("x-forwarded-proto")) === "https" ? "https" : "http";
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return "http://localhost:3000";
  }
}
