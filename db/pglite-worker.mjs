// The embedded database's own thread: PGlite (Postgres + pgvector in WASM) served over the
// Postgres wire protocol on a private Unix socket. The app talks to it with node-postgres, so
// SQL runs here while the main thread goes on serving HTTP. Plain JavaScript, loaded by path
// at run time (db/client.ts), never bundled.
//
// PGlite has one session; all connections share it. Two rules keep that correct:
//  - a client's extended-protocol exchange (Parse … Sync) or simple Query runs as one unit:
//    nothing of another connection runs between its Bind and its Execute (they would share the
//    unnamed statement and portal);
//  - while a connection is inside a transaction, only that connection's units run; when it
//    goes away mid-transaction, the transaction is rolled back.
// (@electric-sql/pglite-socket's server interleaves single messages of different connections,
// which returned one connection's rows to another under load; hence this small server.)
import fs from "node:fs";
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

const { dataDir, socketPath, sessionSettings, template } = workerData;

/** A throwaway database starts from a migrated template when one is given and exists (PGLITE_TEMPLATE). */
function templateBlob() {
  if (!template) return undefined;
  try {
    return new Blob([fs.readFileSync(template)]);
  } catch {
    return undefined;
  }
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** Message types that end a unit of work: Sync, simple Query, Flush. */
const UNIT_END = new Set(["S", "Q", "H"]);

let db;
/** @type {{ conn: Conn, messages: Buffer[] }[]} */
let queue = [];
/** @type {Conn | null} */
let txOwner = null;
let running = null;

class Conn {
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.started = false;
    this.pending = [];
    this.closed = false;
  }
}

function enqueue(conn, messages) {
  queue.push({ conn, messages });
  kick();
}

function kick() {
  if (running) return;
  running = drain().finally(() => {
    running = null;
    if (nextUnitIndex() !== -1 || (txOwner && txOwner.closed)) kick();
  });
}

function nextUnitIndex() {
  if (txOwner) return queue.findIndex((u) => u.conn === txOwner);
  return queue.length ? 0 : -1;
}

async function drain() {
  for (;;) {
    if (txOwner && txOwner.closed) {
      await db.exec("ROLLBACK").catch(() => {});
      txOwner = null;
    }
    const i = nextUnitIndex();
    if (i === -1) return;
    const [unit] = queue.splice(i, 1);
    const out = [];
    const started = profile ? performance.now() : 0;
    try {
      await db.runExclusive(async () => {
        for (let m = 0; m < unit.messages.length; m++) {
          await db.execProtocolRawStream(new Uint8Array(unit.messages[m]), {
            syncToFs: m === unit.messages.length - 1,
            onRawData: (data) => out.push(Buffer.from(data)),
          });
        }
      });
    } catch (error) {
      // The backend reports SQL errors in the protocol; an exception here is PGlite itself.
      console.error("[pio] embedded database:", error);
      unit.conn.socket.destroy();
    }
    if (profile) note(unit.messages, performance.now() - started);
    txOwner = db.isInTransaction() ? unit.conn : null;
    if (out.length && !unit.conn.closed && unit.conn.socket.writable) unit.conn.socket.write(Buffer.concat(out));
  }
}

// PIO_SQL_PROFILE=1 (benchmarks): time spent per statement text, sent to the app on request.
const profile = process.env.PIO_SQL_PROFILE === "1" ? new Map() : null;
function note(messages, ms) {
  let text = "(other)";
  for (const m of messages) {
    const type = String.fromCharCode(m[0]);
    if (type !== "P" && type !== "Q") continue;
    let at = 5;
    if (type === "P") at = m.indexOf(0, at) + 1; // skip the statement name
    text = m.subarray(at, m.indexOf(0, at)).toString("utf8").replace(/\s+/g, " ").trim().slice(0, 400);
    break;
  }
  const e = profile.get(text) ?? { ms: 0, n: 0 };
  e.ms += ms;
  e.n++;
  profile.set(text, e);
}

function onData(conn, chunk) {
  conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
  for (;;) {
    const b = conn.buffer;
    if (!conn.started) {
      if (b.length < 8) return;
      const length = b.readInt32BE(0);
      if (b.length < length) return;
      const code = b.readInt32BE(4);
      const message = b.subarray(0, length);
      conn.buffer = b.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) conn.socket.write("N");
      else if (code === CANCEL_REQUEST) conn.socket.end();
      else if (code === PROTOCOL_3) {
        conn.started = true;
        enqueue(conn, [Buffer.from(message)]);
      } else conn.socket.destroy();
      continue;
    }
    if (b.length < 5) return;
    const length = 1 + b.readInt32BE(1);
    if (b.length < length) return;
    const type = String.fromCharCode(b[0]);
    const message = Buffer.from(b.subarray(0, length));
    conn.buffer = b.subarray(length);
    if (type === "X") {
      conn.socket.end();
      return;
    }
    conn.pending.push(message);
    if (UNIT_END.has(type)) {
      enqueue(conn, conn.pending);
      conn.pending = [];
    }
  }
}

try {
  const loadDataDir = templateBlob();
  db = await PGlite.create({ dataDir, extensions: { vector }, ...(loadDataDir ? { loadDataDir } : {}) });
  await db.exec(sessionSettings);
  fs.rmSync(socketPath, { force: true });
  const sockets = new Set();
  const server = net.createServer((socket) => {
    const conn = new Conn(socket);
    sockets.add(socket);
    socket.on("data", (chunk) => onData(conn, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      conn.closed = true;
      sockets.delete(socket);
      queue = queue.filter((u) => u.conn !== conn);
      kick();
    });
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(socketPath, resolve));
  parentPort.on("message", async (message) => {
    if (message === "sql-profile") return parentPort.postMessage({ type: "sql-profile", entries: profile ? [...profile] : [] });
    if (message !== "stop") return;
    try {
      server.close();
      for (const s of sockets) s.destroy();
      while (running) await running;
      await db.close();
    } finally {
      parentPort.postMessage({ type: "stopped" });
    }
  });
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
}
