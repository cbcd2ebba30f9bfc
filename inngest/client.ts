import { Inngest } from "inngest";
import { env } from "@/server/env";

/**
 * Inngest takes over background work when it is configured: INNGEST_DEV (a local dev
 * server) or INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY (Inngest Cloud). Otherwise the same
 * functions run in-process (inngest/runner.ts).
 */
export function inngestConfigured(): boolean {
  const e = env();
  return Boolean(e.INNGEST_DEV || e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY);
}

export const inngest = new Inngest({ id: "pio" });
