import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const tooLarge = (limit: number) =>
  new ApiError(413, "payload_too_large", `Request body is larger than ${Math.floor(limit / 1024 / 1024)} MB.`);

/**
 * Reads a JSON body without ever holding more than `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a streamed body is cut off
 * as soon as it passes the limit.
 */
export async function readJsonBody(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) throw new ApiError(400, "missing_body", "Request body is required (a JSON object).");

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new ApiError(400, "missing_body", "Request body is required (a JSON object).");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, "invalid_json", `Request body is not valid JSON: ${(e as Error).message}`);
  }
}
