import type { Database } from "@/db/client";
import { authenticate, type Authentication } from "@/server/accounts/service";
import { clientIp } from "./client-ip";

/** The Credentials provider's check: the password, limited per sign-in source (see client-ip.ts). */
export function authorizeCredentials(
  db: Database,
  credentials: { email: string; password: string },
  headers: Headers,
): Promise<Authentication> {
  return authenticate(db, credentials, clientIp(headers));
}
