import fs from "node:fs";
import path from "node:path";

/** LoCoMo data is read from ../shared/bench/locomo (never copied into the repo). */
export const LOCOMO_DIR = path.resolve(process.env.PIO_SHARED_DIR ?? path.resolve(import.meta.dirname, "../../../shared"), "bench/locomo");

export interface Turn {
  speaker: string;
  dia_id: string;
  text: string;
  blip_caption?: string;
}
export interface QA {
  question: string;
  answer?: unknown;
  evidence: string[];
  category: number;
}
export interface Conversation {
  name: string;
  speakers: [string, string];
  sessions: { index: number; date: Date; turns: Turn[] }[];
  qa: QA[];
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "4:04 pm on 20 January, 2023" → a UTC Date. */
export function parseSessionDate(s: string): Date {
  const m = s.match(/(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/i);
  if (!m) throw new Error(`unrecognized session date "${s}"`);
  let hour = Number(m[1]) % 12;
  if (m[3]!.toLowerCase() === "pm") hour += 12;
  const month = MONTHS.indexOf(m[5]!.toLowerCase());
  return new Date(Date.UTC(Number(m[6]), month, Number(m[4]), hour, Number(m[2])));
}

export function loadConversations(): Conversation[] {
  const files = fs.readdirSync(LOCOMO_DIR).filter((f) => f.endsWith(".json")).sort();
  return files.map((file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(LOCOMO_DIR, file), "utf8"));
    const c = raw.conversation ?? raw;
    const sessions: Conversation["sessions"] = [];
    for (let i = 1; Array.isArray(c[`session_${i}`]); i++) {
      sessions.push({ index: i, date: parseSessionDate(c[`session_${i}_date_time`]), turns: c[`session_${i}`] });
    }
    return { name: path.basename(file, ".json"), speakers: [c.speaker_a, c.speaker_b], sessions, qa: raw.qa };
  });
}

/** A turn as the agent saw it: the text, plus the caption of a shared photo. */
export function turnText(t: Turn): string {
  return t.blip_caption ? `${t.text} [shared a photo: ${t.blip_caption}]` : t.text;
}

/** The user_id of a speaker's end user in the LoCoMo benches. */
export function locomoUserId(conv: Conversation, speaker: string): string {
  return `locomo-${conv.name}-${speaker.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

/** The speakers a question names by first name (the question goes to that speaker's user). */
export function namedSpeakers(conv: Conversation, question: string): string[] {
  return conv.speakers.filter((s) => new RegExp(`\\b${s.split(" ")[0]}\\b`, "i").test(question));
}

/** Gold evidence dia_ids of a question ("D8:6; D9:17" entries split). */
export function evidenceIds(qa: QA): Set<string> {
  return new Set(qa.evidence.flatMap((e) => e.split(/[;,]\s*/)).map((e) => e.trim()).filter(Boolean));
}

type Api = <T = any>(method: string, route: string, body?: unknown) => Promise<{ status: number; body: T; ms: number }>;

/**
 * The LoCoMo ingestion protocol shared by the benches: per conversation two end users, one
 * per speaker (their own turns as "user", the other's as "assistant", message id = dia_id,
 * timestamps from the session dates 30 s apart), one ingestion per session, `dedupe: true`.
 * Returns speaker → user_id and the ingestion ids (to wait for).
 */
export async function ingestConversation(api: Api, conv: Conversation): Promise<{ users: Record<string, string>; ingestionIds: string[] }> {
  const users: Record<string, string> = {};
  const ingestionIds: string[] = [];
  for (const speaker of conv.speakers) {
    const userId = locomoUserId(conv, speaker);
    const reg = await api("POST", "/register", { user_id: userId, traits: { name: speaker } });
    if (reg.status >= 300) throw new Error(`/register answered ${reg.status}`);
    users[speaker] = userId;
    for (const session of conv.sessions) {
      const res = await api<{ ingestion_id: string }>("POST", "/ingest", {
        user_id: userId,
        source: "locomo",
        message_history: session.turns.map((t, i) => ({
          id: t.dia_id,
          role: t.speaker === speaker ? "user" : "assistant",
          content: turnText(t),
          timestamp: new Date(session.date.getTime() + i * 30_000).toISOString(),
        })),
        options: { dedupe: true },
      });
      if (res.status !== 200) throw new Error(`/ingest answered ${res.status}: ${JSON.stringify(res.body)}`);
      ingestionIds.push(res.body.ingestion_id);
    }
  }
  return { users, ingestionIds };
}

/**
 * `count` synthetic messages (ids `m<start>`…, alternating user / assistant, one a minute from
 * 2023-01-01) cycling through `turns` from `offset`; each cycle is marked (#1, #2, …) so every
 * message is distinct. For load benches that need more history than the samples hold.
 */
export function cycledHistory(turns: readonly string[], offset: number, count: number, start = 0) {
  return Array.from({ length: count }, (_, j) => {
    const i = start + j;
    const at = offset + i;
    const cycle = Math.floor(at / turns.length);
    return {
      id: `m${i}`,
      role: (i % 2 ? "assistant" : "user") as "assistant" | "user",
      content: `${turns[at % turns.length]}${cycle ? ` (#${cycle})` : ""}`,
      timestamp: new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString(),
    };
  });
}
