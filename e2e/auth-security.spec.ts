import { expect, test } from "@playwright/test";
import { newDeveloper, PASSWORD, person, trpcQuery } from "./people";

/** Issue 10, portal findings: each as the request that showed it. */

test("a signed-in visit to /signin never redirects to another origin, whatever the callbackUrl", async ({ page, baseURL }) => {
  await newDeveloper(page, person("Rita Redirect"), "Redirect Co");
  const origin = new URL(baseURL!).origin;
  for (const callbackUrl of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example/x", "\\\\evil.example", "/%09/evil.example"]) {
    const res = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
    expect(res.status(), JSON.stringify(callbackUrl)).toBeGreaterThanOrEqual(300);
    expect(res.status(), JSON.stringify(callbackUrl)).toBeLessThan(400);
    const location = res.headers()["location"]!;
    expect(new URL(location, baseURL).origin, `${JSON.stringify(callbackUrl)} → ${location}`).toBe(origin);
  }
  // A same-site path still goes where it was asked.
  const ok = await page.request.get(`/signin?callbackUrl=${encodeURIComponent("/dashboard?x=1")}`, { maxRedirects: 0 });
  expect(new URL(ok.headers()["location"]!, baseURL).pathname + new URL(ok.headers()["location"]!, baseURL).search).toBe("/dashboard?x=1");
});

test("the sign-in limit holds when every attempt sends a different X-Forwarded-For", async ({ page, request, baseURL }) => {
  const who = person("Fran Forwarded");
  await newDeveloper(page, who, "Forwarded Co");
  const codes: string[] = [];
  for (let i = 0; i < 12; i++) {
    const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
    const res = await request.post("/api/auth/callback/credentials", {
      form: { email: who.email, password: `wrong ${i}`, csrfToken: csrf, callbackUrl: "/dashboard" },
      headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
      maxRedirects: 0,
    });
    const location = new URL(res.headers()["location"] ?? "/", baseURL);
    codes.push((location.searchParams.get("code") ?? "").split(":")[0]!);
  }
  expect(codes.slice(0, 5)).toEqual(Array(5).fill("invalid_credentials"));
  expect(codes.slice(5)).toEqual(Array(7).fill("rate_limited"));
  // Limited means limited: even the right password waits.
  const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
  const right = await request.post("/api/auth/callback/credentials", {
    form: { email: who.email, password: PASSWORD, csrfToken: csrf, callbackUrl: "/dashboard" },
    headers: { "x-forwarded-for": "192.0.2.77" },
    maxRedirects: 0,
  });
  expect(new URL(right.headers()["location"]!, baseURL).searchParams.get("code")).toMatch(/^rate_limited:\d+$/);
});

test("signing out ends the session token itself, not only the cookie in this browser", async ({ page, browser }) => {
  const { workspaceUrl } = await newDeveloper(page, person("Sid Signout"), "Signout Co");
  const stolen = await page.context().storageState();
  await page.getByRole("button", { name: /^Account:/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);

  // The same token replayed from elsewhere (a copied cookie) is refused.
  const replay = await browser.newContext({ storageState: stolen });
  const other = await replay.newPage();
  expect((await trpcQuery(other, "account.me", undefined)).status()).toBe(401);
  await other.goto(workspaceUrl);
  await expect(other).toHaveURL(/\/signin\?callbackUrl=/);
  await replay.close();
});
