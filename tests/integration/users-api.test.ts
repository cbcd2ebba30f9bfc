import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { GET as exportRoute } from "@/app/(api)/users/[user_id]/export/route";
import { DELETE as eraseRoute, GET as getUserRoute } from "@/app/(api)/users/[user_id]/route";
import { GET as listUsersRoute } from "@/app/(api)/users/route";
import { endUsers } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { userTables } from "@/server/users/erase";
import { getTableConfig } from "drizzle-orm/pg-core";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { RESTAURANT_ASH } from "../helpers/scenarios";

let t: TestWorkspace;
let other: TestWorkspace;

const reg = (body: Record<string, unknown>, key = t.keys.sandbox) => call(register, "POST", "/register", { key, body });
const listUsers = (q: Record<string, string | number> = {}, key = t.keys.sandbox) => call(listUsersRoute, "GET", "/users", { key, query: q });
const getUser = (id: string, key = t.keys.sandbox) => call(getUserRoute, "GET", `/users/${id}`, { key, params: { user_id: id } });
const exportUser = (id: string, key = t.keys.sandbox) => call(exportRoute, "GET", `/users/${id}/export`, { key, params: { user_id: id } });
const erase = (id: string, key = t.keys.sandbox) => call(eraseRoute, "DELETE", `/users/${id}`, { key, params: { user_id: id } });

async function ingestAsh(userId: string, key = t.keys.sandbox) {
  const res = await call(ingest, "POST", "/ingest", {
    key,
    body: {
      user_id: userId,
      source: "chat",
      message_history: RESTAURANT_ASH,
      documents: [{ doc_id: "menu-notes", title: "Notes", content: "Ash's favourite restaurants: Veracruz, Uchi. Allergic to peanuts." }],
    },
  });
  expect(res.status).toBe(200);
  await waitForIdle();
}

beforeAll(async () => {
  t = await testWorkspace();
  other = await testWorkspace();
  for (let i = 1; i <= 5; i++) expect((await reg({ user_id: `list-${i}`, email: `person${i}@example.com`, traits: { name: `Person ${i}` } })).status).toBe(201);
  expect((await reg({ user_id: "ash-users", email: "ash@example.com", traits: { name: "Ash Lewis", timezone: "America/Chicago" } })).status).toBe(201);
  await ingestAsh("ash-users");
  expect((await reg({ user_id: "list-1" }, other.keys.sandbox)).status).toBe(201);
});

describe("GET /users", () => {
  it("lists the environment's users newest first, with masked emails and memory counts", async () => {
    const res = await listUsers();
    expect(res.status).toBe(200);
    const ids = res.body.users.map((u: { user_id: string }) => u.user_id);
    expect(ids).toEqual(["ash-users", "list-5", "list-4", "list-3", "list-2", "list-1"]);
    const ash = res.body.users[0];
    expect(ash).toMatchObject({ email: "a***@example.com", name: "Ash Lewis" });
    expect(ash.memory_count).toBeGreaterThan(5);
    expect(JSON.stringify(res.body)).not.toContain("ash@example.com");
    expect(res.body.next_cursor).toBeNull();
  });

  it("pages with a cursor: each user once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await listUsers({ limit: 4, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.users.map((u: { user_id: string }) => u.user_id));
      cursor = res.body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["ash-users", "list-5", "list-4", "list-3", "list-2", "list-1"]);
  });

  it("searches by user_id prefix or exact email", async () => {
    expect((await listUsers({ search: "list-" })).body.users).toHaveLength(5);
    expect((await listUsers({ search: "PERSON3@example.com" })).body.users.map((u: { user_id: string }) => u.user_id)).toEqual(["list-3"]);
    expect((await listUsers({ search: "nobody" })).body.users).toEqual([]);
    // LIKE wildcards are literal.
    expect((await listUsers({ search: "list%" })).body.users).toEqual([]);
  });

  it("another workspace or environment sees only its own users", async () => {
    expect((await listUsers({}, other.keys.sandbox)).body.users.map((u: { user_id: string }) => u.user_id)).toEqual(["list-1"]);
    expect((await listUsers({}, t.keys.live)).body.users).toEqual([]);
  });

  it("refuses bad input naming the field", async () => {
    for (const [q, field] of [
      [{ limit: "abc" }, "limit"],
      [{ limit: 500 }, "limit"],
      [{ cursor: "eyJub3BlIjp0cnVlfQ" }, "cursor"],
      [{ search: "x".repeat(321) }, "search"],
    ] as const) {
      const res = await listUsers(q as Record<string, string | number>);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "validation_error", field });
    }
  });
});

describe("GET /users/{user_id}", () => {
  it("answers the user, traits and counts", async () => {
    const res = await getUser("ash-users");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_id: "ash-users", name: "Ash Lewis", traits: { timezone: "America/Chicago" } });
    expect(res.body.counts.messages).toBe(RESTAURANT_ASH.length);
    expect(res.body.counts.documents).toBeGreaterThanOrEqual(1);
    expect(res.body.counts.ingestions).toBe(1);
    expect(res.body.counts.current_memories).toBeLessThan(res.body.counts.memories);
    expect(res.body.last_ingested_at).toEqual(expect.any(String));
  });

  it("another workspace or environment gets 404; a too-long id is refused by name", async () => {
    for (const key of [other.keys.sandbox, t.keys.live]) {
      const res = await getUser("ash-users", key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("user_not_found");
    }
    const res = await getUser("x".repeat(129));
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("user_id");
  });
});

describe("GET /users/{user_id}/export", () => {
  it("is all of the user's data as one JSON document, without vectors", async () => {
    const res = await exportUser("ash-users");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.user).toMatchObject({ user_id: "ash-users", email: "a***@example.com", traits: { name: "Ash Lewis" } });
    expect(doc.messages).toHaveLength(RESTAURANT_ASH.length);
    expect(doc.messages[0]).toMatchObject({ id: RESTAURANT_ASH[0]!.id, role: "assistant", content: RESTAURANT_ASH[0]!.content });
    expect(doc.documents.map((d: { doc_id: string }) => d.doc_id)).toContain("menu-notes");
    expect(doc.memories.length).toBe((await getUser("ash-users")).body.counts.memories);
    expect(doc.memories.every((m: { history: unknown[] }) => m.history.length >= 1)).toBe(true);
    expect(doc.summaries.length).toBeGreaterThanOrEqual(1);
    expect(doc.ingestions).toHaveLength(1);
    expect(JSON.stringify(doc)).not.toMatch(/"embedding"/);
  });

  it("another workspace or environment gets 404", async () => {
    for (const key of [other.keys.sandbox, t.keys.live]) expect((await exportUser("ash-users", key)).status).toBe(404);
  });
});

/** Every table of the database's own catalog, and how many of its rows mention any of `needles`. */
async function rowsMentioning(needles: string[]): Promise<Record<string, number>> {
  const { rows: tables } = await t.db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  expect(tables.length).toBeGreaterThan(15);
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const cond = sql.join(needles.map((n) => sql`row_to_json(x)::text like ${`%${n}%`}`), sql` or `);
    const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(name)} x where ${cond}`);
    out[name] = Number(rows[0]!.n);
  }
  return out;
}

describe("DELETE /users/{user_id} (erasure)", () => {
  it("erases every row of the user in every table and answers a receipt; other users are untouched", async () => {
    expect((await reg({ user_id: "erase-me-Qx7", email: "erase@example.com", traits: { name: "Ash Lewis" } })).status).toBe(201);
    await ingestAsh("erase-me-Qx7");
    // Fill the caches too: a summary, a cached answer, Stage 3.
    expect((await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "erase-me-Qx7" } })).status).toBe(200);
    expect((await call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: "erase-me-Qx7", question: "What does Ash like to eat?" } })).status).toBe(200);
    await waitForIdle();
    // The same user_id in another tenant stays.
    expect((await reg({ user_id: "erase-me-Qx7" }, other.keys.sandbox)).status).toBe(201);
    const [row] = await t.db.select({ id: endUsers.id }).from(endUsers).where(sql`${endUsers.userId} = 'erase-me-Qx7' and ${endUsers.workspaceId} = ${t.workspace.id}`);
    const internal = row!.id;

    const before = await rowsMentioning([internal]);
    // Every table the schema says holds user rows has some for this user (the test covers them all).
    const filled = Object.entries(before).filter(([, n]) => n > 0).map(([name]) => name);
    for (const table of ["end_users", "messages", "documents", "document_chunks", "memories", "memory_versions", "search_index", "search_terms", "profile_summaries", "stage3_entries", "stage3_runs", "ingestions", "query_answers"]) {
      expect(filled, table).toContain(table);
    }
    const ashBefore = await rowsMentioning([(await t.db.select({ id: endUsers.id }).from(endUsers).where(sql`${endUsers.userId} = 'ash-users'`))[0]!.id]);

    const res = await erase("erase-me-Qx7");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_id: "erase-me-Qx7", erased: true, erased_at: expect.any(String), request_id: expect.stringMatching(/^req_/) });
    expect(res.body.counts).toMatchObject({ users: 1, messages: RESTAURANT_ASH.length, documents: 2, ingestions: 1 });
    expect(res.body.counts.memories).toBeGreaterThan(5);
    expect(res.body.total_rows).toBe(Object.values(res.body.counts as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(res.headers.get("x-request-id")).toBe(res.body.request_id);

    // Every table of the catalog (a table added later included): no row mentions the user.
    const after = await rowsMentioning([internal]);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    // Every table with an end_user_id column is one the erasure knows about.
    const { rows: withColumn } = await t.db.execute<{ name: string }>(
      sql`select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'end_user_id' order by 1`,
    );
    expect(userTables().map((x) => getTableConfig(x).name).sort()).toEqual(withColumn.map((r) => r.name));
    // The other tenant's user of the same id, and the other user here, are untouched.
    expect((await getUser("erase-me-Qx7", other.keys.sandbox)).status).toBe(200);
    expect(await rowsMentioning([(await t.db.select({ id: endUsers.id }).from(endUsers).where(sql`${endUsers.userId} = 'ash-users'`))[0]!.id])).toEqual(ashBefore);
  });

  it("afterwards /chunks, /summary, /query, /profile and the user endpoints answer 404", async () => {
    const key = t.keys.sandbox;
    const user_id = "erase-me-Qx7";
    const results = [
      await call(chunks, "POST", "/chunks", { key, body: { user_id, history: [{ role: "user", content: "sushi" }] } }),
      await call(summary, "GET", "/summary", { key, query: { user_id } }),
      await call(query, "POST", "/query", { key, body: { user_id, question: "What does Ash like?" } }),
      await call(profile, "GET", "/profile", { key, query: { user_id } }),
      await getUser(user_id),
      await exportUser(user_id),
      await erase(user_id),
    ];
    for (const r of results) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("user_not_found");
    }
  });

  it("another workspace or environment gets 404 and erases nothing", async () => {
    for (const key of [other.keys.live, t.keys.live]) {
      const res = await erase("ash-users", key);
      expect(res.status).toBe(404);
    }
    expect((await getUser("ash-users")).status).toBe(200);
  });
});
