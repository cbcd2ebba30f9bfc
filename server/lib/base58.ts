import { randomBytes } from "node:crypto";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Bitcoin-alphabet base58 of a byte string (no 0/O/I/l, so keys survive being read aloud). */
export function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}

/** `bytes` random bytes from the CSPRNG, base58-encoded. */
export function randomBase58(bytes: number): string {
  return base58(randomBytes(bytes));
}

export const BASE58_ALPHABET = ALPHABET;
