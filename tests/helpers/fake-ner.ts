import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP service speaking Pio's GLiNER-style contract (docs/privacy.md):
 * `POST { text, labels, threshold }` → `{ entities: [{ start, end, label, score, text }] }`, offsets
 * in Unicode code points as a Python service counts them. Its "model" is a small lexicon per
 * label, enough to exercise the real HTTP path. Listens on 127.0.0.1, port 0.
 */
export interface NerRequest {
  text: string;
  labels: string[];
  threshold: number;
  headers: IncomingMessage["headers"];
}

export interface FakeNerOptions {
  /** label → phrases the fake model recognizes as that label. */
  lexicon?: Record<string, string[]>;
  /** Score given to every entity (default 0.9). */
  score?: number;
  /** Answer with this status instead (e.g. 500). */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
}

export const DEFAULT_LEXICON: Record<string, string[]> = {
  person: ["Maria Gonzalez", "Jean Dupont", "Ana"],
  organization: ["Banco Azul", "Acme Corp"],
  location: ["Lyon"],
  "street address": ["17 rue de Rivoli", "Hauptstraße 5"],
  "phone number": ["zero six twelve thirty-four fifty-six"],
};

export interface FakeNer {
  url: string;
  requests: NerRequest[];
  options: FakeNerOptions;
  close(): Promise<void>;
}

function findAll(text: string, phrase: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(phrase); i !== -1; i = text.indexOf(phrase, i + 1)) out.push(i);
  return out;
}

/** UTF-16 offset → code point offset (what a Python service reports). */
function toCodePoints(text: string, utf16: number): number {
  return Array.from(text.slice(0, utf16)).length;
}

export async function startFakeNer(options: FakeNerOptions = {}): Promise<FakeNer> {
  const requests: NerRequest[] = [];
  const state: FakeNer = { url: "", requests, options, close: async () => {} };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { text: string; labels: string[]; threshold: number };
      requests.push({ ...body, headers: req.headers });
      const answer = () => {
        if (res.destroyed) return;
        if (state.options.status) {
          res.writeHead(state.options.status, { "content-type": "application/json" }).end('{"detail":"model crashed"}');
          return;
        }
        const lexicon = state.options.lexicon ?? DEFAULT_LEXICON;
        const entities = body.labels.flatMap((label) =>
          (lexicon[label] ?? []).flatMap((phrase) =>
            findAll(body.text, phrase).map((at) => ({
              start: toCodePoints(body.text, at),
              end: toCodePoints(body.text, at + phrase.length),
              label,
              score: state.options.score ?? 0.9,
              text: phrase,
            })),
          ),
        );
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ entities }));
      };
      if (state.options.delayMs) setTimeout(answer, state.options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/predict`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
