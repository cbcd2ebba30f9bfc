import { expect, type Page } from "@playwright/test";

/** New accounts and workspaces for the portal specs, through the pages a person uses. */
export const PASSWORD = "correct horse battery staple";
let counter = 0;

export const person = (name: string) => ({
  name,
  email: `${name.split(" ")[0]!.toLowerCase()}-${Date.now().toString(36)}-${++counter}@example.com`,
});

export async function fillSignUp(page: Page, who: { name: string; email: string }) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(PASSWORD);
}

export async function createWorkspace(page: Page, name: string) {
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("What are you building?").selectOption("Sales automation");
  await page.getByLabel("Default region").selectOption("eu-west-1");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByRole("button", { name: "Create workspace and sandbox key" }).click();
  await expect(page.getByRole("heading", { name: `${name} is ready` })).toBeVisible();
}

/** A new account with a workspace, signed in on `page`; returns the workspace's path and id. */
export async function newDeveloper(page: Page, who: { name: string; email: string }, workspace: string) {
  await fillSignUp(page, who);
  await page.getByRole("button", { name: "Create account" }).click();
  await createWorkspace(page, workspace);
  await page.getByLabel("I have copied this key and stored it somewhere safe.").check();
  await page.getByRole("button", { name: "Continue to your workspace" }).click();
  await expect(page).toHaveURL(/\/w\/ws_[1-9A-HJ-NP-Za-km-z]+$/);
  const workspaceUrl = new URL(page.url()).pathname;
  return { workspaceUrl, workspaceId: workspaceUrl.split("/").pop()! };
}

/** A tRPC query as the browser's client sends it (superjson input), with this page's cookies. */
export function trpcQuery(page: Page, path: string, input: unknown) {
  return page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
}
export function trpcMutation(page: Page, path: string, input: unknown) {
  return page.request.post(`/api/trpc/${path}`, { data: { json: input } });
}

/** Opens the newest verification link mailed to `email` (the development outbox, no SMTP). */
export async function verifyEmailViaOutbox(page: Page, email: string) {
  await page.goto("/dev/outbox");
  const mail = page.getByTestId("outbox-mail").filter({ hasText: email }).filter({ hasText: "Verify your email" }).first();
  await mail.getByRole("link", { name: /\/verify-email\?token=/ }).click();
  await expect(page.getByText("Email verified")).toBeVisible();
}
