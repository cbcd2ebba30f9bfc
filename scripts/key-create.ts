/**
 * npm run key:create -- --name NAME --workspace WORKSPACE [--env sandbox|live] [--owner EMAIL] [--expires-in-days N]
 *
 * Creates a key in the workspace called WORKSPACE and prints the key alone on the last line of
 * stdout (so `| tail -n1` captures it). With --owner, the workspace is the one of that name the
 * portal account EMAIL belongs to, or one the CLI made without an owner (the account becomes its
 * owner), or a new one it owns, so the workspace, its users and its logs show in the portal. The
 * account must exist: the CLI creates none. Without --owner, the workspace is found or created
 * by name and has no members until an --owner run attaches it. The command itself is
 * server/keys/cli.ts; this is its process: the database of this folder (or DATABASE_URL).
 */
import { closeDb, getDb } from "@/db/client";
import { keyCreateCommand } from "@/server/keys/cli";

let code: number;
try {
  code = await keyCreateCommand(process.argv.slice(2), {
    openDb: getDb,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} finally {
  await closeDb().catch(() => {});
}
process.exitCode = code;
