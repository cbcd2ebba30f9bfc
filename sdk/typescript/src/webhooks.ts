import { PioError } from "./errors.ts";

/** The event names Pio sends to webhook endpoints. */
export type PioWebhookEventType =
  | "ingestion.completed"
  | "ingestion.failed"
  | "memory.created"
  | "memory.updated"
  | "memory.deleted"
  | "stage3.completed"
  | "user.deleted";

/** The JSON body of every delivery. `data` holds ids and counts, never message text. */
export interface PioWebhookEvent<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  type: PioWebhookEventType;
  created_at: string;
  environment: "sandbox" | "live";
  data: T;
}

/** The signature of a delivery did not verify: answer 400 and ignore the body. */
export class PioWebhookSignatureError extends PioError {
  override name = "PioWebhookSignatureError";
}

const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Verifies a webhook delivery and returns its event. `payload` is the raw request body exactly as
 * received (parse it only after verifying), `header` the `Pio-Signature` header
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`), `secret` the endpoint's
 * signing secret (`whsec_…`). Deliveries older than `toleranceSeconds` (default 300) are refused,
 * so a captured request cannot be replayed. Uses Web Crypto: Node 20+, Deno, Bun, edge runtimes.
 */
export async function verifyWebhook<T extends Record<string, unknown> = Record<string, unknown>>(
  payload: string,
  header: string | null | undefined,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): Promise<PioWebhookEvent<T>> {
  if (typeof payload !== "string") throw new PioWebhookSignatureError("Pass the raw request body as a string, not parsed JSON.");
  if (!header) throw new PioWebhookSignatureError("No Pio-Signature header.");
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = [part.slice(0, part.indexOf("=")).trim(), part.slice(part.indexOf("=") + 1).trim()];
    if (k === "t" && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/i.test(v)) signatures.push(v.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) throw new PioWebhookSignatureError("Malformed Pio-Signature header.");
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - timestamp) > tolerance) {
    throw new PioWebhookSignatureError(`The delivery's timestamp is more than ${tolerance} s from now.`);
  }
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new PioError("verifyWebhook needs Web Crypto (globalThis.crypto.subtle): Node 20+ or a modern runtime.");
  const key = await subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const signed = encoder.encode(`${timestamp}.${payload}`);
  for (const s of signatures) {
    // subtle.verify compares in constant time.
    if (await subtle.verify("HMAC", key, hexToBytes(s), signed)) return JSON.parse(payload) as PioWebhookEvent<T>;
  }
  throw new PioWebhookSignatureError("No signature matches the payload (wrong secret, or the body was changed).");
}
