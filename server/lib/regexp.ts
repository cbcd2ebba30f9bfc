/** A string as a literal inside a regular expression (a user's name may be "');" or "A.J."); valid with the `u` flag too. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Patterns built from a key (a user's name), compiled once per key. Fact analysis runs a few
 * dozen patterns that name the user over every fact; compiled afresh each time they were most of
 * an ingestion's CPU (~150 µs a fact in the slot rules alone). Share only patterns without the g
 * or y flag, or ones used only through `matchAll`/`replace` (which start at 0 and do not move
 * the shared object's `lastIndex`): `exec`/`test` on a g pattern would carry state between callers.
 */
export function compiledPer<K, T>(build: (key: K) => T, maxKeys = 1_000): (key: K) => T {
  const built = new Map<K, T>();
  return (key) => {
    let v = built.get(key);
    if (v === undefined) {
      // Insertion order: the key compiled first is dropped first.
      if (built.size >= maxKeys) built.delete(built.keys().next().value as K);
      v = build(key);
      built.set(key, v);
    }
    return v;
  };
}
