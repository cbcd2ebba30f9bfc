import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi, beforeAll } from "vitest";
import { accounts, emailVerifications } from "@/db/schema";
import { sendVerificationEmail, verifyEmail } from "@/server/accounts/email-verification";
import { resetEnvCache } from "@/server/env";
import { outbox, resetMailTransport } from "@/server/mail";
import { acceptInvite, createInvite } from "@/server/workspaces/members";
import { getMembership } from "@/server/workspaces/service";
import { startFakeSmtp } from "../helpers/fake-smtp";
import { onboard, portalAccount } from "../helpers/portal";
import { getDb } from "@/db/client";

// Opening the database (and migrating it) is set-up, not the test.
beforeAll(async () => {
  await getDb();
});

const ORIGIN = "http://localhost:3000";
const tokenIn = (text: string) => /\/verify-email\?token=([^&\s]+)/.exec(text)?.[1];

afterEach(() => {
  delete process.env.SMTP_URL;
  resetEnvCache();
  resetMailTransport();
  vi.restoreAllMocks();
});

describe("verifying an email address", () => {
  it("without SMTP: the link goes to the server log (recipient masked) and the development outbox, and opening it verifies", async () => {
    const log = vi.spyOn(console, "info").mockImplementation(() => {});
    const a = await portalAccount("Vera Verify", { verified: false });
    const sent = await sendVerificationEmail(a.db, a.account.id, ORIGIN, { returnTo: "/invite/inv_x" });
    expect(sent).toEqual({ sentTo: a.account.email, alreadyVerified: false });

    const [mail] = outbox();
    expect(mail).toMatchObject({ to: a.account.email, subject: "Verify your email for Pio" });
    const token = tokenIn(mail!.text)!;
    expect(token).toMatch(/^ev_/);
    expect(mail!.text).toContain(`${ORIGIN}/verify-email?token=${token}&next=%2Finvite%2Finv_x`);
    const logged = log.mock.calls.map((c) => c.join(" ")).join("\n");
    expect(logged).toContain(`/verify-email?token=${token}`);
    expect(logged).not.toContain(a.account.email);
    // Only the token's hash is stored.
    const rows = await a.db.select().from(emailVerifications).where(eq(emailVerifications.accountId, a.account.id));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(await verifyEmail(a.db, token)).toEqual({ ok: true, accountId: a.account.id, email: a.account.email });
    const [row] = await a.db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(row!.emailVerifiedAt).toBeInstanceOf(Date);
    // A second click still says verified; a verified account is not mailed again.
    expect(await verifyEmail(a.db, token)).toMatchObject({ ok: true });
    expect(await sendVerificationEmail(a.db, a.account.id, ORIGIN)).toMatchObject({ alreadyVerified: true });
  });

  it("refuses unknown and expired links, and a resend within a minute", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const a = await portalAccount("Eddie Expired", { verified: false });
    const t0 = new Date("2026-01-01T00:00:00Z");
    await sendVerificationEmail(a.db, a.account.id, ORIGIN, { now: t0 });
    await expect(sendVerificationEmail(a.db, a.account.id, ORIGIN, { now: new Date(t0.getTime() + 30_000) })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const token = tokenIn(outbox()[0]!.text)!;
    expect(await verifyEmail(a.db, token, new Date(t0.getTime() + 25 * 3600_000))).toEqual({ ok: false, reason: "expired" });
    expect(await verifyEmail(a.db, "ev_doesnotexist1234")).toEqual({ ok: false, reason: "unknown" });
    expect(await verifyEmail(a.db, "")).toEqual({ ok: false, reason: "unknown" });
    const [row] = await a.db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(row!.emailVerifiedAt).toBeNull();
  });

  it("with SMTP_URL: the mail goes out through that SMTP server, and not to the outbox", async () => {
    const smtp = await startFakeSmtp();
    try {
      process.env.SMTP_URL = smtp.url;
      resetEnvCache();
      resetMailTransport();
      const a = await portalAccount("Sam Smtp", { verified: false });
      await sendVerificationEmail(a.db, a.account.id, ORIGIN);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual([a.account.email]);
      const raw = smtp.received[0]!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      expect(raw).toContain("Subject: Verify your email for Pio");
      const token = tokenIn(raw)!;
      expect(outbox()).toEqual([]);
      expect(await verifyEmail(a.db, token)).toMatchObject({ ok: true });
    } finally {
      await smtp.close();
    }
  });

  it("after verifying, the invited person can accept the invitation", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const owner = await portalAccount("Ivy Owner");
    const { workspace } = await onboard(owner, "Verified Co");
    const invitee = await portalAccount("Ian Invitee", { verified: false });
    const { token } = await createInvite(owner.db, workspace.id, owner.account.id, { email: invitee.account.email, role: "member" });
    await expect(acceptInvite(owner.db, token, invitee.account)).rejects.toThrow(/Verify .* first/);
    await sendVerificationEmail(owner.db, invitee.account.id, ORIGIN);
    expect(await verifyEmail(owner.db, tokenIn(outbox()[0]!.text)!)).toMatchObject({ ok: true });
    expect(await acceptInvite(owner.db, token, invitee.account)).toMatchObject({ role: "member" });
    expect(await getMembership(owner.db, workspace.id, invitee.account.id)).toMatchObject({ role: "member" });
  });
});
