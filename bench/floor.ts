/**
 * The floor under every latency figure: what the production Next.js server takes for requests
 * that do (almost) nothing, at concurrency 4, on the same machine as the load generator.
 *
 *   npm run build && npx tsx bench/floor.ts
 */
import { httpRequest, runLoad, startServer } from "./lib/server";

const server = await startServer();
try {
  const cases: [string, string, string, string | undefined][] = [
    ["GET /api/health (select 1, no auth)", "GET", "/api/health", undefined],
    ["POST /register → 401 (no key: no database work)", "POST", "/register", "{}"],
  ];
  for (const [label, method, path, body] of cases) {
    const send = () => httpRequest(server.url, method, path, body, body ? { "content-type": "application/json" } : {});
    const r = await runLoad(async () => {
      const t = performance.now();
      await send();
      return performance.now() - t;
    }, { requests: 2000, concurrency: 4 });
    console.log(`${label}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${Math.round(r.rps)} req/s`);
  }
} finally {
  await server.stop();
}
