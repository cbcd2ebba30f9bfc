import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { newDeveloper, person, trpcMutation } from "./people";

/**
 * Every portal page, signed in and with data in every list and chart, at a laptop and a phone
 * width. A page fails when the document is wider than the viewport, or when a control (link,
 * button, field, tab) is cut off: outside the viewport, or clipped by a scrolling or clipping
 * box around it at its first scroll position (the "Revok" of a keys table that scrolls
 * sideways), or a read-only field whose text does not fit. One screenshot per page and width is
 * kept in test-results/layout/.
 */
const WIDTHS = [
  { name: "laptop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const SHOTS = path.join("test-results", "layout");

interface Problem {
  what: string;
  why: string;
}

/** Runs in the page: what is wider than the viewport, and which controls are cut off. */
async function layoutProblems(page: Page): Promise<{ docOverflow: number; problems: Problem[] }> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const describe = (el: Element) => {
      const label = el.getAttribute("aria-label") || (el as HTMLElement).innerText?.trim().slice(0, 40) || (el as HTMLInputElement).name || "";
      return `<${el.tagName.toLowerCase()}> "${label}"`;
    };
    const problems: { what: string; why: string }[] = [];
    const controls = document.querySelectorAll(
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="tab"], [role="button"]',
    );
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      // Not rendered (display: none, a closed <details>), or visually hidden on purpose (sr-only).
      if (r.width <= 1 || r.height <= 1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.opacity === "0") continue;
      let left = 0;
      let right = vw;
      for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (cs.overflowX !== "visible") {
          const pr = p.getBoundingClientRect();
          left = Math.max(left, pr.left);
          right = Math.min(right, pr.right);
        }
        if (cs.position === "fixed") break;
      }
      if (r.left < left - 1 || r.right > right + 1) {
        problems.push({ what: describe(el), why: `spans x ${Math.round(r.left)}–${Math.round(r.right)} but only ${Math.round(left)}–${Math.round(right)} is visible` });
      }
      if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.readOnly && el.scrollWidth > el.clientWidth + 1) {
        problems.push({ what: describe(el), why: `its text is ${el.scrollWidth}px wide in a ${el.clientWidth}px field` });
      }
    }
    return { docOverflow: document.documentElement.scrollWidth - vw, problems };
  });
}

async function check(page: Page, name: string, width: (typeof WIDTHS)[number]) {
  await page.waitForLoadState("networkidle");
  // Data-driven parts (skeletons) settle before measuring.
  await expect(page.locator('[role="status"][aria-live="polite"] .animate-pulse')).toHaveCount(0);
  const { docOverflow, problems } = await layoutProblems(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width.name}.png`), fullPage: true });
  expect.soft(docOverflow, `${name} at ${width.width}px: the document is ${docOverflow}px wider than the viewport`).toBeLessThanOrEqual(0);
  expect.soft(problems, `${name} at ${width.width}px: controls cut off`).toEqual([]);
}

test("every portal page fits a laptop and a phone, with no control cut off", async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  fs.mkdirSync(SHOTS, { recursive: true });

  // A workspace with something in every list: sample data, keys of every kind, requests that failed.
  const { workspaceUrl, workspaceId } = await newDeveloper(page, person("Lou Layout"), "Layout Laboratories International");
  expect((await trpcMutation(page, "sandbox.loadSampleData", { workspaceId })).status()).toBe(200);
  const live = await trpcMutation(page, "keys.create", { workspaceId, name: "Production web server", environment: "live", expiresInDays: 30 });
  expect(live.status()).toBe(200);
  const sandbox = await (await trpcMutation(page, "keys.create", { workspaceId, name: "Staging worker", environment: "sandbox", expiresInDays: 7 })).json();
  const key = sandbox.result.data.json.key as string;
  const sandboxKeyId = sandbox.result.data.json.apiKey.id as string;
  expect((await trpcMutation(page, "keys.roll", { workspaceId, keyId: sandboxKeyId, graceSeconds: 3600 })).status()).toBe(200);
  const revoked = await (await trpcMutation(page, "keys.create", { workspaceId, name: "Old laptop", environment: "sandbox", expiresInDays: null })).json();
  await trpcMutation(page, "keys.revoke", { workspaceId, keyId: revoked.result.data.json.apiKey.id });
  await trpcMutation(page, "playground.issueKey", { workspaceId });
  const headers = { "x-api-key": key };
  for (let i = 0; i < 3; i++) await page.request.post(`${baseURL}/register`, { headers, data: { user_id: `layout-user-${i}`, traits: { name: `Layout User ${i}` } } });
  const failed = await page.request.post(`${baseURL}/register`, { headers, data: { user_id: "u1", email: 42 } });
  const failedId = failed.headers()["x-request-id"]!;
  await page.request.get(`${baseURL}/summary?user_id=nobody-here`, { headers });

  const pages: { name: string; path: string; heading: RegExp | string; after?: (p: Page) => Promise<void> }[] = [
    { name: "getting-started", path: workspaceUrl, heading: "Getting started" },
    { name: "playground", path: `${workspaceUrl}/playground`, heading: "Playground", after: async (p) => void (await expect(p.getByTestId("playground-key")).toBeVisible()) },
    { name: "keys", path: `${workspaceUrl}/keys`, heading: "API keys" },
    {
      name: "keys-all-and-playground",
      path: `${workspaceUrl}/keys`,
      heading: "API keys",
      after: async (p) => {
        await p.getByLabel(/Show revoked and expired/).check();
        await p.getByTestId("playground-keys").locator("summary").click();
      },
    },
    {
      name: "key-reveal",
      path: `${workspaceUrl}/keys`,
      heading: "API keys",
      after: async (p) => {
        await p.getByRole("button", { name: "Create key" }).first().click();
        const dialog = p.getByRole("dialog", { name: "Create an API key" });
        await dialog.getByLabel("Name").fill("A key with a long name for the reveal");
        await dialog.getByRole("button", { name: "Create key" }).click();
        await expect(p.getByTestId("new-api-key")).toBeVisible();
      },
    },
    { name: "users", path: `${workspaceUrl}/users`, heading: "Users" },
    { name: "user", path: `${workspaceUrl}/users/${encodeURIComponent("layout-user-0")}`, heading: /Layout User 0/ },
    {
      name: "logs",
      path: `${workspaceUrl}/logs`,
      heading: "Request logs",
      // The chart is whole at every width: no sideways scroller that opens at the oldest end.
      after: async (p) => {
        const chart = p.getByRole("img", { name: /requests in the/ });
        await expect(chart).toBeVisible();
        const fits = await chart.evaluate((svg) => {
          const r = svg.getBoundingClientRect();
          for (let e = svg.parentElement; e; e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1) return `scrolls sideways in <${e.tagName.toLowerCase()}>`;
          }
          return r.left >= 0 && r.right <= document.documentElement.clientWidth ? "fits" : `spans x ${r.left}–${r.right}`;
        });
        expect(fits).toBe("fits");
      },
    },
    {
      name: "log-detail",
      path: `${workspaceUrl}/logs?request=${failedId}`,
      heading: "Request logs",
      after: async (p) => void (await expect(p.getByTestId("request-detail")).toBeVisible()),
    },
    { name: "settings", path: `${workspaceUrl}/settings`, heading: "Settings" },
    { name: "account", path: "/account", heading: "Your account" },
    { name: "new-workspace", path: "/onboarding?new=1", heading: "Create a workspace" },
  ];

  for (const width of WIDTHS) {
    await page.setViewportSize({ width: width.width, height: width.height });
    for (const p of pages) {
      await test.step(`${p.name} at ${width.width}×${width.height}`, async () => {
        await page.goto(p.path);
        await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
        await p.after?.(page);
        await check(page, p.name, width);
      });
    }
  }
});

test("the layout check itself catches a cut-off control, a too-wide document and a clipped field", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // The keys table of issue 14, in miniature: a table wider than its scrolling box, its last button out of view.
  await page.setContent(`
    <div style="width: 300px; overflow-x: auto"><table style="width: 600px"><tr><td>Production</td><td style="text-align: right"><button>Revoke</button></td></tr></table></div>
    <button>Fits</button>`);
  expect((await layoutProblems(page)).problems.map((p) => p.what)).toEqual(['<button> "Revoke"']);
  await page.setContent(`<div style="width: 600px">wide</div><input readonly style="width: 80px" value="pio_sk_test_AbCdEfGhJkLmNpQrStUvWxYz123456789">`);
  const wide = await layoutProblems(page);
  expect(wide.docOverflow).toBeGreaterThan(0);
  expect(wide.problems.map((p) => p.why)).toEqual([expect.stringMatching(/text is \d+px wide in a \d+px field/)]);
  await page.setContent(`<div style="width: 300px"><button style="width: 200px">Fits</button></div>`);
  expect(await layoutProblems(page)).toEqual({ docOverflow: 0, problems: [] });
});
