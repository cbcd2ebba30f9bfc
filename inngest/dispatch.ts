import { inngest, inngestConfigured } from "./client";
import type { Job } from "./define";
import { runInProcess } from "./runner";

/**
 * Starts a background job: an Inngest event when Inngest is configured, otherwise the same
 * function in this process. Either way the caller does not wait for the work.
 */
export async function dispatch<T extends Record<string, unknown>>(job: Job<T>, data: T): Promise<void> {
  if (inngestConfigured()) {
    await inngest.send({ name: job.spec.event, data, ...(job.spec.eventId ? { id: job.spec.eventId(data) } : {}) });
    return;
  }
  runInProcess(job.spec, data);
}
