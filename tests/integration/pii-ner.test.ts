import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as health } from "@/app/api/health/route";
import { endUsers, messages } from "@/db/schema";
import { waitForIdle } from "@/inngest/runner";
import { EnvError, parseEnv, resetEnvCache } from "@/server/env";
import { NER_COOLDOWN_MS, nerWindows, resetNer } from "@/server/privacy/provider";
import { redactTextsForStorage } from "@/server/privacy/storage";
import { startFakeNer, type FakeNer } from "../helpers/fake-ner";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * Issue 10, item 7: with PII_NER_URL set, text going to storage is also sent to a GLiNER-style
 * HTTP service; its spans become the same typed placeholders; which entity types it redacts is
 * a setting; it is time-bounded, and when it fails the rules still run and the failure shows.
 */
let t: TestWorkspace;
let ner: FakeNer;
const ENV_KEYS = ["PII_NER_URL", "PII_NER_ENTITIES", "PII_NER_THRESHOLD", "PII_NER_TIMEOUT_MS", "PII_NER_API_KEY"] as const;

function configure(vars: Partial<Record<(typeof ENV_KEYS)[number], string>>) {
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, vars);
  resetEnvCache();
  resetNer();
}

beforeAll(async () => {
  t = await testWorkspace();
  ner = await startFakeNer();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "u-ner" } });
  await waitForIdle();
});
afterEach(() => {
  ner.options = {};
  ner.requests.length = 0;
  vi.restoreAllMocks();
});
afterAll(async () => {
  configure({});
  await ner.close();
});

async function storedMessage(content: string): Promise<string> {
  const res = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: "u-ner", message_history: [{ role: "user", content }] } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await waitForIdle();
  const [row] = await t.db
    .select({ content: messages.content })
    .from(messages)
    .where(eq(messages.ingestionId, res.body.ingestion_id));
  return row!.content;
}

describe("offline default: rules only", () => {
  it("without PII_NER_URL nothing is sent anywhere and the rules redact as before", async () => {
    configure({});
    expect(await storedMessage("I live at 17 rue de Rivoli, mail ash@example.com")).toBe("I live at 17 rue de Rivoli, mail [EMAIL]");
    expect(ner.requests).toHaveLength(0);
    const body = await (await health()).json();
    expect(body.pii_recognizer).toMatchObject({ configured: false, state: "off" });
  });
});

describe("with PII_NER_URL", () => {
  it("sends the rule-redacted text with the labels of the default entity types, and redacts the spans with typed placeholders", async () => {
    configure({ PII_NER_URL: ner.url });
    const stored = await storedMessage("Maria Gonzalez moved to 17 rue de Rivoli; mail ash@example.com or call zero six twelve thirty-four fifty-six");
    expect(stored).toBe("Maria Gonzalez moved to [ADDRESS]; mail [EMAIL] or call [PHONE]");
    const req = ner.requests.find((r) => r.text.includes("rue de Rivoli"))!;
    expect(req.text).not.toContain("ash@example.com"); // structured values never leave Pio
    expect(req.text).toContain("[EMAIL]");
    expect(req.labels).toContain("street address");
    expect(req.labels).not.toContain("person"); // names are kept unless asked for
    expect(req.threshold).toBe(0.5);
  });

  it("PII_NER_ENTITIES chooses what it redacts: people and organizations, in messages, memories and traits", async () => {
    configure({ PII_NER_URL: ner.url, PII_NER_ENTITIES: "person,organization", PII_NER_API_KEY: "ner-token-1" });
    const stored = await storedMessage("My advisor Jean Dupont at Banco Azul handles it 🙂, he lives at 17 rue de Rivoli.");
    expect(stored).toBe("My advisor [PERSON] at [ORGANIZATION] handles it 🙂, he lives at 17 rue de Rivoli.");
    expect(ner.requests.at(-1)!.labels.sort()).toEqual(["organization", "person"]);
    expect(ner.requests.at(-1)!.headers.authorization).toBe("Bearer ner-token-1");
    const { rows } = await t.db.execute<{ text: string }>(sql`select text from memories where text like '%advisor%'`);
    for (const r of rows) expect(r.text).not.toMatch(/Jean Dupont|Banco Azul/);
    const reg = await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "u-ner-2", traits: { bank: "Banco Azul", city: "Lyon" } } });
    expect(reg.status).toBe(201);
    const [user] = await t.db.select().from(endUsers).where(eq(endUsers.userId, "u-ner-2"));
    expect(user!.traits).toEqual({ bank: "[ORGANIZATION]", city: "Lyon" });
    await waitForIdle();
  });

  it("entities below PII_NER_THRESHOLD are kept", async () => {
    configure({ PII_NER_URL: ner.url, PII_NER_ENTITIES: "person", PII_NER_THRESHOLD: "0.95" });
    ner.options = { score: 0.9 };
    expect(await storedMessage("Jean Dupont called")).toBe("Jean Dupont called");
    expect(ner.requests.at(-1)!.threshold).toBe(0.95);
  });

  it("long texts go in windows and every span lands at the right offset", async () => {
    configure({ PII_NER_URL: ner.url, PII_NER_ENTITIES: "person" });
    const filler = "word ".repeat(1900); // ~9,500 characters
    const [out] = await redactTextsForStorage([`Ana said hi. ${filler}Then Jean Dupont replied. ${filler}Bye Ana.`]);
    expect(out).toBe(`[PERSON] said hi. ${filler}Then [PERSON] replied. ${filler}Bye [PERSON].`);
    expect(ner.requests.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...ner.requests.map((r) => r.text.length))).toBeLessThanOrEqual(4000);
    const windows = nerWindows("x ".repeat(5000), 1000, 100);
    expect(windows.every((w, i) => i === 0 || w.start < windows[i - 1]!.start + windows[i - 1]!.text.length)).toBe(true);
    expect(windows.at(-1)!.start + windows.at(-1)!.text.length).toBe(10_000);
  });
});

describe("when the recognizer fails", () => {
  it("a 500: the request succeeds with the rules, the failure is logged once and shown by /api/health, calls pause for the cool-down", async () => {
    configure({ PII_NER_URL: ner.url, PII_NER_ENTITIES: "person,address" });
    ner.options = { status: 500 };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await storedMessage("Jean Dupont, ash@example.com")).toBe("Jean Dupont, [EMAIL]");
    expect(await storedMessage("Jean Dupont again, bob@example.com")).toBe("Jean Dupont again, [EMAIL]");
    expect(ner.requests).toHaveLength(1); // the second text is not sent during the cool-down
    const warnings = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes("PII recognizer"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/answered 500/);
    const res = await health();
    const body = await res.json();
    expect(body.pii_recognizer).toMatchObject({ configured: true, state: "degraded", failures: 1, last_error: expect.stringMatching(/500/) });
    expect(body.pii_recognizer.skipped).toBeGreaterThanOrEqual(2);
    expect(body.pii_recognizer.url).toBe(ner.url);
    // after the cool-down it is tried again, and recovers
    ner.options = {};
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + NER_COOLDOWN_MS + 1 });
    try {
      expect((await redactTextsForStorage(["Jean Dupont"]))[0]).toBe("[PERSON]");
    } finally {
      vi.useRealTimers();
    }
    expect((await (await health()).json()).pii_recognizer.state).toBe("ok");
  });

  it("a hung service costs at most PII_NER_TIMEOUT_MS", async () => {
    configure({ PII_NER_URL: ner.url, PII_NER_ENTITIES: "person", PII_NER_TIMEOUT_MS: "300" });
    ner.options = { delayMs: 5000 };
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const started = performance.now();
    expect(await storedMessage("Jean Dupont, card 4111 1111 1111 1111")).toBe("Jean Dupont, card [CARD]");
    expect(performance.now() - started).toBeLessThan(2500);
    const body = await (await health()).json();
    expect(body.pii_recognizer.last_error).toMatch(/timed out after 300 ms/);
  });

  it("an unreachable service: rules only, visible", async () => {
    configure({ PII_NER_URL: "http://127.0.0.1:9/predict", PII_NER_ENTITIES: "person" });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await storedMessage("Jean Dupont, ssn 219-09-9999")).toBe("Jean Dupont, ssn [NATIONAL_ID]");
    expect((await (await health()).json()).pii_recognizer.state).toBe("degraded");
  });
});

describe("configuration is validated at start-up", () => {
  it("rejects an unknown entity type, a bad URL, a threshold outside 0..1, with the variable's name", () => {
    expect(() => parseEnv({ PII_NER_URL: "http://ner:8080/predict", PII_NER_ENTITIES: "person,pets" })).toThrow(/PII_NER_ENTITIES: unknown entity type\(s\) pets/);
    expect(() => parseEnv({ PII_NER_URL: "ftp://ner" })).toThrow(EnvError);
    expect(() => parseEnv({ PII_NER_URL: "ftp://ner" })).toThrow(/PII_NER_URL/);
    expect(() => parseEnv({ PII_NER_THRESHOLD: "1.5" })).toThrow(/PII_NER_THRESHOLD/);
    expect(() => parseEnv({ PII_NER_TIMEOUT_MS: "0" })).toThrow(/PII_NER_TIMEOUT_MS/);
    const ok = parseEnv({ PII_NER_URL: "http://ner:8080/predict", PII_NER_ENTITIES: " Person , organization " });
    expect(ok.PII_NER_ENTITIES).toEqual(["person", "organization"]);
    expect(parseEnv({}).PII_NER_URL).toBeUndefined();
  });
});
