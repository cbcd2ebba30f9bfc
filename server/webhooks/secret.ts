import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/server/auth/secret";

/**
 * Signing secrets must be read back to sign each delivery, so unlike API keys they cannot be
 * stored as hashes. They are encrypted at rest with AES-256-GCM under a key derived (HKDF) from
 * the server secret (AUTH_SECRET, or the generated one in .data/auth-secret): a database dump
 * alone does not reveal them. Changing AUTH_SECRET makes stored secrets unreadable; deliveries
 * then fail with a clear error until the secret is rotated in the portal (docs/api.md).
 */
const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "pio-webhooks", "webhook signing secrets v1", 32));
}

/** A fresh signing secret: `whsec_` and 32 random bytes in base64url. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** What the portal shows of a secret after creation. */
export function secretStart(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
}

export class SecretUnreadableError extends Error {
  constructor() {
    super("the endpoint's signing secret cannot be decrypted (was AUTH_SECRET changed?): rotate the secret in the portal");
    this.name = "SecretUnreadableError";
  }
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(":");
  if (version !== VERSION || !iv || !tag || !data) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError();
  }
}
