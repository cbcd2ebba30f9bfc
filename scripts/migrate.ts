/** npm run db:migrate: applies pending migrations to the configured database and exits. */
import { chooseDriver, closeDb, getDb } from "@/db/client";
import { DatabaseLockedError } from "@/db/lock";
import { EnvError } from "@/server/env";

try {
  await getDb();
  console.log(`Migrations applied (${chooseDriver()}).`);
  await closeDb();
} catch (e) {
  if (e instanceof DatabaseLockedError || e instanceof EnvError) {
    console.error(`db:migrate: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
