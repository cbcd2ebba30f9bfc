import { z } from "zod";
import { DEFAULT_NER_ENTITIES, NER_ENTITIES, type NerEntityName } from "./privacy/ner";

/**
 * Every environment variable Pio reads, validated once. A bad value fails loudly with its
 * name at start-up (instrumentation.ts, scripts) instead of deep inside a request.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return false;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: "custom", message: `expected 1/0/true/false, got "${v}"` });
    return z.NEVER;
  });

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: RegExp, what: string) =>
  optionalString.refine((v) => {
    if (v === undefined) return true;
    try {
      return protocols.test(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `expected ${what}`);

const nerEntities = z
  .string()
  .optional()
  .transform((v, ctx): NerEntityName[] => {
    if (v === undefined || v.trim() === "") return [...DEFAULT_NER_ENTITIES];
    const names = v.split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
    const unknown = names.filter((n) => !(n in NER_ENTITIES));
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `unknown entity type(s) ${unknown.join(", ")}; choose from ${Object.keys(NER_ENTITIES).join(", ")}` });
      return z.NEVER;
    }
    return [...new Set(names)] as NerEntityName[];
  });

/** A decimal number from `min` to `max`; unset or empty: `def`. */
const decimal = <D extends number | undefined>(min: number, max: number, what: string, def: D) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | D => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected ${what} from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(/^postgres(ql)?:$/, "a postgres:// or postgresql:// URL"),
  DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  PGLITE_DATA_DIR: z.string().default(".data/pglite"),
  /**
   * A dump of a migrated embedded database (PGlite's dumpDataDir, uncompressed) that a
   * `memory://` database, or a data folder with no database yet, starts from instead of running
   * initdb (~3 s of CPU); an existing folder keeps its data. The test suite
   * makes one per set of migrations (tests/setup/pglite-template.ts); ignored when the file is
   * missing.
   */
  PGLITE_TEMPLATE: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url(/^https?:$/, "an http(s) URL"),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_DEV: optionalString,
  RATE_LIMIT_RPS: int(100, 0, 1_000_000),
  /** A user's search gets indexes of its own past this many rows (docs/architecture.md, "Per-user search"). */
  SEARCH_USER_INDEX_MIN_ROWS: int(2000, 1, 1_000_000_000),
  /**
   * Embedded database: MB of users' search rows kept in the app's memory (server/retrieval/memory-index.ts).
   * Unset: a quarter of the machine's memory, at most 4,096. 0: every search runs its statement.
   */
  SEARCH_MEMORY_MB: decimal(0, 1_000_000, "a number of MB", undefined),
  /** How many proxies stand in front of every instance (0: trust no X-Forwarded-For). */
  TRUST_PROXY: int(0, 0, 10),
  /** Stage 1: fetch the public page at traits.website (off by default). */
  ENRICH_WEBSITES: flag,
  /** TEST-ONLY: hosts the website fetcher may reach although they are private (e.g. 127.0.0.1). */
  ENRICH_TEST_ALLOW_HOSTS: optionalString,
  /** Webhook retries: the waits before each retry, comma-separated (ms, or with s/m/h/d); the last failure marks the delivery failed. */
  WEBHOOK_RETRY_SCHEDULE: optionalString.refine(
    (v) => v === undefined || v.split(",").every((p) => /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/.test(p)),
    "expected durations separated by commas, e.g. 30s,5m,30m,2h,5h,10h",
  ),
  /** How long one webhook delivery may take (connect, send, answer). */
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 60_000),
  /** TEST-ONLY: hosts webhook deliveries may reach although they are private (e.g. 127.0.0.1). */
  WEBHOOK_TEST_ALLOW_HOSTS: optionalString,
  /** Signs portal sessions. Unset: a random secret is kept in .data/auth-secret (one instance only). */
  AUTH_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters (openssl rand -base64 32)"),
  /** OAuth sign-in switches on per provider when both its id and secret are set. */
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  /** A GLiNER-style recognizer for PII the rules miss (docs/privacy.md). Unset: rules only. */
  PII_NER_URL: url(/^https?:$/, "an http(s) URL"),
  /** Which entity types the recognizer redacts, comma-separated (person, organization, …). */
  PII_NER_ENTITIES: nerEntities,
  PII_NER_THRESHOLD: decimal(0, 1, "a number", 0.5),
  PII_NER_TIMEOUT_MS: int(2000, 50, 60_000),
  /** Sent as `Authorization: Bearer …` to the recognizer, if it needs one. */
  PII_NER_API_KEY: optionalString,
  /** Mail (verification links, invitations) through this SMTP server; unset: to the server log. */
  SMTP_URL: url(/^smtps?:$/, "an smtp:// or smtps:// URL"),
  MAIL_FROM: z.string().default("Pio <no-reply@pio.localhost>"),
  /** The /dev/outbox page (mail kept in memory, no SMTP only): on in development, off in production unless set. */
  DEV_OUTBOX: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const parsed = flag.safeParse(v);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: `expected 1/0/true/false, got "${v}"` });
      return z.NEVER;
    }),
  /** The portal's public origin for links in mail (e.g. https://pio.example.com); unset: from the request. */
  APP_URL: url(/^https?:$/, "an http(s) URL"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment variable(s):\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.DATABASE_DRIVER && env.DATABASE_DRIVER !== "pglite" && !env.DATABASE_URL) {
    throw new EnvError(
      `Invalid environment variable(s):\n  DATABASE_DRIVER: "${env.DATABASE_DRIVER}" needs DATABASE_URL`,
    );
  }
  for (const provider of ["GITHUB", "GOOGLE"] as const) {
    const id = env[`AUTH_${provider}_ID`];
    const secret = env[`AUTH_${provider}_SECRET`];
    if (Boolean(id) !== Boolean(secret)) {
      const missing = id ? `AUTH_${provider}_SECRET` : `AUTH_${provider}_ID`;
      throw new EnvError(`Invalid environment variable(s):\n  ${missing}: needed with ${id ? `AUTH_${provider}_ID` : `AUTH_${provider}_SECRET`}`);
    }
  }
  return env;
}

let cached: Env | undefined;

/** The validated environment (parsed on first use, then cached for the process). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
