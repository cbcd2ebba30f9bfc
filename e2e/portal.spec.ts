import { expect, test, type APIRequestContext } from "@playwright/test";
import { createWorkspace, fillSignUp as signUp, newDeveloper, PASSWORD, person, trpcMutation, trpcQuery, verifyEmailViaOutbox } from "./people";
import { snap } from "./support";

/**
 * The walk of a new developer, in a production build on a fresh database: sign up → create
 * a workspace → create a key and see it once → run the first end-to-end test to all green →
 * see the user and their memory → revoke the key → the REST API refuses it. Then, each with
 * accounts of its own: another account must not see a workspace, sign-in errors, phone
 * widths, and invitations.
 */

async function registerWith(request: APIRequestContext, key: string, userId: string) {
  return request.post("/register", { headers: { "x-api-key": key }, data: { user_id: userId } });
}

test.describe("the developer portal", () => {
  test("sign up → workspace → key shown once → first test all green → explorer → revoke → 401", async ({ page, request }) => {
    test.setTimeout(240_000);

    // Pages behind sign-in send a visitor to sign in.
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);

    // 1. Sign up.
    const first = person("Ada Developer");
    await signUp(page, first);
    await snap(page, "portal-01-sign-up");
    await page.getByRole("button", { name: "Create account" }).click();

    // 2. Create a workspace: its first sandbox key is shown once.
    await createWorkspace(page, "Acme Agents");
    const onboardingKey = await page.getByTestId("new-api-key").inputValue();
    expect(onboardingKey).toMatch(/^pio_sk_test_[1-9A-HJ-NP-Za-km-z]{20,}$/);
    await snap(page, "portal-02-workspace-created-key-once");
    await expect(page.getByRole("button", { name: "Continue to your workspace" })).toBeDisabled();
    await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
    await page.getByRole("button", { name: "Continue to your workspace" }).click();
    await expect(page).toHaveURL(/\/w\/ws_[1-9A-HJ-NP-Za-km-z]+$/);
    await expect(page.getByRole("heading", { name: "Getting started" })).toBeVisible();
    await expect(page.getByRole("status", { name: "Sandbox mode" })).toBeVisible();
    await snap(page, "portal-03-getting-started");

    // 3. Create a key: the full key once, with a curl command; afterwards only start…last4.
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "API keys" }).click();
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill("CI pipeline");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const reveal = page.getByRole("dialog", { name: "Your new sandbox key" });
    const key = await reveal.getByTestId("new-api-key").inputValue();
    expect(key).toMatch(/^pio_sk_test_[1-9A-HJ-NP-Za-km-z]{20,}$/);
    await expect(reveal.getByText("You won't see it again.")).toBeVisible();
    await expect(reveal.getByLabel("curl command using this key", { exact: true })).toContainText(`x-api-key: ${key}`);
    await snap(page, "portal-04-key-shown-once");
    await reveal.getByLabel("I have copied this key and stored it somewhere safe.").check();
    await reveal.getByRole("button", { name: "Done" }).click();
    await expect(reveal).toBeHidden();
    const row = page.getByRole("row", { name: /CI pipeline/ });
    await expect(row).toContainText(`${key.slice(0, 16)}…${key.slice(-4)}`);
    await expect(row).toContainText("Active");
    await expect(page.locator("body")).not.toContainText(key);
    await snap(page, "portal-05-keys-table");
    // The key works against the REST API.
    expect((await registerWith(request, key, `key-check-${Date.now()}`)).status()).toBe(201);

    // 4. The guided first end-to-end test, through the real public API, to all green.
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Playground" }).click();
    await page.getByRole("button", { name: "Run the first test" }).click();
    for (const name of ["register", "ingest", "summary", "chunks", "query"]) {
      const step = page.getByTestId(`first-test-step-${name}`);
      await expect(step).not.toHaveAttribute("data-status", /^(idle|running)$/, { timeout: 120_000 });
      // On failure the message names the step and what the API answered.
      const said = (await step.locator("p").allTextContents()).join(" · ");
      await expect(step, said).toHaveAttribute("data-status", "passed", { timeout: 1000 });
    }
    await expect(page.getByTestId("first-test")).toContainText("5/5 passed");
    await expect(page.getByText("All steps passed.")).toBeVisible();
    await snap(page, "portal-06-first-test-all-green");

    // 5. The user and their memory in the explorer.
    await page.getByRole("link", { name: "See the user and their memories" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Ash Lewis");
    await expect(page.getByRole("list", { name: "Memories" })).toContainText(/sushi/i);
    await expect(page.getByText("m***@pioneer.ai")).toBeVisible();
    await snap(page, "portal-07-explorer-user");
    await page.getByRole("link", { name: "Users", exact: true }).first().click();
    await expect(page.getByRole("row", { name: /Ash Lewis/ })).toBeVisible();
    await page.getByLabel("Search users by user_id or email").fill("me@pioneer.ai");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("row", { name: /Ash Lewis/ })).toBeVisible();
    await expect(page.getByText("1 user", { exact: true })).toBeVisible();
    await snap(page, "portal-08-users");

    // 6. Revoke the key: its next request is refused with 401.
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "API keys" }).click();
    await page.getByRole("button", { name: "Revoke key CI pipeline" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke “CI pipeline”?" });
    await snap(page, "portal-09-revoke-confirm");
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("row", { name: /CI pipeline/ })).toHaveCount(0);
    await page.getByLabel(/Show revoked and expired/).check();
    await expect(page.getByRole("row", { name: /CI pipeline/ })).toContainText("Revoked");
    await snap(page, "portal-10-key-revoked");
    const refused = await registerWith(request, key, `after-revoke-${Date.now()}`);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("revoked_api_key");

    // The requests of the walk are in the logs.
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Logs" }).click();
    await expect(page.getByRole("table")).toContainText("/ingestions/:id");
    await expect(page.getByRole("img", { name: /requests in the last hour/ })).toBeVisible();
    await snap(page, "portal-11-logs");
  });

  test("a second account cannot see the first account's workspace", async ({ page: owner, browser }) => {
    const { workspaceUrl, workspaceId } = await newDeveloper(owner, person("Ada Owner"), "Acme Agents");
    const context = await browser.newContext();
    const page = await context.newPage();
    const eve = await newDeveloper(page, person("Eve Outsider"), "Eve Labs");

    // In the UI: Eve's workspace switcher lists only her own workspace.
    await page.getByRole("button", { name: /^Workspace: Eve Labs/ }).click();
    await expect(page.getByRole("link", { name: /Eve Labs/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /Acme Agents/ })).toHaveCount(0);
    expect(eve.workspaceId).not.toBe(workspaceId);

    // By URL: the same 404 as a workspace that does not exist.
    const res = await page.goto(workspaceUrl);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await snap(page, "portal-12-other-account-404");
    expect((await page.goto(`${workspaceUrl}/keys`))?.status()).toBe(404);

    // Through tRPC with Eve's session: refused for reads and writes.
    for (const [path, input] of [
      ["keys.list", { workspaceId }],
      ["explorer.list", { workspaceId, environment: "sandbox", page: 1 }],
      ["logs.list", { workspaceId, environment: "sandbox", filters: {} }],
      ["members.list", { workspaceId }],
    ] as const) {
      const r = await trpcQuery(page, path, input);
      expect(r.status(), path).toBe(404);
    }
    const create = await trpcMutation(page, "keys.create", { workspaceId, name: "stolen", environment: "sandbox", expiresInDays: null });
    expect(create.status()).toBe(404);
    const sample = await trpcMutation(page, "playground.issueKey", { workspaceId });
    expect(sample.status()).toBe(404);

    // Eve's own workspace list does not mention Acme.
    const mine = await trpcQuery(page, "workspace.list", undefined);
    expect(mine.status()).toBe(200);
    expect(JSON.stringify(await mine.json())).not.toContain(workspaceId);

    // Without a session, tRPC answers 401.
    const anonymous = await browser.newContext();
    const anon = await anonymous.newPage();
    expect((await trpcQuery(anon, "keys.list", { workspaceId })).status()).toBe(401);
    await anonymous.close();
    await context.close();
  });

  test("sign out, then a wrong password is refused and the right one signs in", async ({ page }) => {
    const who = person("Sam Signin");
    const { workspaceUrl } = await newDeveloper(page, who, "Sign-in Co");
    await page.getByRole("button", { name: /^Account:/ }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?signedOut=1/);
    await page.goto(workspaceUrl);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await snap(page, "portal-13-sign-in-error");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where the sign-in was asked for.
    await expect(page).toHaveURL(new RegExp(`${workspaceUrl}$`));
  });

  test("the main pages fit a phone screen", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/signup");
    await snap(page, "portal-phone-sign-up");
    const { workspaceUrl } = await newDeveloper(page, person("Pat Phone"), "Phone Co");
    // Something in every table and chart.
    await page.goto(`${workspaceUrl}/playground`);
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByTestId("playground-response")).toContainText("201");
    for (const [path, heading] of [
      ["", "Getting started"],
      ["/playground", "Playground"],
      ["/keys", "API keys"],
      ["/users", "Users"],
      ["/logs", "Request logs"],
      ["/settings", "Settings"],
    ] as const) {
      await page.goto(workspaceUrl + path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path || "/"} overflows horizontally`).toBeLessThanOrEqual(0);
      await snap(page, `portal-phone${path.replace("/", "-") || "-overview"}`);
    }
    // The sidebar collapses into a menu.
    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(page.getByRole("dialog", { name: "Navigation" }).getByRole("link", { name: "Playground" })).toBeVisible();
    await snap(page, "portal-phone-menu");
  });

  test("an owner invites the second account by link; after accepting, it sees the workspace as a member", async ({ page, browser }) => {
    const { workspaceUrl } = await newDeveloper(page, person("Olive Owner"), "Acme Agents");
    const second = person("Ivy Invitee");
    const context = await browser.newContext();
    const eve = await context.newPage();
    await signUp(eve, second);
    await eve.getByRole("button", { name: "Create account" }).click();
    await expect(eve).toHaveURL(/\/onboarding$/);
    await context.clearCookies();

    await page.goto(`${workspaceUrl}/settings`);
    await page.getByLabel("Email").fill(second.email);
    await page.getByRole("button", { name: "Create invitation" }).click();
    const link = await page.getByLabel("Invitation link", { exact: true }).inputValue();
    expect(link).toMatch(/\/invite\/inv_/);
    await expect(page.getByRole("heading", { name: "Pending invitations" })).toBeVisible();
    await snap(page, "portal-14-invite-link");

    await eve.goto(link);
    await expect(eve).toHaveURL(/\/signin\?callbackUrl=%2Finvite%2F/);
    await eve.getByLabel("Email").fill(second.email);
    await eve.getByLabel("Password").fill(PASSWORD);
    await eve.getByRole("button", { name: "Sign in" }).click();
    await expect(eve.getByRole("heading", { name: "Join Acme Agents" })).toBeVisible();
    // An address is trusted only once proven: accepting waits for the mailed link.
    await expect(eve.getByRole("status", { name: "Verification needed" })).toContainText(second.email);
    await expect(eve.getByRole("button", { name: "Accept invitation" })).toBeDisabled();
    await verifyEmailViaOutbox(eve, second.email);
    await eve.goto(link);
    await snap(eve, "portal-15-accept-invite");
    await eve.getByRole("button", { name: "Accept invitation" }).click();
    await expect(eve).toHaveURL(new RegExp(`${workspaceUrl}$`));
    await eve.goto(`${workspaceUrl}/keys`);
    await expect(eve.getByRole("row", { name: /Default sandbox key/ })).toBeVisible();
    await eve.getByRole("button", { name: "Create key" }).first().click();
    await expect(eve.getByRole("radio", { name: /live/i })).toBeDisabled();
    await context.close();
  });
});
