/**
 * The floor under every latency figure: what the production Next.js server takes for requests
 * that do (almost) nothing, at concurrency 4, on the same machine as the load generator. Pio's
 * server (`npm start`, scripts/start.mjs) and plain `next start` run side by side on the same
 * build and are loaded in alternating rounds, so the shared machine's noise hits both alike and
 * the cost of Pio's server shows as a ratio.
 *
 *   npm run build && npx tsx bench/floor.ts [--rounds 6] [--requests 500]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { httpRequest, launchServer, percentile, runLoad, stopServer, type ServerProcess } from "./lib/server";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "6" }, requests: { type: "string", default: "500" } } });
const cases: [string, string, string, string | undefined][] = [
  ["GET /api/health (select 1, no auth)", "GET", "/api/health", undefined],
  ["POST /register → 401 (no key: no database work)", "POST", "/register", "{}"],
];
const commands = { "npm start": "pio", "next start": "next-start" } as const;
const servers: Record<string, ServerProcess> = {};
const dirs: string[] = [];
try {
  for (const [name, command] of Object.entries(commands)) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pio-floor-"));
    dirs.push(dataDir);
    servers[name] = await launchServer({ dataDir, command });
  }
  const results: Record<string, Record<string, number>> = {};
  const ratios: string[] = [];
  for (const [label, method, route, body] of cases) {
    const times: Record<string, number[]> = {};
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const name of round % 2 ? Object.keys(servers).reverse() : Object.keys(servers)) {
        const send = () => httpRequest(servers[name]!.url, method, route, body, body ? { "content-type": "application/json" } : {});
        const r = await runLoad(async () => {
          const t = performance.now();
          await send();
          return performance.now() - t;
        }, { requests: Number(values.requests), concurrency: 4, warmup: round === 0 ? 500 : 50 });
        (times[name] ??= []).push(...r.times);
      }
    }
    for (const [name, ts] of Object.entries(times)) {
      ts.sort((a, b) => a - b);
      results[`${name}: ${label}`] = { requests: ts.length, "p50 ms": +percentile(ts, 50).toFixed(2), "p95 ms": +percentile(ts, 95).toFixed(2), "p99 ms": +percentile(ts, 99).toFixed(2) };
    }
    const [a, b] = [results[`npm start: ${label}`]!, results[`next start: ${label}`]!];
    ratios.push(`${label}: npm start / next start p50 ${(a["p50 ms"]! / b["p50 ms"]!).toFixed(2)}, p95 ${(a["p95 ms"]! / b["p95 ms"]!).toFixed(2)}`);
  }
  console.table(results);
  for (const r of ratios) console.log(r);
} finally {
  for (const s of Object.values(servers)) await stopServer(s);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}
