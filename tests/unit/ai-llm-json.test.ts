import { describe, expect, it } from "vitest";
import { z } from "zod";
import { extractJson, parseJsonOutput } from "@/server/ai/llm";
import { reconcileSchema } from "@/server/memory/extract/llm";

describe("extractJson", () => {
  it("parses plain JSON, fenced JSON and JSON inside prose", () => {
    expect(extractJson('{"a": 1}')).toEqual({ a: 1 });
    expect(extractJson('```json\n{"a": [1, 2]}\n```')).toEqual({ a: [1, 2] });
    expect(extractJson('Sure! Here it is:\n```\n{"a": "}"}\n```\nAnything else?')).toEqual({ a: "}" });
    expect(extractJson('The answer is {"facts": [{"text": "x {y}"}]} as requested.')).toEqual({ facts: [{ text: "x {y}" }] });
    expect(extractJson('Format {like this}: {"a": 1}')).toEqual({ a: 1 });
  });

  it("throws a readable error for non-JSON and empty answers", () => {
    expect(() => extractJson("I cannot help with that.")).toThrow(/not valid JSON/);
    expect(() => extractJson('{"a": ')).toThrow(/not valid JSON/);
    // A cut-off object is an error, not a chance to return a fragment nested inside it.
    expect(() => extractJson('{"facts": [{"text": "a"}, {"text": "b"')).toThrow(/not valid JSON/);
    expect(() => extractJson("  ")).toThrow(/empty/);
  });
});

describe("parseJsonOutput", () => {
  const schema = z.object({ facts: z.array(z.object({ text: z.string().min(1) })) });

  it("returns the validated value or the exact error", () => {
    expect(parseJsonOutput('{"facts": []}', schema)).toEqual({ ok: true, value: { facts: [] } });
    const bad = parseJsonOutput('{"facts": [{"text": 3}]}', schema);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/facts\.0\.text/);
  });
});

describe("reconcile schema", () => {
  const schema = reconcileSchema(2, new Set(["0", "1"]));

  it("accepts one valid decision per fact (numbers as strings are fine)", () => {
    const r = schema.safeParse({
      decisions: [
        { fact_index: "1", action: "update", memory_id: 0, text: "merged" },
        { fact_index: 0, action: "ADD" },
      ],
    });
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.decisions[0]).toMatchObject({ fact_index: 1, action: "UPDATE", memory_id: "0" });
  });

  it.each([
    [{ decisions: [{ fact_index: 0, action: "ADD" }] }, /no decision for fact\(s\) 1/],
    [{ decisions: [{ fact_index: 0, action: "ADD" }, { fact_index: 0, action: "ADD" }, { fact_index: 1, action: "ADD" }] }, /more than one decision/],
    [{ decisions: [{ fact_index: 0, action: "DELETE", memory_id: "7" }, { fact_index: 1, action: "ADD" }] }, /"7" is not one of the existing memory ids \(0, 1\)/],
    [{ decisions: [{ fact_index: 0, action: "UPDATE", memory_id: "1" }, { fact_index: 1, action: "ADD" }] }, /UPDATE needs the merged memory text/],
    [{ decisions: [{ fact_index: 0, action: "DELETE" }, { fact_index: 1, action: "ADD" }] }, /DELETE needs a memory_id/],
    [{ decisions: [{ fact_index: 2, action: "ADD" }, { fact_index: 1, action: "ADD" }] }, /fact_index 2 does not exist/],
    [{ decisions: [{ fact_index: 0, action: "MERGE" }, { fact_index: 1, action: "ADD" }] }, /action/],
  ])("rejects %j", (value, message) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.message).join("\n") + r.error.issues.map((i) => i.path.join(".")).join("\n")).toMatch(message);
  });
});
