/**
 * Redaction throughput on realistic chat messages.
 *
 *   npx tsx bench/redaction.ts [messages=5000] [rounds=5]
 *
 * Builds a deterministic corpus of ~200-character messages (about one in four carries some
 * PII), warms up, then times `redactText` over the whole corpus several times and prints the
 * median round, plus the time each detector takes on its own.
 */
import { defaultDetectors, redactText } from "@/server/privacy";

const COUNT = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 5);

// Deterministic PRNG (mulberry32) so every run measures the same corpus.
let seed = 0x5eed;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

const PLAIN = [
  "Can we move the weekly sync to Thursday at 3:30pm? I have a conflict with the board prep.",
  "We closed 17 tickets this sprint and shipped v2.3.1 to production on 2025-11-01 without incidents.",
  "I'm planning to hire 3 engineers and 2 designers in Q1, budget is around $1.2M for the year.",
  "My daughter starts school in September so I'd prefer meetings before 9am or after 4pm Pacific.",
  "The churn numbers look better: 2.1% monthly, down from 3.4% in March. Retention is the key insight.",
  "Remind me to renew the domain, it expires Nov 1st. Also the SOC 2 audit kicks off on the 15th.",
  "I prefer concise answers with bullet points, and please use metric units and 24h time (14:30).",
  "We're at $1M ARR, 2,000 paying users, and the average contract is €30 per seat per month.",
  "Upgrade Node to 20.19.4 and Postgres to 16.4 before the migration; the flight UA 1234 lands at 9pm.",
  "I live in San Francisco, in the Mission district, and usually work from the Ferry Building cafe.",
  "Order #12345 was delayed again; the vendor says the new ETA is 11/08/2025 at the latest.",
  "Ash Lewis is my cofounder; he handles sales while I take product and the engineering roadmap.",
];

const PII = [
  "Sure, my email is ash.lewis@example.com and my cell is +1 (415) 555-0132 if anything breaks tonight.",
  "Ship the replacement laptop to 742 Evergreen Terrace, Springfield, and call 415-555-0199 on arrival.",
  "For the refund use card 4111 1111 1111 1111 or wire to IBAN GB82 WEST 1234 5698 7654 32 please.",
  "The staging box is 10.0.4.17 and the admin password is hunter2, don't tell anyone about it ok?",
  "Here is the key for the integration: sk_live_51HxYzAbCdEfGhIjKlMnOpQr, rotate it next week.",
  "My SSN is 123-45-6789 and my UK NI number is QQ 12 34 56 C, for the payroll form they asked about.",
  "You can reach our London office at +44 20 7946 0958 or by mail at 221B Baker Street, London NW1 6XE.",
  "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9P",
];

const FILLER = [" Thanks!", " Let me know.", " Cheers, Ash.", " See you then.", " 👍", ""];

function message(): string {
  // Two sentences (~200 characters); about one message in four carries PII.
  let m = pick(PLAIN) + " " + (rand() < 0.25 ? pick(PII) : pick(PLAIN));
  m += pick(FILLER);
  // Vary the text a little so nothing is trivially cached by the engine.
  return m.replace(/\b(\d)\b/, () => String(Math.floor(rand() * 9) + 1));
}

const corpus = Array.from({ length: COUNT }, message);
const avgLen = corpus.reduce((n, m) => n + m.length, 0) / corpus.length;

function timeRound(fn: (text: string) => unknown): number {
  const t0 = process.hrtime.bigint();
  for (const m of corpus) fn(m);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

// Warm-up (JIT, regex compilation).
for (let i = 0; i < 3; i++) timeRound((t) => redactText(t));

const rounds = Array.from({ length: ROUNDS }, () => timeRound((t) => redactText(t)));
const ms = median(rounds);
const perMsgUs = (ms * 1000) / COUNT;
let redacted = 0;
for (const m of corpus) if (redactText(m).text !== m) redacted++;

console.log(`messages: ${COUNT} (avg ${avgLen.toFixed(0)} chars, ${redacted} contain PII), rounds: ${ROUNDS}`);
console.log(`redactText: ${ms.toFixed(1)} ms per round (median)`);
console.log(`  ${Math.round(COUNT / (ms / 1000)).toLocaleString("en-US")} messages/s, ${perMsgUs.toFixed(1)} µs/message`);
console.log("per detector (µs/message, median of rounds):");
for (const d of defaultDetectors) {
  const rs = Array.from({ length: ROUNDS }, () => timeRound((t) => d.detect(t)));
  console.log(`  ${d.name.padEnd(13)} ${((median(rs) * 1000) / COUNT).toFixed(2)}`);
}
