import { describe, expect, it } from "vitest";
import { ProcessCache } from "@/server/lib/process-cache";

describe("ProcessCache (embedded database only)", () => {
  it("serves a loaded value until cleared, and does not cache misses", async () => {
    const cache = new ProcessCache<string>(60_000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.getOrLoad("k", load)).toBe("v1");
    expect(await cache.getOrLoad("k", load)).toBe("v1");
    cache.clear();
    expect(await cache.getOrLoad("k", load)).toBe("v2");
    expect(await cache.getOrLoad("gone", async () => null)).toBeNull();
    expect(await cache.getOrLoad("gone", async () => "now")).toBe("now");
  });

  it("a read that started before a change does not store what it read", async () => {
    const cache = new ProcessCache<string>(60_000);
    let finish!: (v: string) => void;
    const slow = cache.getOrLoad("user", () => new Promise<string>((r) => (finish = r)));
    cache.clear(); // e.g. the user was deleted while the read was in flight
    finish("stale");
    expect(await slow).toBe("stale");
    expect(await cache.getOrLoad("user", async () => "fresh")).toBe("fresh");
  });

  it("expires entries after their time to live", async () => {
    const cache = new ProcessCache<number>(0);
    let n = 0;
    await cache.getOrLoad("k", async () => ++n);
    await new Promise((r) => setTimeout(r, 2));
    expect(await cache.getOrLoad("k", async () => ++n)).toBe(2);
  });
});
