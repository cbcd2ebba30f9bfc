import { dispatch } from "@/inngest/dispatch";
import { processIngestionJob } from "@/inngest/functions/process-ingestion";
import { ApiError } from "@/server/http/errors";
import { methodNotAllowed, publicRoute } from "@/server/http/public-route";
import { ingest } from "@/server/ingest/ingest";
import { countLimitError, ingestBody } from "@/server/ingest/schema";

export const POST = publicRoute(
  {
    route: "/ingest",
    body: ingestBody,
    precheck: (raw) => {
      const over = countLimitError(raw);
      return over ? new ApiError(413, "too_many_items", over.message, { field: over.field }) : null;
    },
  },
  async ({ db, body, workspace, environment }) => {
    const { result, job } = await ingest(db, { workspaceId: workspace.id, environment }, body);
    if (job) await dispatch(processIngestionJob, job);
    return result as unknown as Record<string, unknown>;
  },
);

export const GET = methodNotAllowed(["POST"], "/ingest");
export const PUT = methodNotAllowed(["POST"], "/ingest");
export const PATCH = methodNotAllowed(["POST"], "/ingest");
export const DELETE = methodNotAllowed(["POST"], "/ingest");
