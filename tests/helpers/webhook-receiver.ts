import http from "node:http";

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  path: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/**
 * A local HTTP server standing in for a developer's webhook endpoint. `answer` decides the
 * status of each request (default 200). Listens on the first free port of `ports`
 * (each engineer's range: 4150-4199 by default).
 */
export async function webhookReceiver(opts: { answer?: (n: number, req: ReceivedWebhook) => number; ports?: [number, number] } = {}) {
  const received: ReceivedWebhook[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* not JSON */
      }
      const hook = { headers: req.headers, body, json, path: req.url ?? "/", at: Date.now() };
      received.push(hook);
      const status = opts.answer ? opts.answer(received.length, hook) : 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status >= 300 ? "receiver says no" : "ok");
      for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
    });
  });
  const [from, to] = opts.ports ?? [Number(process.env.WEBHOOK_TEST_PORT_FROM ?? 4150), Number(process.env.WEBHOOK_TEST_PORT_TO ?? 4199)];
  let port = 0;
  for (let p = from + Math.floor(Math.random() * (to - from + 1)), tries = 0; tries <= to - from; tries++, p = p >= to ? from : p + 1) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(p, "127.0.0.1", () => resolve(true));
    });
    if (ok) {
      port = p;
      break;
    }
  }
  if (!port) throw new Error(`no free port in ${from}-${to}`);
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    /** Resolves once `n` requests have arrived. */
    waitFor: (n: number, timeoutMs = 15_000) =>
      received.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} webhook(s) arrived`)), timeoutMs);
            waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
