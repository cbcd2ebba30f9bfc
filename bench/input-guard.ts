/**
 * What the input checks of every public request cost (server/http/input.ts), as a ratio to
 * the JSON.parse the request pays anyway, on the same bodies.
 *
 *   npx tsx bench/input-guard.ts [rounds=20]
 *
 * Bodies: the largest /ingest batch (5,000 messages of ~200 characters), one 1 MB document,
 * and traits with 1,000 entries. Prints the median of the rounds for each.
 */
import { checkJsonInput, jsonShape } from "@/server/http/input";

const ROUNDS = Number(process.argv[2] ?? 20);

const sentence = "Can we move the weekly sync to Thursday at 3:30pm? I have a conflict with the board prep, and 🙂 the café. ";
const bodies: Record<string, string> = {
  "ingest, 5,000 messages": JSON.stringify({
    user_id: "u1",
    message_history: Array.from({ length: 5000 }, (_, i) => ({ id: `m${i}`, role: "user", content: sentence + sentence.slice(0, 90), timestamp: "2025-11-01T10:00:00Z" })),
  }),
  "ingest, one 1 MB document": JSON.stringify({ user_id: "u1", documents: [{ content: sentence.repeat(Math.ceil(1_000_000 / sentence.length)).slice(0, 1_000_000), title: "t" }] }),
  "register, 1,000 trait entries": JSON.stringify({
    user_id: "u1",
    traits: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, { a: "x", b: [1, 2], c: { d: "y" } }])),
  }),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

for (const [name, text] of Object.entries(bodies)) {
  const parse: number[] = [];
  const check: number[] = [];
  for (let r = 0; r < ROUNDS + 3; r++) {
    const t0 = performance.now();
    const value = JSON.parse(text) as unknown;
    const t1 = performance.now();
    const problem = checkJsonInput(value);
    if (name.startsWith("register")) jsonShape((value as { traits: unknown }).traits);
    const t2 = performance.now();
    if (problem) throw new Error(`unexpected: ${problem.message}`);
    if (r >= 3) {
      parse.push(t1 - t0);
      check.push(t2 - t1);
    }
  }
  const p = median(parse);
  const c = median(check);
  console.log(`${name.padEnd(30)} ${(text.length / 1e6).toFixed(2)} MB  JSON.parse ${p.toFixed(2)} ms  checks ${c.toFixed(2)} ms  ratio ${(c / p).toFixed(2)}`);
}
