import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST, PUT } from "@/app/(api)/register/route";
import { endUsers } from "@/db/schema";
import { serviceContext } from "@/server/service/context";
import { deleteEndUser } from "@/server/users/delete";
import { findEndUser } from "@/server/users/find";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { specCurlBody, specRequest } from "../helpers/spec";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});

async function usersIn(ws: TestWorkspace, environment: "sandbox" | "live" = "sandbox") {
  const [row] = await ws.db
    .select({ n: count() })
    .from(endUsers)
    .where(and(eq(endUsers.workspaceId, ws.workspace.id), eq(endUsers.environment, environment)));
  return row!.n;
}

describe("POST /register", () => {
  it("accepts the spec's curl example verbatim", async () => {
    const res = await call(POST, "POST", "/register", {
      key: t.keys.sandbox,
      headers: { "Content-Type": "application/json" },
      raw: specCurlBody(),
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ user_id: expect.stringMatching(/^usr_/), created_at: expect.any(String), status: "active" });
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("accepts the spec's register request and is idempotent on email, merging traits", async () => {
    const w = await testWorkspace(); // the curl example above already registered the same email
    const specBody = JSON.parse(specRequest("POST /register"));
    expect(specBody.traits.name).toBe("Ash Lewis");
    const first = await call(POST, "POST", "/register", { key: w.keys.sandbox, raw: specRequest("POST /register") });
    expect(first.status).toBe(201);
    const again = await call(POST, "POST", "/register", {
      key: w.keys.sandbox,
      body: { email: specBody.email.toUpperCase(), traits: { timezone: "Europe/London", team: "growth" } },
    });
    expect(again.status).toBe(200);
    expect(again.body.user_id).toBe(first.body.user_id);
    expect(again.body.created_at).toBe(first.body.created_at);
    const [row] = await w.db.select().from(endUsers).where(eq(endUsers.userId, first.body.user_id));
    expect(row!.traits).toMatchObject({ name: "Ash Lewis", timezone: "Europe/London", team: "growth", locale: "en-US" });
    expect(row!.purpose).toBe(specBody.purpose);
    // The email itself is never stored.
    expect(JSON.stringify(row)).not.toContain(specBody.email);
    expect(row!.emailMasked).toBe("m***@pioneer.ai");
  });

  it("accepts the complete example's body with only a client user_id, and PUT as an alias", async () => {
    const body = {
      user_id: "user_123",
      purpose: "Restaurant recommendation agent that suggests dining options based on user preferences, dietary restrictions, and past experiences",
      traits: { name: "User Name", timezone: "America/Los_Angeles" },
    };
    const res = await call(POST, "POST", "/register", { key: t.keys.sandbox, body });
    expect(res.status).toBe(201);
    expect(res.body.user_id).toBe("user_123");
    const put = await call(PUT, "PUT", "/register", { key: t.keys.sandbox, body: { user_id: "user_123", traits: { x: 1 } } });
    expect(put.status).toBe(200);
    expect(put.body.user_id).toBe("user_123");
  });

  it("keeps every trait of concurrent registrations of one user (no lost update)", async () => {
    const w = await testWorkspace();
    const calls = Array.from({ length: 12 }, (_, i) =>
      call(POST, "POST", "/register", { key: w.keys.sandbox, body: { email: "race@example.com", traits: { [`t${i}`]: i } } }),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.user_id)).size).toBe(1);
    const [user] = await w.db.select().from(endUsers).where(eq(endUsers.workspaceId, w.workspace.id));
    expect(Object.keys(user!.traits).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `t${i}`).sort());
  });

  it("refuses an email that belongs to another user_id", async () => {
    await call(POST, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "owner", email: "taken@x.io" } });
    const res = await call(POST, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "other", email: "taken@x.io" } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "email_conflict", field: "email" });
  });

  const bad: [string, unknown, string][] = [
    ["neither identifier", { traits: { name: "x" } }, "email"],
    ["an invalid email", { email: "not-an-email" }, "email"],
    ["a numeric user_id", { user_id: 42 }, "user_id"],
    ["an empty user_id", { user_id: "  " }, "user_id"],
    ["traits that are not an object", { user_id: "u", traits: "vip" }, "traits"],
    ["a purpose that is not a string", { user_id: "u", purpose: 7 }, "purpose"],
  ];
  for (const [what, body, field] of bad) {
    it(`answers 400 naming \`${field}\` for ${what}, and stores nothing`, async () => {
      const before = await usersIn(t);
      const res = await call(POST, "POST", "/register", { key: t.keys.sandbox, body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "validation_error", field, request_id: expect.stringMatching(/^req_/) });
      expect(res.body.error.message).toContain(`\`${field}\``);
      expect(await usersIn(t)).toBe(before);
    });
  }

  it("answers 400 for a body that is not an object", async () => {
    const res = await call(POST, "POST", "/register", { key: t.keys.sandbox, raw: "[1,2]" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
  });
});

describe("the in-memory end-user cache (embedded database only)", () => {
  it("serves a re-registration's new traits at once, and forgets a deleted user at once", async () => {
    const scope = { workspaceId: t.workspace.id, environment: "sandbox" as const };
    await call(POST, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "cached", traits: { name: "Old Name" } } });
    expect((await findEndUser(t.db, scope, "cached"))?.traits.name).toBe("Old Name");
    await call(POST, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "cached", traits: { name: "New Name" } } });
    expect((await findEndUser(t.db, scope, "cached"))?.traits.name).toBe("New Name");
    const ctx = serviceContext({ db: t.db, scope, actor: { kind: "system", name: "test" }, requestId: "req_test" });
    expect(await deleteEndUser(ctx, { userId: "cached" })).toEqual({ deleted: true, userId: "cached" });
    expect(await findEndUser(t.db, scope, "cached")).toBeNull();
    // Another environment of the same workspace is another user.
    expect(await findEndUser(t.db, { ...scope, environment: "live" }, "cached")).toBeNull();
  });
});
