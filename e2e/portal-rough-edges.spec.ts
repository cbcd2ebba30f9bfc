import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, fillSignUp, newDeveloper, PASSWORD, person, trpcMutation, verifyEmailViaOutbox } from "./people";
import { snap } from "./support";

/** Issue 14: each rough edge a new developer hit, as they would meet it in the browser. */

/** The onboarding key of a fresh workspace, read from the page that shows it once. */
async function onboardingKey(page: Page, workspace: string) {
  await fillSignUp(page, person("Key Keeper"));
  await page.getByRole("button", { name: "Create account" }).click();
  await createWorkspace(page, workspace);
  const key = await page.getByTestId("new-api-key").inputValue();
  await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
  await page.getByRole("button", { name: "Continue to your workspace" }).click();
  await expect(page).toHaveURL(/\/w\/ws_\w+$/);
  return { key, workspaceUrl: new URL(page.url()).pathname, workspaceId: new URL(page.url()).pathname.split("/").pop()! };
}

test.describe("onboarding", () => {
  test.use({ timezoneId: "America/New_York" });

  test("checks the form in the browser before sending anything, and defaults the time zone to the browser's", async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await fillSignUp(page, person("Olga Onboard"));
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/onboarding$/);
    await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");

    const sent: string[] = [];
    page.on("request", (r) => r.url().includes("/api/trpc/workspace.create") && sent.push(r.url()));
    await page.getByRole("button", { name: "Create workspace and sandbox key" }).click();
    await expect(page.getByText("Enter your organization's name.")).toBeVisible();
    await expect(page.getByText("Choose what you are building.")).toBeVisible();
    await expect(page.getByLabel("Organization name")).toBeFocused();
    await snap(page, "rough-onboarding-checked-in-browser");
    expect(sent).toEqual([]);

    // Fixing a field clears its message; the form then goes through.
    await page.getByLabel("Organization name").fill("Checked Co");
    await expect(page.getByText("Enter your organization's name.")).toBeHidden();
    await page.getByLabel("What are you building?").selectOption("Other");
    await page.getByRole("button", { name: "Create workspace and sandbox key" }).click();
    await expect(page.getByRole("heading", { name: "Checked Co is ready" })).toBeVisible();
    expect(sent).toHaveLength(1);
    expect(errors, errors.join("\n")).toEqual([]);
  });
});

test("the checklist shows that it is checking, never a wrong count", async ({ page }) => {
  const { workspaceUrl } = await newDeveloper(page, person("Cheryl Checklist"), "Checklist Co");
  // Hold the answers the checklist needs, as a slow network would.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/api\/trpc\/.*(keys\.list|overview\.get)/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(workspaceUrl);
  const progress = page.getByTestId("checklist-progress");
  await expect(progress).toHaveText("Checking your progress…");
  await page.waitForTimeout(500);
  await expect(progress).toHaveText("Checking your progress…");
  await snap(page, "rough-checklist-checking");
  release();
  await expect(progress).toHaveText("2 of 4 done");
});

test("the playground uses one key per person and workspace, says which, and copies it into curl from the start", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { workspaceUrl } = await newDeveloper(page, person("Paula Playground"), "Playground Co");
  await page.goto(`${workspaceUrl}/playground`);
  const masked = await page.getByTestId("playground-key").textContent();
  expect(masked).toMatch(/^pio_sk_test_\w{4}…\w{4}$/);
  await expect(page.getByTestId("snippet-key-note")).toContainText(masked!);

  // A fresh tab, before any request: the copied command already holds the real key.
  const second = await context.newPage();
  await second.goto(`${workspaceUrl}/playground`);
  await expect(second.getByTestId("playground-key")).toHaveText(masked!);
  await second.getByRole("button", { name: "Copy as curl" }).click();
  const curl = await second.evaluate(() => navigator.clipboard.readText());
  const key = /x-api-key: (pio_sk_test_\w+)/.exec(curl)?.[1];
  expect(key, curl).toBeDefined();
  expect(`${key!.slice(0, 16)}…${key!.slice(-4)}`).toBe(masked);
  expect(curl).not.toContain("<your_sandbox_key>");
  // ...and it is the key "Send" uses: the command works as copied.
  const res = await page.request.post("/register", { headers: { "x-api-key": key! }, data: { user_id: "copied-curl" } });
  expect(res.status()).toBe(201);
  await second.close();

  // Two tabs, one key: the keys list holds one playground key, out of the way.
  await page.goto(`${workspaceUrl}/keys`);
  await expect(page.getByRole("row", { name: /Default sandbox key/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /API keys of/ }).getByText("Playground", { exact: true })).toHaveCount(0);
  const section = page.getByTestId("playground-keys");
  await expect(section).toContainText("Playground keys");
  await expect(section).toContainText("(1 active)");
  await section.locator("summary").click();
  await expect(section.getByRole("row", { name: /Playground/ })).toHaveCount(1);
  await snap(page, "rough-playground-keys-apart");
});

test("keys: a rolled key links to its replacement, a revoked key says when", async ({ page }) => {
  const { workspaceUrl } = await newDeveloper(page, person("Rolf Roller"), "Roll Co");
  await page.goto(`${workspaceUrl}/keys`);
  await page.getByRole("button", { name: "Roll key Default sandbox key" }).click();
  const roll = page.getByRole("dialog", { name: /Roll/ });
  await roll.getByRole("button", { name: "Roll key" }).click();
  const newKey = await page.getByRole("dialog", { name: /New key for/ }).getByTestId("new-api-key").inputValue();
  await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
  await page.getByRole("button", { name: "Done" }).click();
  const rows = page.getByRole("row", { name: /Default sandbox key/ });
  await expect(rows).toHaveCount(2);
  const old = rows.filter({ hasText: "Replaced by" });
  await expect(old).toContainText(`Replaced by …${newKey.slice(-4)}`);
  await old.getByRole("button", { name: `…${newKey.slice(-4)}` }).click();
  await expect(rows.filter({ hasText: `${newKey.slice(0, 16)}…${newKey.slice(-4)}` })).toBeFocused();

  await page.getByRole("button", { name: "Revoke key Default sandbox key" }).first().click();
  await page.getByRole("dialog", { name: /Revoke/ }).getByRole("button", { name: "Revoke key" }).click();
  await page.getByLabel(/Show revoked and expired/).check();
  await expect(page.getByRole("row", { name: /Revoked/ }).first()).toContainText(/Revoked (just now|\d+ seconds? ago)/);
  await snap(page, "rough-keys-replaced-and-revoked");
});

test("a request log opens to its details, with the error body of a failure and never the key", async ({ page }) => {
  const { key, workspaceUrl } = await onboardingKey(page, "Logs Detail Co");
  const failed = await page.request.post("/register", { headers: { "x-api-key": key }, data: { user_id: "u1", email: 42 } });
  expect(failed.status()).toBe(400);
  const requestId = failed.headers()["x-request-id"]!;
  const body = await failed.json();

  await page.goto(`${workspaceUrl}/logs`);
  await page.getByRole("button", { name: `Open request ${requestId}: POST /register, 400` }).click();
  await expect(page).toHaveURL(new RegExp(`request=${requestId}`));
  const detail = page.getByTestId("request-detail");
  await expect(detail).toContainText(requestId);
  await expect(detail).toContainText("POST /register");
  await expect(detail).toContainText("400");
  await expect(detail).toContainText("Default sandbox key");
  await expect(detail).toContainText("Sandbox");
  await expect(detail.getByLabel("Error body", { exact: true })).toContainText(`"code": "${body.error.code}"`);
  await expect(detail.getByLabel("Error body", { exact: true })).toContainText(body.error.message);
  await expect(page.locator("body")).not.toContainText(key);
  await snap(page, "rough-log-detail");
  // The link to a request opens it directly.
  await page.reload();
  await expect(page.getByTestId("request-detail")).toContainText(requestId);
  await page.keyboard.press("Escape");
  await expect(page).not.toHaveURL(/request=/);
});

test("an owner edits the workspace's settings", async ({ page }) => {
  const { workspaceUrl } = await newDeveloper(page, person("Sally Settings"), "Before Co");
  await page.goto(`${workspaceUrl}/settings`);
  const form = page.getByRole("form", { name: "Workspace settings" });
  await form.getByLabel("Organization name").fill("");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText("Enter your organization's name.")).toBeVisible();
  await form.getByLabel("Organization name").fill("After Co");
  await form.getByLabel("What are you building?").selectOption("Customer support");
  await form.getByLabel("Default region").selectOption("ap-southeast-1");
  await form.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Workspace: After Co/ })).toBeVisible();
  await page.reload();
  await expect(form.getByLabel("Organization name")).toHaveValue("After Co");
  await expect(form.getByLabel("What are you building?")).toHaveValue("Customer support");
  await expect(form.getByLabel("Default region")).toHaveValue("ap-southeast-1");
  await expect(form.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await snap(page, "rough-settings-edited");
});

test("the account page: name, email verification, password change and signing out of every session", async ({ page, browser }) => {
  const who = person("Ada Account");
  await newDeveloper(page, who, "Account Co");
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto("/signin");
  await other.getByLabel("Email").fill(who.email);
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/w\/ws_/);

  await page.getByRole("button", { name: /^Account:/ }).click();
  await page.getByRole("link", { name: "Account settings" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText("You are signed in on 2 sessions")).toBeVisible();
  await expect(page.getByText("Not verified")).toBeVisible();

  await page.getByLabel("Your name").fill("Ada L.");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await verifyEmailViaOutbox(page, who.email);
  await page.goto("/account");
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();

  // A wrong current password is refused; the right one changes it, signs the other browser out, keeps this one.
  await page.getByLabel("Current password").fill("not it");
  await page.getByLabel("New password", { exact: true }).fill("a new long password");
  await page.getByLabel("Repeat the new password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong.")).toBeVisible();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a new long password");
  await page.getByLabel("Repeat the new password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await expect(page.getByText("You are signed in on 1 session")).toBeVisible();
  await snap(page, "rough-account-page");
  await other.reload();
  await expect(other).toHaveURL(/\/signin\?callbackUrl=/);

  // Sign in elsewhere with the new password, then sign out of every session from here.
  await other.getByLabel("Email").fill(who.email);
  await other.getByLabel("Password").fill("a new long password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/w\/ws_/);
  await page.getByRole("button", { name: "Sign out of every session" }).click();
  await page.getByRole("dialog", { name: "Sign out of every session?" }).getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=everywhere/);
  await expect(page.getByText("You have signed out of every session")).toBeVisible();
  await other.reload();
  await expect(other).toHaveURL(/\/signin\?callbackUrl=/);
  expect((await trpcMutation(other, "account.update", { name: "x" })).status()).toBe(401);
  await elsewhere.close();
});
