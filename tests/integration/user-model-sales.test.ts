import { beforeAll, describe, expect, it } from "vitest";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { SALES_PRIYA } from "../helpers/scenarios";

/**
 * The user model on a second conversation written for it (not LoCoMo), in another register:
 * a sales assistant's user who introduces herself with her role, changes jobs ("I left Acme
 * and joined Northwind Analytics as VP of Marketing"), names a manager and a report, and is
 * vegetarian with a shellfish allergy.
 */
let t: TestWorkspace;
const USER = "priya-sales";

const ask = (question: string) => call(query, "POST", "/query", { key: t.keys.sandbox, body: { user_id: USER, question, use_cache: false } });

beforeAll(async () => {
  t = await testWorkspace();
  const reg = await call(register, "POST", "/register", {
    key: t.keys.sandbox,
    body: { user_id: USER, purpose: "Sales assistant that books vendor meetings and lunches and drafts follow-up messages", traits: { name: "Priya Nair", timezone: "America/Chicago" } },
  });
  expect(reg.status).toBe(201);
  for (const s of ["p1", "p2", "p3"]) {
    const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: USER, message_history: SALES_PRIYA.filter((m) => m.id.startsWith(`${s}-`)) } });
    expect(res.status).toBe(200);
    await waitForIdle();
  }
}, 120_000);

describe("a job change, introduced the way people talk", () => {
  it("'I'm Priya, head of marketing at Acme' is her job, superseded by the one she joined", async () => {
    const res = await call(profile, "GET", "/profile", { key: t.keys.sandbox, query: { user_id: USER } });
    const work = (res.body.topics as { topic: string; facts: { text: string; status: string }[] }[]).find((x) => x.topic === "work")!;
    const acme = work.facts.find((f) => /head of marketing at Acme/.test(f.text))!;
    const northwind = work.facts.find((f) => /Northwind Analytics/.test(f.text))!;
    expect(acme.text).not.toMatch(/Priya is Priya/);
    expect(acme.status).toBe("superseded");
    expect(northwind.status).toBe("current");
  });

  it("answers where she works now and where she worked before", async () => {
    const now = await ask("Where does Priya work now?");
    expect(now.body.answer).toMatch(/Northwind/);
    expect(now.body.answer).not.toMatch(/Boston|budget/i);
    expect(now.body.answer).not.toMatch(/Big news/);
    const before = await ask("Where did Priya work before?");
    expect(before.body.answer).toMatch(/Priya was head of marketing at Acme/);
  });

  it("lists the people she works with, each with their relation", async () => {
    const res = await ask("Who does Priya work with?");
    expect(res.body.answer).toMatch(/Dana Ortiz \(manager\)/);
    expect(res.body.answer).toMatch(/Kevin Li \(report\)/);
    expect(res.body.answer).not.toMatch(/Arjun/);
  });

  it("keeps the diet and the allergy in a 200-character summary, and the new job in a longer one", async () => {
    const short = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER, max_chars: 200 } });
    expect(short.body.summary).toMatch(/vegetarian/);
    expect(short.body.summary).toMatch(/shellfish/);
    // Her request as something she asks, not an imperative to whoever reads the summary.
    expect(short.body.summary).not.toMatch(/please/i);
    const long = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: USER, max_chars: 2000 } });
    expect(long.body.summary).toMatch(/Northwind/);
    expect(long.body.summary).not.toMatch(/head of marketing at Acme/);
    // The job's sentence, without the one it came with or its lead-in.
    expect(long.body.summary).toMatch(/Priya left Acme and joined Northwind Analytics/);
    expect(long.body.summary).not.toMatch(/Boston was great|Big news/);
    // The conference was in April; by May (when she last wrote) it is told in the past tense.
    expect(long.body.summary).toMatch(/Priya was speaking at the MarTech conference in Boston in April 2025/);
    expect(long.body.summary).not.toMatch(/Priya is speaking/);
  });
});
