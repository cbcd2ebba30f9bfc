import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { waitForIdle } from "@/inngest/runner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
const facts = [
  "I love sushi and usually eat late dinners around 9pm",
  "I'm training for a marathon in Berlin next spring",
  "My daughter Mia starts kindergarten in September",
  "I prefer meetings after 1pm because mornings are for deep work",
  "I play jazz piano on weekends",
];

beforeAll(async () => {
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "ret", traits: { name: "Ash Lewis" } } });
  await call(ingest, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: {
      user_id: "ret",
      message_history: facts.map((content, i) => ({ id: `f${i}`, role: "user", content, timestamp: `2025-10-0${i + 1}T10:00:00Z` })),
    },
  });
  await waitForIdle();
});

const ask = (content: string, extra: Record<string, unknown> = {}, key = t.keys.sandbox) =>
  call(chunks, "POST", "/chunks", { key, body: { user_id: "ret", history: [{ role: "user", content }], ...extra } });

describe("POST /chunks retrieval", () => {
  it("ranks the relevant fact first for each topic", async () => {
    const cases: [string, string][] = [
      ["Any ideas for dinner tonight?", "f0"],
      ["How is the running training going?", "f1"],
      ["When does my kid start school?", "f2"],
      ["Can we schedule a meeting tomorrow?", "f3"],
      ["What music do I play?", "f4"],
    ];
    for (const [q, id] of cases) {
      const res = await ask(q, { similarity_threshold: 0 });
      expect(res.status).toBe(200);
      // Five facts also reach the first Stage 3 threshold: the chunk that leads carries the right
      // fact, as its memory or as the Stage 3 answer that brings it together with another fact.
      const first = res.body.chunks[0];
      expect(first.source_ids, q).toContain(id);
      if (first.source === "memory") expect(first.source_ids, q).toEqual([id]);
      else expect(first.source, q).toBe("stage3");
    }
  });

  it("scores are in [0, 1] and sorted; k and its alias top_k limit the count", async () => {
    const res = await ask("Tell me about me", { similarity_threshold: 0, k: 3 });
    expect(res.body.chunks).toHaveLength(3);
    const scores = res.body.chunks.map((c: { score: number }) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    expect((await ask("Tell me about me", { similarity_threshold: 0, top_k: 2 })).body.chunks).toHaveLength(2);
  });

  it("drops chunks under the threshold, and excludes given chunk ids", async () => {
    const none = await ask("Quantum chromodynamics lattice gauge theory", { similarity_threshold: 0.5 });
    expect(none.body.chunks).toEqual([]);
    const first = await ask("Any ideas for dinner tonight?", { similarity_threshold: 0 });
    const topId = first.body.chunks[0].id;
    const again = await ask("Any ideas for dinner tonight?", { similarity_threshold: 0, exclude_chunk_ids: [topId] });
    expect(again.body.chunks.map((c: { id: string }) => c.id)).not.toContain(topId);
  });

  it("weights the latest user turn most", async () => {
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: {
        user_id: "ret",
        history: [
          { role: "user", content: "What music do I play?" },
          { role: "assistant", content: "You play jazz piano." },
          { role: "user", content: "Ok. And when does my daughter start kindergarten?" },
        ],
        similarity_threshold: 0,
      },
    });
    expect(res.body.chunks[0].source_ids).toContain("f2");
    expect(res.body.chunks[0].text).toMatch(/kindergarten/);
    expect(res.body.used_query.split(" ")[0]).not.toBe("music");
  });

  const bad: [string, unknown, string][] = [
    ["no history", { user_id: "ret" }, "history"],
    ["an empty history", { user_id: "ret", history: [] }, "history"],
    ["a turn without content", { user_id: "ret", history: [{ role: "user" }] }, "history[0].content"],
    ["a k of 0", { user_id: "ret", history: [{ role: "user", content: "x" }], k: 0 }, "k"],
    ["a threshold over 1", { user_id: "ret", history: [{ role: "user", content: "x" }], similarity_threshold: 2 }, "similarity_threshold"],
    ["only blank turns", { user_id: "ret", history: [{ role: "user", content: "  " }] }, "history"],
  ];
  for (const [what, body, field] of bad) {
    it(`400 naming \`${field}\` for ${what}`, async () => {
      const res = await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "validation_error", field });
    });
  }

  it("404 for an unknown user, and for this user through another workspace's or environment's key", async () => {
    const other = await testWorkspace();
    expect((await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body: { user_id: "ghost", history: [{ role: "user", content: "x" }] } })).status).toBe(404);
    expect((await ask("dinner", {}, other.keys.sandbox)).status).toBe(404);
    expect((await ask("dinner", {}, t.keys.live)).status).toBe(404);
  });
});
