import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: migrations are applied at run time by db/migrate.ts,
// because drizzle-kit cannot load pgvector into PGlite.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
