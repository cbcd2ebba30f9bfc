import { env } from "@/server/env";

/**
 * The address a sign-in attempt comes from, or null when it cannot be known.
 *
 * Next.js fills `X-Forwarded-For` with the socket's address only when the request has no such
 * header, so any client can write it: a value taken from it unconditionally lets an attacker
 * pick a new "address" for every attempt. It is read only with `TRUST_PROXY=N`, meaning N
 * proxies stand in front of every instance and each appends the address it saw; the client is
 * then the N-th entry from the right. Without it (the default) the answer is null and the
 * sign-in limit counts per email alone (docs/portal.md).
 */
export function clientIp(headers: Headers, trustedHops: number = env().TRUST_PROXY): string | null {
  if (trustedHops <= 0) return null;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request did not come the configured way; trust none of it.
  if (chain.length < trustedHops) return null;
  const ip = chain[chain.length - trustedHops]!;
  return /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}
