import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";

describe("environment validation", () => {
  it("has defaults that run with no services and no keys", () => {
    const env = parseEnv({});
    expect(env.PGLITE_DATA_DIR).toBe(".data/pglite");
    expect(env.RATE_LIMIT_RPS).toBe(100);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.OPENAI_API_KEY).toBeUndefined();
  });

  it("names each bad variable", () => {
    expect(() => parseEnv({ RATE_LIMIT_RPS: "fast" })).toThrow(/RATE_LIMIT_RPS/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: expected a postgres/);
    expect(() => parseEnv({ OPENAI_BASE_URL: "not a url" })).toThrow(/OPENAI_BASE_URL/);
    expect(() => parseEnv({ DATABASE_DRIVER: "oracle" })).toThrow(/DATABASE_DRIVER/);
    expect(() => parseEnv({ DATABASE_DRIVER: "neon" })).toThrow(EnvError);
    expect(() => parseEnv({ RATE_LIMIT_RPS: "-1", DATABASE_URL: "x" })).toThrow(/RATE_LIMIT_RPS[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*RATE_LIMIT_RPS/);
  });

  it("treats empty strings as unset and 0 as 'rate limit off'", () => {
    const env = parseEnv({ OPENAI_API_KEY: "", DATABASE_URL: "", RATE_LIMIT_RPS: "0" });
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.RATE_LIMIT_RPS).toBe(0);
  });

  it("reads SEARCH_MEMORY_MB as a number of MB, fractions included; unset is the default", () => {
    expect(parseEnv({}).SEARCH_MEMORY_MB).toBeUndefined();
    expect(parseEnv({ SEARCH_MEMORY_MB: "" }).SEARCH_MEMORY_MB).toBeUndefined();
    expect(parseEnv({ SEARCH_MEMORY_MB: "0" }).SEARCH_MEMORY_MB).toBe(0);
    expect(parseEnv({ SEARCH_MEMORY_MB: "0.5" }).SEARCH_MEMORY_MB).toBe(0.5);
    expect(parseEnv({ SEARCH_MEMORY_MB: "512" }).SEARCH_MEMORY_MB).toBe(512);
    for (const bad of ["lots", "-1", "1e9", "NaN", "Infinity"]) expect(() => parseEnv({ SEARCH_MEMORY_MB: bad }), bad).toThrow(/SEARCH_MEMORY_MB/);
  });
});
