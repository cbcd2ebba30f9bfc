/**
 * Offline AI speed bench: `npx tsx bench/embeddings.ts [path/to/locomo-conv.json]`.
 *
 * Prints the offline embedding cost per text (µs) and the offline extraction throughput
 * (messages/s) over a few thousand realistic chat messages. The messages come from the LoCoMo
 * sample in /work/shared/bench/locomo (read at run time, never copied into the repo): one
 * speaker plays the user, the other the assistant. Without that file, synthetic messages are used.
 */
import { existsSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createOfflineEmbeddings, embedOffline } from "@/server/ai/embeddings";
import { createOfflineExtractor } from "@/server/memory/extract/offline";
import type { ConversationMessage } from "@/server/memory/extract/types";

const DEFAULT_PATH = "/work/shared/bench/locomo/conv-30.json";
const TARGET_MESSAGES = 4000;

interface Turn {
  speaker: string;
  dia_id: string;
  text: string;
}

function loadMessages(path: string): { messages: ConversationMessage[]; userName: string; source: string } {
  if (existsSync(path)) {
    const conv = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    const userName = String(conv.speaker_a ?? "User");
    const sessions = Object.keys(conv)
      .filter((k) => /^session_\d+$/.test(k))
      .sort((a, b) => Number(a.split("_")[1]) - Number(b.split("_")[1]));
    const base: ConversationMessage[] = [];
    let t = Date.UTC(2023, 0, 20, 13, 56);
    for (const k of sessions) {
      for (const turn of conv[k] as Turn[]) {
        t += 60_000;
        base.push({
          id: turn.dia_id,
          role: turn.speaker === userName ? "user" : "assistant",
          content: turn.text,
          timestamp: new Date(t),
        });
      }
      t += 3 * 86_400_000;
    }
    const messages: ConversationMessage[] = [];
    for (let round = 0; messages.length < TARGET_MESSAGES; round++) {
      for (const m of base) messages.push({ ...m, id: `${m.id}#${round}` });
    }
    return { messages: messages.slice(0, TARGET_MESSAGES), userName, source: path };
  }
  const samples = [
    "Hey! I finally started my own dance studio last week, it's been crazy busy.",
    "I love sushi and usually eat late dinners around 9pm.",
    "Thanks!",
    "Yeah, we went to Yosemite last weekend and hiked Half Dome.",
    "My sister Gina just lost her job at Door Dash, so I'm helping her update her resume.",
    "What should I eat tonight? I'm starving.",
  ];
  const messages = Array.from({ length: TARGET_MESSAGES }, (_, i) => ({
    id: `m${i}`,
    role: (i % 2 === 0 ? "user" : "assistant") as ConversationMessage["role"],
    content: samples[i % samples.length]!,
    timestamp: new Date(Date.UTC(2023, 0, 20) + i * 60_000),
  }));
  return { messages, userName: "Jon", source: "synthetic" };
}

async function main(): Promise<void> {
  const { messages, userName, source } = loadMessages(process.argv[2] ?? DEFAULT_PATH);
  const texts = messages.map((m) => m.content);
  const avgChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  console.log(`messages: ${messages.length} from ${source} (average ${avgChars.toFixed(0)} chars)`);

  // --- embeddings -------------------------------------------------------------------
  for (let i = 0; i < 2000; i++) embedOffline(texts[i % texts.length]!); // warm-up
  const rounds = 5;
  let start = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) embedOffline(t);
  let ms = performance.now() - start;
  console.log(`offline embedding: ${((ms * 1000) / (rounds * texts.length)).toFixed(2)} µs/text (average text)`);

  const text150 = "User loves sushi and usually eats late dinners around 9pm; Jon started a dance studio downtown last month.";
  const t150 = (text150 + " " + text150).slice(0, 150);
  const n150 = 50_000;
  start = performance.now();
  for (let i = 0; i < n150; i++) embedOffline(t150);
  ms = performance.now() - start;
  console.log(`offline embedding: ${((ms * 1000) / n150).toFixed(2)} µs/text (150-char text)`);

  const provider = createOfflineEmbeddings();
  start = performance.now();
  await provider.embed(texts);
  ms = performance.now() - start;
  console.log(`offline provider.embed(${texts.length} texts): ${ms.toFixed(1)} ms`);

  // --- extraction -------------------------------------------------------------------
  const extractor = createOfflineExtractor();
  const batch = 20;
  const run = async () => {
    let facts = 0;
    for (let i = 0; i < messages.length; i += batch) {
      const out = await extractor.extract({
        userName,
        messages: messages.slice(i, i + batch),
        context: messages.slice(Math.max(0, i - 10), i),
      });
      facts += out.length;
    }
    return facts;
  };
  await run(); // warm-up
  start = performance.now();
  const facts = await run();
  ms = performance.now() - start;
  console.log(
    `offline extraction: ${Math.round((messages.length / ms) * 1000).toLocaleString("en-US")} messages/s ` +
      `(${messages.length} messages in batches of ${batch}, ${facts} facts, ${ms.toFixed(1)} ms)`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
