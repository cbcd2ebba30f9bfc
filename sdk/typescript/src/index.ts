import type { RequestOptions } from "./core.ts";
import { PioError } from "./errors.ts";
import { PioOperations, type IngestionResponse } from "./generated.ts";

export * from "./core.ts";
export * from "./errors.ts";
export * from "./generated.ts";
export * from "./webhooks.ts";

/**
 * A client of the Pio API: one typed method per operation (`register`, `ingest`,
 * `getIngestion`, `getSummary`, `getChunks`, `query`), with retries, timeouts and typed errors.
 *
 * ```ts
 * const pio = new Pio({ apiKey: process.env.PIO_API_KEY, baseUrl: "http://localhost:3000" });
 * const { user_id } = await pio.register({ email: "me@pioneer.ai" });
 * ```
 */
export class Pio extends PioOperations {
  /** Polls `GET /ingestions/{id}` until processing is done; throws if it failed or took longer than `timeoutMs`. */
  async waitForIngestion(id: string, opts: { timeoutMs?: number; pollMs?: number } & RequestOptions = {}): Promise<IngestionResponse> {
    const { timeoutMs = 120_000, pollMs = 500, ...options } = opts;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.getIngestion({ id }, options);
      if (status.status === "done") return status;
      if (status.status === "failed") throw new PioError(`Ingestion ${id} failed: ${status.error ?? "no reason given"}`);
      if (Date.now() > deadline) throw new PioError(`Ingestion ${id} is still ${status.status} after ${timeoutMs} ms.`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

export default Pio;
