import { expect, test } from "@playwright/test";
import { snap } from "./support";

/**
 * The user page shows the user model as a tree: topics → facts, safety-critical facts marked,
 * superseded facts folded away as history, people with their relation, an outdated timezone
 * flagged. The data goes in through the public API with the workspace's own sandbox key.
 */
test("the user page shows the tree of knowledge with history folded away", async ({ page }) => {
  test.setTimeout(180_000);
  const email = `tree-${Date.now().toString(36)}@example.com`;
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Tree Tester");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Organization name").fill("Tree Co");
  await page.getByLabel("What are you building?").selectOption("Sales automation");
  await page.getByLabel("Default region").selectOption("eu-west-1");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByRole("button", { name: "Create workspace and sandbox key" }).click();
  const key = await page.getByTestId("new-api-key").inputValue();
  await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
  await page.getByRole("button", { name: "Continue to your workspace" }).click();
  await expect(page).toHaveURL(/\/w\/ws_/);
  const workspaceUrl = new URL(page.url()).pathname;

  const headers = { "x-api-key": key };
  const reg = await page.request.post("/register", { headers, data: { user_id: "tree-ash", traits: { name: "Ash Lewis", timezone: "America/Los_Angeles" } } });
  expect(reg.status()).toBe(201);
  const sessions = [
    [
      { role: "user", content: "I live in San Francisco. I'm severely allergic to peanuts. My cofounder Sarah Chen runs engineering.", timestamp: "2025-09-02T18:00:00Z" },
    ],
    [{ role: "user", content: "I moved from San Francisco to Austin last month!", timestamp: "2025-11-10T18:00:00Z" }],
  ];
  for (const message_history of sessions) {
    const ing = await page.request.post("/ingest", { headers, data: { user_id: "tree-ash", message_history } });
    expect(ing.status()).toBe(200);
    const id = (await ing.json()).ingestion_id as string;
    await expect.poll(async () => (await (await page.request.get(`/ingestions/${id}`, { headers })).json()).status, { timeout: 60_000 }).toBe("done");
  }

  await page.goto(`${workspaceUrl}/users/tree-ash`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ash Lewis");
  const tree = page.getByRole("list", { name: "Memories" });
  const identity = tree.getByRole("region", { name: "Topic: Identity & location" });
  await expect(identity).toContainText("Ash moved from San Francisco to Austin");
  // The old home is history: folded away until opened.
  const old = identity.getByText("Ash lives in San Francisco.");
  await expect(old).toBeHidden();
  await identity.getByText("1 earlier fact (superseded)").click();
  await expect(old).toBeVisible();
  const health = tree.getByRole("region", { name: "Topic: Health & diet" });
  await expect(health).toContainText("Safety");
  await expect(health).toContainText("allergic to peanuts");
  const people = page.getByRole("list", { name: "People and places" });
  await expect(people).toContainText("Sarah Chen");
  await expect(people).toContainText("cofounder");
  await expect(page.getByRole("status").filter({ hasText: "timezone looks outdated" })).toContainText("Austin");
  await snap(page, "user-model-tree");
});
