import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { createWorkspace, fillSignUp, person } from "./people";
import { snap } from "./support";

/**
 * The user page offers a memory's history, an export of all the user's data and erasure with
 * its receipt; the public API sees the same: the edit made through PATCH /memories/{id} is in
 * the history, a correction made in the portal is what the API then serves, and after erasure
 * GET /users/{user_id} answers 404.
 */
test("user page: a memory's history, an edit, export, erase with the receipt", async ({ page }) => {
  test.setTimeout(180_000);
  await fillSignUp(page, person("Erin Eraser"));
  await page.getByRole("button", { name: "Create account" }).click();
  await createWorkspace(page, "Erasure Co");
  const key = await page.getByTestId("new-api-key").inputValue();
  await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
  await page.getByRole("button", { name: "Continue to your workspace" }).click();
  await expect(page).toHaveURL(/\/w\/ws_/);
  const workspaceUrl = new URL(page.url()).pathname;

  const headers = { "x-api-key": key };
  expect((await page.request.post("/register", { headers, data: { user_id: "erin-user", traits: { name: "Robin Vale" } } })).status()).toBe(201);
  const ing = await page.request.post("/ingest", {
    headers,
    data: {
      user_id: "erin-user",
      message_history: [
        { role: "user", content: "I play the cello in a community orchestra on Thursdays.", timestamp: "2026-11-02T10:00:00Z" },
        { role: "user", content: "I'm allergic to shellfish.", timestamp: "2026-11-02T10:01:00Z" },
      ],
    },
  });
  const ingestionId = (await ing.json()).ingestion_id as string;
  await expect.poll(async () => (await (await page.request.get(`/ingestions/${ingestionId}`, { headers })).json()).status, { timeout: 60_000 }).toBe("done");

  // Correct a memory through the public API; the portal shows its history.
  const listed = await (await page.request.get("/memories?user_id=erin-user", { headers })).json();
  const cello = listed.memories.find((m: { text: string }) => /cello/.test(m.text));
  const patched = await page.request.patch(`/memories/${cello.id}`, { headers, data: { text: "Robin plays the viola in a community orchestra on Thursdays" } });
  expect(patched.status()).toBe(200);

  await page.goto(`${workspaceUrl}/users/erin-user`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Robin Vale");
  const memories = page.getByRole("list", { name: "Memories" });
  await expect(memories).toContainText("Robin plays the viola");
  await memories.getByRole("button", { name: /History of memory: Robin plays the viola/ }).click();
  const history = page.getByRole("dialog", { name: "Memory history" });
  const versions = history.getByRole("list", { name: "Versions" }).getByRole("listitem");
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText("Extracted");
  await expect(versions.nth(0)).toContainText(cello.text);
  await expect(versions.nth(1)).toContainText("Edited");
  await expect(versions.nth(1)).toContainText("API key");
  await snap(page, "user-memory-history");
  await history.getByRole("button", { name: "Close" }).click();
  await expect(history).toBeHidden();

  // Correct it again in the portal: the API serves the new text, the history has both edits.
  await memories.getByRole("button", { name: /Edit memory: Robin plays the viola/ }).click();
  const edit = page.getByRole("dialog", { name: "Edit memory" });
  const fact = edit.getByLabel("Fact");
  await fact.fill("   ");
  await expect(edit.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(edit.getByRole("alert")).toContainText("cannot be empty");
  await fact.fill("Robin plays the double bass in a community orchestra on Thursdays");
  const before = await (await page.request.get(`/memories/${cello.id}`, { headers })).json();
  await expect(edit.getByLabel("Topic")).toHaveValue(before.topic);
  await snap(page, "user-memory-edit");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(memories).toContainText("Robin plays the double bass");
  await expect(memories).not.toContainText("Robin plays the viola");
  const after = await (await page.request.get(`/memories/${cello.id}`, { headers })).json();
  expect(after.text).toBe("Robin plays the double bass in a community orchestra on Thursdays");
  await memories.getByRole("button", { name: /History of memory: Robin plays the double bass/ }).click();
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(2)).toContainText("Edited");
  await history.getByRole("button", { name: "Close" }).click();

  // Export: one JSON file with everything.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("pio-export-erin-user.json");
  const exported = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(exported.user.user_id).toBe("erin-user");
  expect(exported.messages).toHaveLength(2);
  expect(exported.memories.some((m: { text: string }) => /double bass/.test(m.text))).toBe(true);

  // Erase: the receipt lists what went; the API answers 404 afterwards.
  await page.getByRole("button", { name: "Erase user" }).click();
  const confirm = page.getByRole("dialog", { name: "Erase erin-user?" });
  await confirm.getByRole("button", { name: "Erase user and all data" }).click();
  const receipt = page.getByRole("dialog", { name: "Erasure receipt" });
  await expect(receipt).toContainText("erin-user was erased from sandbox");
  await expect(receipt.getByText("Messages", { exact: true }).locator("xpath=..")).toContainText("2");
  await expect(receipt.getByText("Memories", { exact: true }).locator("xpath=..")).toContainText(/[1-9]/);
  await expect(receipt.getByText("Total rows")).toBeVisible();
  await snap(page, "user-erasure-receipt");
  expect((await page.request.get("/users/erin-user", { headers })).status()).toBe(404);
  expect((await page.request.get("/summary?user_id=erin-user", { headers })).status()).toBe(404);
  await receipt.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(new RegExp(`${workspaceUrl}/users$`));
  await expect(page.getByText("erin-user")).toHaveCount(0);
});
