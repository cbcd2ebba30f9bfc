import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { webhookReceiver } from "../tests/helpers/webhook-receiver";
import { createWorkspace, fillSignUp, person } from "./people";
import { snap } from "./support";

/**
 * Webhooks in the portal's settings, against a production build: add an endpoint (bad input
 * refused, the secret shown once), receive a signed event from a real ingestion at a local
 * receiver, see it in the delivery log, a failing receiver retried then failed, resend, edit,
 * rotate the secret, delete.
 */
test("settings → webhooks: add an endpoint, get a signed ingestion.completed, delivery log, retries, resend, edit, rotate, delete", async ({ page, request }) => {
  test.setTimeout(180_000);
  let failing = false;
  const receiver = await webhookReceiver({ answer: () => (failing ? 500 : 200) });
  try {
    await fillSignUp(page, person("Hook Developer"));
    await page.getByRole("button", { name: "Create account" }).click();
    await createWorkspace(page, "Hooked Agents");
    const key = await page.getByTestId("new-api-key").inputValue();
    await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
    await page.getByRole("button", { name: "Continue to your workspace" }).click();
    await expect(page).toHaveURL(/\/w\/ws_[1-9A-HJ-NP-Za-km-z]+$/);

    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Settings" }).click();
    const card = page.getByRole("region", { name: "Webhooks" });
    await expect(card.getByText("No webhook endpoints yet")).toBeVisible();

    // Bad input: a clear error, nothing stored.
    await card.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
    await dialog.getByLabel("Endpoint URL").fill("not a url");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog.getByText("Enter a full URL, e.g. https://example.com/webhooks/pio.")).toBeVisible();
    await dialog.getByLabel("Endpoint URL").fill("http://localhost:4150/hook");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog.getByText("The URL must point to a public host, not a local or internal name.")).toBeVisible();
    await dialog.getByLabel("Endpoint URL").fill(receiver.url("/pio"));
    await dialog.getByRole("checkbox", { name: /ingestion\.completed/ }).uncheck();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog.getByText("Choose at least one event.")).toBeVisible();
    await snap(page, "webhooks-01-bad-input");

    // Added: the secret is shown once.
    await dialog.getByRole("checkbox", { name: /ingestion\.completed/ }).check();
    await dialog.getByLabel("Description (optional)").fill("Agent backend");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    const reveal = page.getByRole("dialog", { name: "Endpoint added" });
    const secret = await reveal.getByTestId("webhook-secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    await expect(reveal.getByText("You won't see it again.")).toBeVisible();
    await snap(page, "webhooks-02-secret-once");
    await reveal.getByRole("button", { name: "I've copied it" }).click();
    await expect(reveal).toBeHidden();
    const endpoint = card.getByTestId("webhook-endpoint");
    await expect(endpoint).toHaveCount(1);
    await expect(endpoint).toContainText(receiver.url("/pio"));
    await expect(endpoint).toContainText("Agent backend");
    await expect(endpoint).toContainText(secret.slice(0, 10));
    await expect(page.getByText(secret)).toHaveCount(0);

    // A real ingestion through the public API: the receiver gets it, signed.
    expect((await request.post("/register", { headers: { "x-api-key": key }, data: { user_id: "hook_e2e" } })).status()).toBe(201);
    const ingested = await request.post("/ingest", {
      headers: { "x-api-key": key },
      data: { user_id: "hook_e2e", message_history: [{ role: "user", content: "I moved to Porto last spring.", timestamp: "2026-04-02T09:00:00Z" }] },
    });
    expect(ingested.status()).toBe(200);
    const { ingestion_id } = await ingested.json();
    await receiver.waitFor(1, 60_000);
    const hook = receiver.received[0]!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook.headers["pio-signature"]))!;
    expect(createHmac("sha256", secret).update(`${t}.${hook.body}`).digest("hex")).toBe(v1);
    expect(hook.json).toMatchObject({ type: "ingestion.completed", data: { ingestion_id, user_id: "hook_e2e", status: "done" } });
    expect(hook.body).not.toContain("Porto");

    // The delivery log.
    const log = page.getByRole("table", { name: "Webhook deliveries" });
    await expect(async () => {
      await card.getByRole("button", { name: "Refresh" }).click();
      await expect(log.getByTestId("webhook-delivery").first()).toContainText("succeeded", { timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    const first = log.getByTestId("webhook-delivery").first();
    await expect(first).toContainText("ingestion.completed");
    await expect(first).toContainText("200");
    await snap(page, "webhooks-03-delivered");

    // The receiver starts failing: a resend is retried (the e2e server's schedule: 300 ms, 300 ms), then failed.
    failing = true;
    await first.getByRole("button", { name: /^Resend/ }).click();
    await expect(log.getByTestId("webhook-delivery")).toHaveCount(2);
    const resent = log.getByTestId("webhook-delivery").first();
    await expect(resent).toContainText("(resent)");
    await expect(resent).toContainText("failed", { timeout: 30_000 });
    await expect(resent).toContainText("500");
    await expect(resent.getByRole("cell").nth(4)).toHaveText("3");
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((h) => h.json.id)).size).toBe(1);
    await resent.getByRole("button", { name: "ingestion.completed", exact: true }).click();
    const detail = page.getByRole("dialog", { name: /^ingestion\.completed · evt_/ });
    await expect(detail.getByTestId("webhook-last-error")).toHaveText("HTTP 500: receiver says no");
    await expect(detail.getByLabel("Payload (the signed body)", { exact: true })).toContainText(ingestion_id);
    await snap(page, "webhooks-04-failed-after-retries");
    await detail.press("Escape");

    // Edit the events.
    await endpoint.getByRole("button", { name: /^Edit/ }).click();
    const edit = page.getByRole("dialog", { name: "Edit endpoint" });
    await edit.getByRole("checkbox", { name: /memory\.deleted/ }).check();
    await edit.getByRole("button", { name: "Save endpoint" }).click();
    await expect(edit).toBeHidden();
    await expect(endpoint).toContainText("memory.deleted");

    // Rotate: a new secret, once.
    await endpoint.getByRole("button", { name: /^Rotate the secret/ }).click();
    await page.getByRole("dialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByRole("dialog", { name: "New signing secret" });
    const newSecret = await rotated.getByTestId("webhook-secret").inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rotated.getByRole("button", { name: "I've copied it" }).click();
    await expect(endpoint).toContainText(newSecret.slice(0, 10));

    // Delete: the endpoint and its log are gone.
    await endpoint.getByRole("button", { name: /^Delete/ }).click();
    await page.getByRole("dialog", { name: "Delete this endpoint?" }).getByRole("button", { name: "Delete endpoint" }).click();
    await expect(card.getByText("No webhook endpoints yet")).toBeVisible();
    await expect(log).toBeHidden();
  } finally {
    await receiver.close();
  }
});
