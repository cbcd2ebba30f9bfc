/**
 * The floor under every latency figure: what the production Next.js server takes for requests
 * that do (almost) nothing, at concurrency 4, on the same machine as the load generator. Run
 * for Pio's server (`npm start`, scripts/start.mjs) and for plain `next start` on the same
 * build, one after the other, so the cost of Pio's server shows as a ratio.
 *
 *   npm run build && npx tsx bench/floor.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { httpRequest, launchServer, runLoad, stopServer } from "./lib/server";

const cases: [string, string, string, string | undefined][] = [
  ["GET /api/health (select 1, no auth)", "GET", "/api/health", undefined],
  ["POST /register → 401 (no key: no database work)", "POST", "/register", "{}"],
];
const results: Record<string, Record<string, number>> = {};
for (const command of ["pio", "next-start"] as const) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-floor-"));
  const server = await launchServer({ dataDir, command });
  try {
    for (const [label, method, route, body] of cases) {
      const send = () => httpRequest(server.url, method, route, body, body ? { "content-type": "application/json" } : {});
      const r = await runLoad(async () => {
        const t = performance.now();
        await send();
        return performance.now() - t;
      }, { requests: 2000, concurrency: 4 });
      results[`${command === "pio" ? "npm start" : "next start"}: ${label}`] = {
        "p50 ms": +r.p50.toFixed(2),
        "p95 ms": +r.p95.toFixed(2),
        "p99 ms": +r.p99.toFixed(2),
        "req/s": Math.round(r.rps),
      };
    }
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
console.table(results);
for (const [label] of cases) {
  const pio = results[`npm start: ${label}`]!;
  const plain = results[`next start: ${label}`]!;
  console.log(`${label}: p50 ratio npm start / next start ${(pio["p50 ms"]! / plain["p50 ms"]!).toFixed(2)}, p95 ratio ${(pio["p95 ms"]! / plain["p95 ms"]!).toFixed(2)}`);
}
