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
