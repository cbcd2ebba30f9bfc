/**
 * The floor under every latency figure: what the production Next.js server takes for requests
 * that do (almost) nothing, at concurrency 4, on the same machine as the load generator.
 *
 *   npm run build && npx tsx bench/floor.ts
 */
import { httpRequest, percentile, startServer } from "./lib/server";

const server = await startServer();
try {
  const cases: [string, string, string, string | undefined][] = [
    ["GET /api/health (select 1, no auth)", "GET", "/api/health", undefined],
    ["POST /register → 401 (no key: no database work)", "POST", "/register", "{}"],
  ];
  for (const [label, method, path, body] of cases) {
    const send = () => httpRequest(server.url, method, path, body, body ? { "content-type": "application/json" } : {});
    for (let i = 0; i < 100; i++) await send();
    const times: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < 2000) {
          const t = performance.now();
          await send();
          times.push(performance.now() - t);
        }
      }),
    );
    times.sort((a, b) => a - b);
    console.log(`${label}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
  }
} finally {
  await server.stop();
}
