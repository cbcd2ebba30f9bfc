import { processIngestionJob } from "./process-ingestion";

/** Every background function, served at /api/inngest. */
export const jobs = [processIngestionJob];
export const functions = jobs.map((j) => j.fn);
