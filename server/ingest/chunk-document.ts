/** Conversation windows (chunks of a message history) have ids with this prefix. */
export const CONVERSATION_CHUNK_PREFIX = "cnv";
/** A raw conversation window ranks a little below a memory with the same evidence. */
export const CONVERSATION_WEIGHT = 0.85;

/**
 * Splits a document by its structure: Markdown headings and blank-line paragraphs first,
 * then sentences for paragraphs that are too long. Paragraphs are packed into chunks of at
 * most `maxChars`; each chunk is prefixed with the document title and its nearest heading so
 * it stands on its own when retrieved.
 */
export interface DocumentChunkText {
  index: number;
  text: string;
}

const SENTENCE = /(?<=[.!?])\s+(?=[A-Z0-9"'(\[])/;

function splitLong(paragraph: string, maxChars: number): string[] {
  if (paragraph.length <= maxChars) return [paragraph];
  const out: string[] = [];
  let current = "";
  for (const sentence of paragraph.split(SENTENCE)) {
    if (sentence.length > maxChars) {
      if (current) out.push(current);
      current = "";
      for (let i = 0; i < sentence.length; i += maxChars) out.push(sentence.slice(i, i + maxChars));
      continue;
    }
    if (current && current.length + 1 + sentence.length > maxChars) {
      out.push(current);
      current = sentence;
    } else current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) out.push(current);
  return out;
}

export function chunkDocument(content: string, title: string | null, maxChars = 900): DocumentChunkText[] {
  const blocks: { heading: string | null; text: string }[] = [];
  let heading: string | null = null;
  for (const raw of content.replace(/\r\n/g, "\n").split(/\n\s*\n/)) {
    const lines = raw.split("\n");
    const body: string[] = [];
    for (const line of lines) {
      const h = line.match(/^\s{0,3}#{1,6}\s+(.*)$/);
      if (h) {
        if (body.length) blocks.push({ heading, text: body.join("\n").trim() });
        body.length = 0;
        heading = h[1]!.trim();
      } else body.push(line);
    }
    const text = body.join("\n").trim();
    if (text) blocks.push({ heading, text });
  }

  const chunks: string[] = [];
  let current = "";
  let currentHeading: string | null = null;
  const prefix = (h: string | null) => [title?.trim(), h].filter(Boolean).join(" › ");
  const flush = () => {
    if (!current) return;
    const p = prefix(currentHeading);
    chunks.push(p ? `${p}: ${current}` : current);
    current = "";
  };
  for (const block of blocks) {
    for (const piece of splitLong(block.text, maxChars)) {
      if (block.heading !== currentHeading || (current && current.length + 2 + piece.length > maxChars)) {
        flush();
        currentHeading = block.heading;
      }
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  flush();
  if (chunks.length === 0 && content.trim()) chunks.push(prefix(null) ? `${prefix(null)}: ${content.trim()}` : content.trim());
  return chunks.map((text, index) => ({ index, text }));
}
