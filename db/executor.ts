import type { Database } from "./client";

/** A transaction handle of the shared database type. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Functions that may run inside a caller's transaction take either. */
export type Executor = Database | Transaction;
