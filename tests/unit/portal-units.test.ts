import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { curlSnippet, pythonSnippet, toPythonLiteral, typescriptSnippet } from "@/lib/snippets";
import { describeWait } from "@/server/auth/sign-in-limit";

describe("portal variables", () => {
  it("OAuth providers need their id and secret together; AUTH_SECRET must be long", () => {
    expect(parseEnv({}).AUTH_SECRET).toBeUndefined();
    expect(parseEnv({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" }).AUTH_GITHUB_ID).toBe("id");
    expect(() => parseEnv({ AUTH_GITHUB_ID: "id" })).toThrow(/AUTH_GITHUB_SECRET/);
    expect(() => parseEnv({ AUTH_GOOGLE_SECRET: "s" })).toThrow(/AUTH_GOOGLE_ID/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    expect(parseEnv({ AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toHaveLength(32);
  });
});

describe("copy as curl / Python / TypeScript", () => {
  const req = {
    method: "POST",
    url: "http://localhost:3000/register",
    headers: { "x-api-key": "pio_sk_test_abc", "Content-Type": "application/json" },
    body: '{\n  "email": "me@pioneer.ai",\n  "traits": { "notes": "it\'s fine", "vip": true, "score": null }\n}',
  };

  it("curl sends the method, the headers and the body, quoted for the shell", () => {
    const s = curlSnippet(req);
    expect(s).toContain("curl -X POST 'http://localhost:3000/register'");
    expect(s).toContain("-H 'x-api-key: pio_sk_test_abc'");
    expect(s).toContain("-H 'Content-Type: application/json'");
    expect(s).toContain(`-d '{"email":"me@pioneer.ai","traits":{"notes":"it'\\''s fine","vip":true,"score":null}}'`);
  });

  it("Python uses requests with json= and Python literals; GET parameters go to params=", () => {
    const s = pythonSnippet(req);
    expect(s).toContain("import requests");
    expect(s).toContain('requests.post(\n    "http://localhost:3000/register"');
    expect(s).toContain('"vip": True');
    expect(s).toContain('"score": None');
    const get = pythonSnippet({ method: "GET", url: "http://h/summary?user_id=usr_1&max_chars=1000", headers: { "x-api-key": "k" } });
    expect(get).toContain('requests.get(\n    "http://h/summary"');
    expect(get).toContain('"user_id": "usr_1"');
    expect(toPythonLiteral({ a: [1, false] })).toBe('{\n    "a": [\n        1,\n        False,\n    ],\n}');
  });

  it("TypeScript uses fetch with the same headers and a JSON body", () => {
    const s = typescriptSnippet(req);
    expect(s).toContain('await fetch("http://localhost:3000/register"');
    expect(s).toContain('"x-api-key": "pio_sk_test_abc"');
    expect(s).toContain("body: JSON.stringify({");
    expect(typescriptSnippet({ method: "GET", url: "http://h/summary", headers: { "x-api-key": "k" } })).not.toContain("body");
  });

  it("waits are said in words", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(45)).toBe("45 seconds");
    expect(describeWait(299)).toBe("5 minutes");
  });
});
