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
    // The API docs annotate examples with // comments; accept them rather than fail a paste.
    const relaxed = stripJsonComments(text);
    if (relaxed !== text) {
      try {
        return JSON.parse(relaxed);
      } catch {
        /* report the original error */
      }
    }
    throw new ApiError(400, "invalid_json", `Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Removes // and /* *\/ comments outside strings, and trailing commas before } or ]. */
export function stripJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i += 2;
      while (i < text.length && !(text[i] === "*" && text[i + 1] === "/")) i++;
      i++;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}
