import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/server/env";

const SECRET_FILE = path.join(process.cwd(), ".data", "auth-secret");
const store = globalThis as unknown as { __pioAuthSecret?: string };

/**
 * The secret that signs portal sessions. AUTH_SECRET when set (required for several
 * instances); otherwise one generated on first use and kept in `.data/auth-secret`, so a
 * developer's sessions survive restarts with nothing to configure.
 */
export function authSecret(): string {
  const configured = env().AUTH_SECRET;
  if (configured) return configured;
  if (store.__pioAuthSecret) return store.__pioAuthSecret;
  let secret: string | undefined;
  try {
    secret = fs.readFileSync(SECRET_FILE, "utf8").trim() || undefined;
  } catch {
    /* not created yet */
  }
  if (!secret) {
    const fresh = randomBytes(32).toString("base64url");
    try {
      fs.mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
      // `wx`: if another process created it first, use theirs.
      fs.writeFileSync(SECRET_FILE, fresh + "\n", { flag: "wx", mode: 0o600 });
      secret = fresh;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") secret = fs.readFileSync(SECRET_FILE, "utf8").trim();
      else {
        console.warn(`[pio] AUTH_SECRET is unset and ${SECRET_FILE} cannot be written; sessions end when this process stops.`);
        secret = fresh;
      }
    }
  }
  store.__pioAuthSecret = secret;
  return secret!;
}
