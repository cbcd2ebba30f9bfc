// The embedded database's own thread: PGlite (Postgres + pgvector in WASM) served over the
// Postgres wire protocol on a private Unix socket. The app talks to it with node-postgres, so
// SQL runs here while the main thread goes on serving HTTP. Plain JavaScript, loaded by path
// at run time (db/client.ts), never bundled.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const { dataDir, socketPath, sessionSettings } = workerData;

try {
  const db = await PGlite.create({ dataDir, extensions: { vector } });
  await db.exec(sessionSettings);
  // Connections share the one session; the server keeps a transaction's statements together
  // (while one connection is inside a transaction, only its queries run).
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 64 });
  await server.start();
  parentPort.on("message", async (message) => {
    if (message !== "stop") return;
    try {
      await server.stop();
      await db.close();
    } finally {
      parentPort.postMessage({ type: "stopped" });
    }
  });
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
}
