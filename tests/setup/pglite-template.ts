/**
 * The migrated embedded database that every test's `memory://` database starts from
 * (PGLITE_TEMPLATE, read by db/pglite-worker.mjs): initdb in WASM costs ~3–4 s of CPU per
 * database, loading this dump ~1.5 s, and the suite opens over a hundred of them (each test
 * file, each child server). Made once per set of migrations: the file's name carries a hash of
 * db/migrations (vitest.config.ts), so a changed or added migration makes a new one.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

export async function ensurePgliteTemplate(file: string | undefined): Promise<void> {
  if (!file || fs.existsSync(file)) return;
  const started = performance.now();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = await PGlite.create({ dataDir: "memory://", extensions: { vector } });
  try {
    await migrate(drizzle({ client: db }), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
    await db.exec("CHECKPOINT");
    const dump = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer());
    // Written beside and renamed: a run that starts meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, dump);
    fs.renameSync(partial, file);
  } finally {
    await db.close();
  }
  // Earlier migrations' templates are of no further use.
  const prefix = path.basename(file).replace(/-[0-9a-f]+\.tar$/, "-");
  for (const other of fs.readdirSync(path.dirname(file))) {
    if (other.startsWith(prefix) && other !== path.basename(file) && !other.endsWith(".partial")) {
      fs.rmSync(path.join(path.dirname(file), other), { force: true });
    }
  }
  console.log(`[databases] pglite: migrated template made in ${Math.round(performance.now() - started)} ms (${path.relative(process.cwd(), file)})`);
}
