/**
 * What emitting a webhook event costs the code that emits it.
 *
 *   PGLITE_DATA_DIR=memory:// npx tsx bench/webhooks-emit.ts [calls=2000]
 *
 * On the embedded database (migrated, 200 workspaces with 5 endpoints each in sandbox), times
 * `emitEvent` for a workspace with no subscribed endpoint, and for one with one subscribed
 * endpoint (the delivery row inserted and the job handed to a recorder, not sent), against
 * `select 1` on the same database: the ratio is what the machine's load does not change.
 */
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookEndpoints, workspaces } from "@/db/schema";
import { newId } from "@/server/lib/ids";
import type { Jobs } from "@/server/service/context";
import { emitEvent } from "@/server/webhooks/emit";
import { encryptSecret, generateSigningSecret } from "@/server/webhooks/secret";

const CALLS = Number(process.argv[2] ?? 2000);

async function timed(label: string, fn: () => Promise<unknown>): Promise<{ label: string; p50: number; p95: number }> {
  for (let i = 0; i < 200; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.floor(ms.length * 0.95)]! };
}

async function main() {
  const db = await getDb();
  const secret = encryptSecret(generateSigningSecret());
  const ids: string[] = [];
  for (let w = 0; w < 200; w++) {
    const id = newId("ws");
    ids.push(id);
    await db.insert(workspaces).values({ id, name: `bench ${w}` });
    await db.insert(webhookEndpoints).values(
      Array.from({ length: 5 }, (_, i) => ({
        id: newId("whe"),
        workspaceId: id,
        environment: "sandbox" as const,
        url: `https://hooks${i}.example.com/pio`,
        events: ["memory.created", "user.deleted"],
        secretCiphertext: secret,
        secretStart: "whsec_bench…",
      })),
    );
  }
  const quiet = ids[0]!;
  const oneSubscriber = newId("ws");
  await db.insert(workspaces).values({ id: oneSubscriber, name: "bench one" });
  await db.insert(webhookEndpoints).values({
    id: newId("whe"),
    workspaceId: oneSubscriber,
    environment: "sandbox",
    url: "https://hooks.example.com/pio",
    events: ["ingestion.completed"],
    secretCiphertext: secret,
    secretStart: "whsec_bench…",
  });
  await db.execute(sql`analyze webhook_endpoints`);
  let sent = 0;
  const recorder: Jobs = { send: async () => void sent++ };
  const data = { ingestion_id: "ing_bench", counts: { messages: 3, memories_added: 2 } };

  const rows = [
    await timed("select 1 (floor)", () => db.execute(sql`select 1`)),
    await timed("emitEvent, nobody subscribed", () => emitEvent({ db, scope: { workspaceId: quiet, environment: "sandbox" }, jobs: recorder }, "ingestion.completed", data)),
    await timed("emitEvent, one endpoint subscribed", () =>
      emitEvent({ db, scope: { workspaceId: oneSubscriber, environment: "sandbox" }, jobs: recorder }, "ingestion.completed", data),
    ),
  ];
  const floor = rows[0]!.p50;
  console.log(`${CALLS} calls each, 1000 endpoints in 200 other workspaces; ${sent} deliveries recorded`);
  console.log("| | p50 ms | p95 ms | p50 / select 1 |");
  console.log("| --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.label} | ${r.p50.toFixed(3)} | ${r.p95.toFixed(3)} | ${(r.p50 / floor).toFixed(1)}× |`);
  const plan = await db.execute(
    sql`explain select id from webhook_endpoints where workspace_id = ${quiet} and environment = 'sandbox' and 'ingestion.completed' = any(events)`,
  );
  console.log("plan:", JSON.stringify((plan as { rows: unknown[] }).rows.map((r) => Object.values(r as object)[0])));
  process.exit(0);
}

void main();
