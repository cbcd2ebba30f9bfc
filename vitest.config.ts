import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@pio/sdk": path.resolve(import.meta.dirname, "sdk/typescript/src/index.ts"), "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      // Each test process gets its own in-memory PGlite: real Postgres + pgvector, no folder.
      PGLITE_DATA_DIR: "memory://",
      NEXT_TELEMETRY_DISABLED: "1",
      OPENAI_API_KEY: "",
      DATABASE_URL: "",
    },
  },
});
