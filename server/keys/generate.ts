import { createHash } from "node:crypto";
import type { Environment } from "@/db/schema";
import { randomBase58 } from "@/server/lib/base58";

export const KEY_PREFIX: Record<Environment, string> = {
  sandbox: "pio_sk_test_",
  live: "pio_sk_live_",
};

/** 24 random bytes = 192 bits from the CSPRNG. */
const SECRET_BYTES = 24;

export interface GeneratedKey {
  key: string;
  hash: string;
  start: string;
  last4: string;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(environment: Environment): GeneratedKey {
  const prefix = KEY_PREFIX[environment];
  const key = prefix + randomBase58(SECRET_BYTES);
  return { key, hash: hashApiKey(key), start: key.slice(0, prefix.length + 4), last4: key.slice(-4) };
}

/** The environment a key's prefix claims, or null for anything that is not a Pio key. */
export function environmentOfKey(key: string): Environment | null {
  if (key.startsWith(KEY_PREFIX.sandbox)) return "sandbox";
  if (key.startsWith(KEY_PREFIX.live)) return "live";
  return null;
}

/** How a key is shown after creation: `pio_sk_test_AbCd…wxyz`. */
export function maskKey(k: { start: string; last4: string }): string {
  return `${k.start}…${k.last4}`;
}
