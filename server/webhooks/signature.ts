import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Deliveries are signed the way Stripe signs its webhooks: the header
 * `Pio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp inside the signed string lets receivers refuse replays (5 minutes by default).
 */
export const SIGNATURE_HEADER = "Pio-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export type SignatureFailure = "missing_header" | "malformed_header" | "timestamp_outside_tolerance" | "no_matching_signature";

export class WebhookSignatureError extends Error {
  constructor(readonly reason: SignatureFailure, message: string) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

/**
 * Checks a delivery: throws {@link WebhookSignatureError} unless one `v1` signature in the header
 * matches the raw body (compared in constant time) and the timestamp is within `toleranceSeconds`
 * of now. Several `v1=` entries are accepted (Stripe's form during secret rotation).
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  options: { toleranceSeconds?: number; now?: number } = {},
): { timestamp: number } {
  if (!header) throw new WebhookSignatureError("missing_header", `no ${SIGNATURE_HEADER} header`);
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t" && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/i.test(v)) signatures.push(v.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookSignatureError("malformed_header", `${SIGNATURE_HEADER} must look like t=<unix>,v1=<hex>`);
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - timestamp) > tolerance) {
    throw new WebhookSignatureError("timestamp_outside_tolerance", `timestamp is more than ${tolerance} s from now`);
  }
  const expected = Buffer.from(computeSignature(secret, timestamp, body), "hex");
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected))) {
    throw new WebhookSignatureError("no_matching_signature", "no signature matches the body");
  }
  return { timestamp };
}
