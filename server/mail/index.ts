import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/server/env";
import { maskEmail } from "@/server/users/register";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface OutboxMail extends Mail {
  id: number;
  sentAt: Date;
}

/**
 * Mail to portal accounts (verification links, invitations). With SMTP_URL, through that
 * server (nodemailer). Without it, nothing leaves the machine: the message is written to the
 * server log, and kept in the development outbox (/dev/outbox) when that is on, so every flow
 * that needs a link works offline and in tests.
 */
const store = globalThis as unknown as { __pioOutbox?: OutboxMail[]; __pioOutboxSeq?: number; __pioSmtp?: Transporter };
const OUTBOX_LIMIT = 100;

/** The outbox page exists only without SMTP, and only in development or when DEV_OUTBOX=1 (tests). */
export function devOutboxEnabled(): boolean {
  const e = env();
  if (e.SMTP_URL) return false;
  return e.DEV_OUTBOX ?? e.NODE_ENV !== "production";
}

export async function sendMail(mail: Mail): Promise<{ delivered: "smtp" | "log" }> {
  const e = env();
  if (e.SMTP_URL) {
    store.__pioSmtp ??= nodemailer.createTransport(e.SMTP_URL);
    await store.__pioSmtp.sendMail({ from: e.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return { delivered: "smtp" };
  }
  // Logs carry no personal data: the recipient is masked, and of the body only its links (what
  // this mode is for) are written.
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  console.info(`[pio] mail to ${maskEmail(mail.to)} not sent (no SMTP_URL): "${mail.subject}"${links.map((l) => `\n  ${l}`).join("")}`);
  if (devOutboxEnabled()) {
    const outbox = (store.__pioOutbox ??= []);
    store.__pioOutboxSeq = (store.__pioOutboxSeq ?? 0) + 1;
    outbox.unshift({ ...mail, id: store.__pioOutboxSeq, sentAt: new Date() });
    outbox.length = Math.min(outbox.length, OUTBOX_LIMIT);
  }
  return { delivered: "log" };
}

/** Newest first; empty when the outbox is off. */
export function outbox(): OutboxMail[] {
  return devOutboxEnabled() ? [...(store.__pioOutbox ?? [])] : [];
}

/** For tests that change SMTP_URL between cases. */
export function resetMailTransport(): void {
  store.__pioSmtp?.close();
  store.__pioSmtp = undefined;
  store.__pioOutbox = [];
}
