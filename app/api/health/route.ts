import { pingDb } from "@/db/client";
import { nerStatus } from "@/server/privacy/provider";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  // The PII recognizer (PII_NER_URL) is reported, not required: when it fails the rules still run.
  const pii_recognizer = nerStatus();
  try {
    const { driver, latencyMs } = await pingDb();
    return Response.json({ status: "ok", database: { reachable: true, driver, latency_ms: latencyMs }, pii_recognizer });
  } catch (e) {
    return Response.json(
      { status: "degraded", database: { reachable: false, error: (e as Error).message }, pii_recognizer },
      { status: 503 },
    );
  }
}
