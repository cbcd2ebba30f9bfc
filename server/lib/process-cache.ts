import { chooseDriver } from "@/db/client";

/**
 * A short-lived in-memory cache for rows read on every request (verified keys, end users).
 * Used only on the embedded database, which is single-process by construction: every change
 * to a cached row goes through this process and calls `clear()`. With a server Postgres
 * several instances share the rows, so `enabled` is false and every request reads them.
 *
 * A read that started before a `clear()` does not store what it read: its row may be the
 * one the change just replaced or deleted.
 */
export class ProcessCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get enabled(): boolean {
    return chooseDriver() === "pglite";
  }

  clear(): void {
    this.entries.clear();
    this.generation++;
  }

  /**
   * Runs a change of the cached rows: cleared before (nothing read meanwhile is kept) and again
   * after (a read that overlapped the write may have stored the old row), even when it throws.
   */
  async change<T>(write: () => Promise<T>): Promise<T> {
    this.clear();
    try {
      return await write();
    } finally {
      this.clear();
    }
  }

  /** The cached value, if any (no load). */
  peek(key: string): V | undefined {
    if (!this.enabled) return undefined;
    const hit = this.entries.get(key);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  /** Caches a value read elsewhere, read after `generation` (`generation()` before the read). */
  remember(key: string, value: V, generation: number): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, at: Date.now() });
  }

  /** Changes with every `clear()`: a read that spans one must not be cached. */
  currentGeneration(): number {
    return this.generation;
  }

  /** The cached value, or `load()`'s (cached when found and nothing changed meanwhile). */
  async getOrLoad(key: string, load: () => Promise<V | null>): Promise<V | null> {
    if (!this.enabled) return load();
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (value !== null) this.remember(key, value, generation);
    return value;
  }
}
