import fs from "node:fs";

export class DatabaseLockedError extends Error {
  readonly code = "database_locked";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is single-process: two processes opening one data folder corrupt it. A lock file
 * beside the folder records the holder's pid; a lock whose process is gone is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = `${dataDir.replace(/\/+$/, "")}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 3) }));
      fs.closeSync(fd);
      const release = () => {
        try {
          const held = JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: number };
          if (held.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let pid = 0;
      try {
        pid = Number((JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: number }).pid) || 0;
      } catch {
        /* half-written or unreadable lock: treat as stale */
      }
      if (pid === process.pid) return () => {};
      if (pid && alive(pid)) {
        throw new DatabaseLockedError(
          `The embedded database folder ${dataDir} is in use by another process (pid ${pid}, probably a running Pio server): stop it first, or use another PGLITE_DATA_DIR or a DATABASE_URL.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`Could not lock the embedded database folder ${dataDir}.`);
}
