import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { documentChunks, documents, endUsers, ingestions, memories, messages, profileSummaries, stage3Entries } from "@/db/schema";
import { newId } from "@/server/lib/ids";
import { registerEndUser } from "@/server/users/register";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let scope: { workspaceId: string; environment: "sandbox" };

beforeAll(async () => {
  a = await portalAccount("Explorer");
  scope = { workspaceId: (await onboard(a, "Explorer Co")).workspace.id, environment: "sandbox" };
});

describe("users explorer", () => {
  it("pages 25 at a time, newest first, and searches a user_id prefix or an exact email", async () => {
    for (let i = 0; i < 30; i++) {
      await registerEndUser(a.db, scope, { user_id: `user_${String(i).padStart(2, "0")}`, email: `person${i}@example.com` });
    }
    await registerEndUser(a.db, scope, { user_id: "userX" });
    const p1 = await a.caller.explorer.list({ ...scope, page: 1 });
    expect(p1).toMatchObject({ total: 31, page: 1, pageCount: 2, pageSize: 25 });
    expect(p1.users).toHaveLength(25);
    expect(p1.users[0]!.userId).toBe("userX");
    const p2 = await a.caller.explorer.list({ ...scope, page: 2 });
    expect(p2.users).toHaveLength(6);
    expect(new Set([...p1.users, ...p2.users].map((u) => u.userId)).size).toBe(31);
    // Past the end: the last page.
    expect((await a.caller.explorer.list({ ...scope, page: 9 })).page).toBe(2);

    // "user_" must match the underscore literally: userX is not a match.
    const prefix = await a.caller.explorer.list({ ...scope, search: "user_1", page: 1 });
    expect(prefix.users.map((u) => u.userId).sort()).toEqual(["user_10", "user_11", "user_12", "user_13", "user_14", "user_15", "user_16", "user_17", "user_18", "user_19"]);
    expect((await a.caller.explorer.list({ ...scope, search: "user_", page: 1 })).total).toBe(30);
    const byEmail = await a.caller.explorer.list({ ...scope, search: " Person7@Example.com ", page: 1 });
    expect(byEmail.users.map((u) => u.userId)).toEqual(["user_07"]);
    expect((await a.caller.explorer.list({ ...scope, search: "person7@", page: 1 })).total).toBe(0);
  });

  it("shows a user's traits, summary, memories, Stage 3 by topic, documents and ingestions; deletes a memory", async () => {
    const { user } = await registerEndUser(a.db, scope, {
      user_id: "ash",
      email: "me@pioneer.ai",
      purpose: "AI SDR agent",
      traits: { name: "Ash Lewis", timezone: "America/Los_Angeles" },
    });
    const own = { ...scope, endUserId: user.id };
    const ingestionId = newId("ing");
    await a.db.insert(ingestions).values({
      id: ingestionId,
      ...own,
      source: "gmail",
      status: "done",
      counts: { messages: 2, documents: 1, skipped: 0, memories_added: 2, memories_updated: 0, memories_deleted: 0, memories_unchanged: 0, document_chunks: 1 },
    });
    await a.db.insert(messages).values({ id: "msg_1_0", ...own, ingestionId, role: "user", content: "I love sushi", contentHash: "c", timestamp: new Date() });
    const docId = newId("doc");
    await a.db.insert(documents).values({ id: docId, ...own, ingestionId, docId: "doc-q4-goals", title: "Quarterly Goals Q4", documentType: "document", content: "Q4 2025 Goals", contentHash: "d" });
    await a.db.insert(documentChunks).values({ id: newId("chk"), ...own, documentId: docId, chunkIndex: 0, text: "Q4 2025 Goals" });
    await a.db.insert(memories).values([
      { id: "mem_sushi", ...own, text: "User loves sushi", textHash: "m1", sourceIds: ["msg_1_0"], extractor: "test", ingestionId },
      { id: "mem_dinner", ...own, text: "User eats late dinners around 9pm", textHash: "m2", sourceIds: ["msg_1_0"], extractor: "test", ingestionId },
    ]);
    await a.db.insert(stage3Entries).values([
      { id: newId("s3"), ...own, questionIndex: 5, question: "What are the user's food preferences?", answer: "Sushi.", topic: "preferences", text: "Q/A", threshold: 5 },
      { id: newId("s3"), ...own, questionIndex: 1, question: "What is the user's role?", answer: "Founder.", topic: "work", text: "Q/A", threshold: 5 },
    ]);
    await a.db.insert(profileSummaries).values({ id: newId("sum"), ...own, summary: "Ash Lewis is a founder who loves sushi.", inputsHash: "x", generator: "test" });

    const d = await a.caller.explorer.get({ ...scope, userId: "ash" });
    expect(d.user).toMatchObject({ userId: "ash", name: "Ash Lewis", emailMasked: "m***@pioneer.ai", purpose: "AI SDR agent", traits: { timezone: "America/Los_Angeles" } });
    expect(d.summary?.summary).toBe("Ash Lewis is a founder who loves sushi.");
    expect(d.memories.map((m) => m.text).sort()).toEqual(["User eats late dinners around 9pm", "User loves sushi"]);
    expect(d.memories[0]!.sourceIds).toEqual(["msg_1_0"]);
    expect(d.stage3.map((t) => t.topic)).toEqual(["preferences", "work"]);
    expect(d.documents).toEqual([expect.objectContaining({ docId: "doc-q4-goals", title: "Quarterly Goals Q4", chunks: 1 })]);
    expect(d.ingestions).toEqual([expect.objectContaining({ id: ingestionId, status: "done", source: "gmail" })]);
    expect(d).toMatchObject({ memoryTotal: 2, messageTotal: 1 });

    await a.caller.explorer.deleteMemory({ ...scope, userId: "ash", memoryId: "mem_sushi" });
    expect((await a.caller.explorer.get({ ...scope, userId: "ash" })).memories.map((m) => m.id)).toEqual(["mem_dinner"]);
    await expect(a.caller.explorer.deleteMemory({ ...scope, userId: "ash", memoryId: "mem_sushi" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Deleting the user removes every row of theirs.
    await a.caller.explorer.deleteUser({ ...scope, userId: "ash" });
    for (const table of [memories, messages, documents, documentChunks, stage3Entries, profileSummaries, ingestions]) {
      expect(await a.db.select().from(table).where(eq(table.endUserId, user.id))).toHaveLength(0);
    }
    expect(await a.db.select().from(endUsers).where(eq(endUsers.id, user.id))).toHaveLength(0);
    await expect(a.caller.explorer.get({ ...scope, userId: "ash" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
