import { pingDb } from "@/db/client";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const { driver, latencyMs } = await pingDb();
    return Response.json({ status: "ok", database: { reachable: true, driver, latency_ms: latencyMs } });
  } catch (e) {
    return Response.json(
      { status: "degraded", database: { reachable: false, error: (e as Error).message } },
      { status: 503 },
    );
  }
}
