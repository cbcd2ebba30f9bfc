/**
 * A copy of a JSON-like value cut below `maxDepth` levels of objects and arrays: deeper
 * containers become "…". Recursion is bounded by `maxDepth`, so any stored value (even one
 * written before the input limits existed) can be serialized and shown.
 */
export function capJsonDepth(value: unknown, maxDepth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (maxDepth <= 0) return "…";
  if (Array.isArray(value)) return value.map((v) => capJsonDepth(v, maxDepth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, k, { value: capJsonDepth(v, maxDepth - 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
