import { randomBase58 } from "./base58";

/** Public, prefixed identifiers (`usr_…`, `mem_…`): 10 random bytes, ~80 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase58(10)}`;
}
