import { expect, test, type APIResponse } from "@playwright/test";
import { sandboxKey } from "./support";

/**
 * Issue 10, items 8 and 9, through the production server: strings Postgres cannot store and
 * deeply nested JSON get a 400 naming the field (they were 500s), whatever way they arrive
 * (body, query string, path).
 */
async function expect400(res: APIResponse, field: RegExp) {
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.error).toMatchObject({ code: "validation_error", field: expect.stringMatching(field), request_id: expect.stringMatching(/^req_/) });
}

test.describe("hostile input on the production server", () => {
  const headers = () => ({ "x-api-key": sandboxKey(), "Content-Type": "application/json" });

  test("NUL and lone surrogates in a body, the query string and the path", async ({ request }) => {
    expect((await request.post("/register", { headers: headers(), data: { user_id: "e2e-hostile" } })).status()).toBeLessThan(300);
    await expect400(
      await request.post("/ingest", { headers: headers(), data: Buffer.from('{"user_id":"e2e-hostile","message_history":[{"role":"user","content":"a\\u0000b"}]}') }),
      /^message_history\[0\]\.content$/,
    );
    await expect400(await request.post("/register", { headers: headers(), data: Buffer.from('{"user_id":"e2e-hostile","traits":{"name":"\\ud800x"}}') }), /^traits\.name$/);
    await expect400(await request.get("/summary?user_id=e2e-hostile&purpose=a%00b", { headers: headers() }), /^purpose$/);
    await expect400(await request.get("/ingestions/ing_%00", { headers: headers() }), /^id$/);
    await expect400(await request.get("/profile?user_id=e2e%00hostile", { headers: headers() }), /^user_id$/);
    await expect400(
      await request.post("/ingest", {
        headers: headers(),
        data: { user_id: "e2e-hostile", message_history: [{ role: "user", content: "hi", timestamp: "0000-01-01T00:00:00Z" }] },
      }),
      /^message_history\[0\]\.timestamp$/,
    );
  });

  test("traits nested 4,100 deep: 400, and the user stays readable", async ({ request }) => {
    const depth = 4100;
    const raw = `{"user_id":"e2e-deep","traits":{"x":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}}`;
    await expect400(await request.post("/register", { headers: headers(), data: Buffer.from(raw) }), /^traits\.x/);
    const ok = await request.post("/register", { headers: headers(), data: { user_id: "e2e-deep", traits: { prefs: { food: { likes: ["sushi"] } } } } });
    expect(ok.status()).toBe(201);
    const summary = await request.get("/summary?user_id=e2e-deep", { headers: headers() });
    expect(summary.status()).toBe(200);
    expect((await request.get("/profile?user_id=e2e-deep", { headers: headers() })).status()).toBe(200);
  });
});
