import { createHash } from "node:crypto";

/** Lowercase, punctuation stripped, whitespace collapsed: the identity of a memory's text. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function textHash(text: string): string {
  return createHash("sha256").update(normalizeText(text)).digest("hex");
}

/** Vectors travel through job steps as JSON: 6 decimals keep them small and exact enough. */
export function compactVector(v: number[]): number[] {
  return v.map((x) => Math.round(x * 1e6) / 1e6);
}
