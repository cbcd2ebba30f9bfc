/**
 * Per-file setup of the `postgres` project: a fresh database copied from the run's migrated
 * template, used through DATABASE_URL exactly as a deployment uses its server.
 */
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { closeDb } from "@/db/client";
import { waitForIdle } from "@/inngest/runner";
import { flushRequestLogs } from "@/server/http/request-log";
import { resetEnvCache } from "@/server/env";
import { databaseUrl, quoteIdent, withAdmin } from "./postgres";

const adminUrl = inject("pgAdminUrl");
const name = `${inject("pgRunPrefix")}_${randomBytes(5).toString("hex")}`;
await withAdmin(adminUrl, (c) => c.query(`create database ${quoteIdent(name)} template ${quoteIdent(inject("pgTemplate"))}`));
process.env.DATABASE_URL = databaseUrl(adminUrl, name);
resetEnvCache();

afterAll(async () => {
  // Background work and batched request logs still writing to this database finish first.
  await waitForIdle(30_000).catch(() => {});
  await flushRequestLogs();
  await closeDb();
  await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
});
