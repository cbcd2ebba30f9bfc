import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

/** The sandbox key the server script made with `key:create` before the server started. */
export function sandboxKey(): string {
  return fs.readFileSync(path.join(".data", "e2e", "sandbox-key"), "utf8").trim();
}

/** Screenshots kept as test artifacts, one per step a person would see. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join("test-results", "screenshots", `${name}.png`), fullPage: true });
}
