import { describe, it, expect } from "vitest";
import {
  createHttpNerDetector,
  defaultDetectors,
  detectPii,
  ibanValid,
  isIPv6,
  luhnValid,
  mergeSpans,
  PII_TYPES,
  placeholder,
  redactDeep,
  redactText,
  redactTextAsync,
  tolerant,
  type AsyncPiiDetector,
  type PiiDetector,
  type PiiSpan,
} from "@/server/privacy";
import { LOOK_ALIKES, POSITIVES } from "./privacy-corpus";

describe("positives: each value is replaced by its typed placeholder", () => {
  it.each(POSITIVES.map((p) => [p.type, p.text, p] as const))("%s: %s", (_type, _text, p) => {
    const { text, counts } = redactText(p.text);
    for (const raw of p.raw) expect(text).not.toContain(raw);
    expect(text).toContain(placeholder(p.type));
    expect(counts[p.type] ?? 0).toBeGreaterThan(0);
    if (p.expected !== undefined) expect(text).toBe(p.expected);
  });
});

describe("look-alikes survive byte for byte", () => {
  it.each(LOOK_ALIKES)("%s", (input) => {
    const r = redactText(input);
    expect(r.text).toBe(input);
    expect(r.counts).toEqual({});
  });
});

describe("redactText", () => {
  it("handles several types in one message and counts them", () => {
    const input =
      "Hi, I'm Ash Lewis (ash@example.com, +1 415-555-0132). Card 4111 1111 1111 1111, " +
      "IBAN DE89 3704 0044 0532 0130 00, I live at 742 Evergreen Terrace. My password is hunter2.";
    const r = redactText(input);
    expect(r.text).toBe(
      "Hi, I'm Ash Lewis ([EMAIL], [PHONE]). Card [CARD], IBAN [IBAN], I live at [ADDRESS]. My password is [PASSWORD].",
    );
    expect(r.counts).toEqual({ EMAIL: 1, PHONE: 1, CARD: 1, IBAN: 1, ADDRESS: 1, PASSWORD: 1 });
  });

  it("counts repeated values of one type", () => {
    const r = redactText("a@example.com, b@example.org and c@example.net");
    expect(r.text).toBe("[EMAIL], [EMAIL] and [EMAIL]");
    expect(r.counts).toEqual({ EMAIL: 3 });
  });

  it("is idempotent: redacting redacted text changes nothing", () => {
    const once = redactText("password: S3cr3t! mail ash@example.com, call 415-555-0132, key sk_live_51HxYzAbCdEfGhIjKlMn");
    const twice = redactText(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.counts).toEqual({});
  });

  it("keeps empty, short and placeholder-only strings", () => {
    expect(redactText("")).toEqual({ text: "", counts: {} });
    expect(redactText("ok")).toEqual({ text: "ok", counts: {} });
    const all = PII_TYPES.map(placeholder).join(" ");
    expect(redactText(all).text).toBe(all);
  });

  it("keeps unicode text around the spans intact", () => {
    expect(redactText("Ça va 🙂 — écris à zoë@example.fr 🙂").text).toBe("Ça va 🙂 — écris à [EMAIL] 🙂");
    expect(redactText("Grüße an info@münchen.de!").text).toBe("Grüße an [EMAIL]!");
  });

  it("accepts a custom detector list", () => {
    const onlyEmail = defaultDetectors.filter((d) => d.name === "email");
    expect(redactText("ash@example.com 415-555-0132", onlyEmail).text).toBe("[EMAIL] 415-555-0132");
  });

  it("redacts the value only after a password keyword, and only when a value follows", () => {
    expect(redactText("my password is hunter2").text).toBe("my password is [PASSWORD]");
    expect(redactText("I forgot my password").text).toBe("I forgot my password");
    expect(redactText("Passcode: 000000; PIN 9876").text).toBe("Passcode: [PASSWORD]; PIN [PASSWORD]");
  });

  it("keeps a 16-digit number that fails Luhn and redacts the one that passes", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(redactText("4111111111111112 vs 4111111111111111").text).toBe("4111111111111112 vs [CARD]");
  });

  it("validates IBAN checksums", () => {
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
    expect(redactText("GB82 WEST 1234 5698 7654 33").text).toBe("GB82 WEST 1234 5698 7654 33");
  });

  it("validates IPv6 syntax", () => {
    expect(isIPv6("2001:db8::1")).toBe(true);
    expect(isIPv6("::ffff:10.0.0.1")).toBe(true);
    expect(isIPv6("1:2:3:4:5:6:7:8:9")).toBe(false);
    expect(isIPv6("14:30:00")).toBe(false);
    expect(redactText("IPv4 octets above 255 like 300.1.2.3 are kept").text).toBe("IPv4 octets above 255 like 300.1.2.3 are kept");
  });

  it("redacts a whole multi-line document", () => {
    const doc = [
      "Subject: onboarding",
      "From: Maria Garcia <maria.garcia@acme.io>",
      "",
      "Hi team, Maria's phone is (415) 555-0177 and her SSN is 123-45-6789.",
      "Ship the laptop to 1600 Amphitheatre Parkway, Mountain View, CA 94043 by 2025-11-01.",
      "Server 10.1.2.3 uses token: Zx9Qw8Er7Ty6Ui5Op4Za. Budget $1,200.50 for 3 engineers.",
    ].join("\n");
    const out = redactText(doc).text;
    expect(out).toBe(
      [
        "Subject: onboarding",
        "From: Maria Garcia <[EMAIL]>",
        "",
        "Hi team, Maria's phone is [PHONE] and her SSN is [NATIONAL_ID].",
        "Ship the laptop to [ADDRESS] by 2025-11-01.",
        "Server [IP_ADDRESS] uses token: [SECRET]. Budget $1,200.50 for 3 engineers.",
      ].join("\n"),
    );
  });
});

describe("overlapping spans are merged", () => {
  const fixed = (name: string, spans: Omit<PiiSpan, "detector">[]): PiiDetector => ({
    name,
    detect: () => spans.map((s) => ({ ...s, detector: name })),
  });

  it("the highest-priority type wins and the union of the spans is replaced", () => {
    const text = "0123456789abcdef";
    const a = fixed("a", [{ start: 2, end: 8, type: "PHONE" }]);
    const b = fixed("b", [{ start: 5, end: 12, type: "CARD" }]);
    expect(redactText(text, [a, b]).text).toBe("01[CARD]cdef");
    expect(redactText(text, [b, a]).counts).toEqual({ CARD: 1 });
  });

  it("with equal priority the longest span wins", () => {
    const merged = mergeSpans([
      { start: 0, end: 4, type: "ADDRESS", detector: "x" },
      { start: 2, end: 10, type: "ADDRESS", detector: "y" },
    ]);
    expect(merged).toEqual([{ start: 0, end: 10, type: "ADDRESS", detector: "y" }]);
  });

  it("a span nested in another disappears into it; chains merge transitively", () => {
    const merged = mergeSpans([
      { start: 10, end: 12, type: "EMAIL", detector: "a" },
      { start: 0, end: 20, type: "SECRET", detector: "b" },
      { start: 18, end: 25, type: "PHONE", detector: "c" },
      { start: 30, end: 35, type: "PHONE", detector: "d" },
    ]);
    expect(merged.map((s) => [s.start, s.end, s.type])).toEqual([
      [0, 25, "SECRET"],
      [30, 35, "PHONE"],
    ]);
  });

  it("touching spans stay separate", () => {
    const text = "aaaabbbb";
    const d = fixed("d", [
      { start: 0, end: 4, type: "EMAIL" },
      { start: 4, end: 8, type: "PHONE" },
    ]);
    expect(redactText(text, [d]).text).toBe("[EMAIL][PHONE]");
  });

  it("ignores out-of-range or empty spans from a faulty detector", () => {
    const d = fixed("bad", [
      { start: -1, end: 3, type: "EMAIL" },
      { start: 5, end: 5, type: "EMAIL" },
      { start: 4, end: 99, type: "EMAIL" },
      { start: 1.5, end: 3, type: "EMAIL" },
      { start: 0, end: 2, type: "EMAIL" },
    ]);
    expect(redactText("abcdefgh", [d]).text).toBe("[EMAIL]cdefgh");
  });

  it("built-in detectors overlapping on one value give one clean placeholder", () => {
    // The secret detector and the generic assignment rule both match; the phone detector sees
    // digits inside the bank account; the IPv4 tail of an IPv6 address matches twice.
    expect(redactText("api_key=sk_live_51HxYzAbCdEfGhIjKlMn").text).toBe("api_key=[SECRET]");
    expect(redactText("acct 4155550132").text).toBe("acct [BANK_ACCOUNT]");
    expect(redactText("::ffff:192.0.2.128").text).toBe("[IP_ADDRESS]");
    const spans = detectPii("password: ash@example.com");
    expect(spans).toHaveLength(1);
    expect(spans[0]?.type).toBe("PASSWORD");
  });
});

describe("redactDeep", () => {
  it("redacts every string in nested objects and arrays, keys and other values untouched", () => {
    const traits = {
      name: "Ash Lewis",
      "contact ash@example.com": "keys are not redacted",
      age: 34,
      active: true,
      manager: null,
      emails: ["ash@example.com", "work: ash.lewis@acme.io"],
      profile: {
        phone: "+44 20 7946 0958",
        home: { street: "221B Baker Street", city: "London" },
        notes: [{ text: "card 4111 1111 1111 1111", at: "2025-11-01" }],
      },
      plan: "$1M ARR by Nov 1st",
    };
    const before = JSON.stringify(traits);
    const out = redactDeep(traits);
    expect(out).toEqual({
      name: "Ash Lewis",
      "contact ash@example.com": "keys are not redacted",
      age: 34,
      active: true,
      manager: null,
      emails: ["[EMAIL]", "work: [EMAIL]"],
      profile: {
        phone: "[PHONE]",
        home: { street: "[ADDRESS]", city: "London" },
        notes: [{ text: "card [CARD]", at: "2025-11-01" }],
      },
      plan: "$1M ARR by Nov 1st",
    });
    expect(JSON.stringify(traits)).toBe(before); // the input is not mutated
  });

  it("redacts a bare string and leaves primitives alone", () => {
    expect(redactDeep("mail ash@example.com")).toBe("mail [EMAIL]");
    expect(redactDeep(4155550132)).toBe(4155550132);
    expect(redactDeep(null)).toBeNull();
    expect(redactDeep(undefined)).toBeUndefined();
  });

  it("keeps a __proto__ key from JSON as a plain key", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "ash@example.com"}}') as Record<string, unknown>;
    const out = redactDeep(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual({ polluted: "[EMAIL]" });
  });
});

describe("redactTextAsync with a model-based detector", () => {
  // A fake NER model: finds the person-less "customer reference" strings a rule cannot know.
  const fakeNer: AsyncPiiDetector = {
    name: "fake-ner",
    async detect(text) {
      await new Promise((r) => setTimeout(r, 1));
      const spans: PiiSpan[] = [];
      for (const m of text.matchAll(/Elm Court no\. \d+/g)) {
        spans.push({ start: m.index, end: m.index + m[0].length, type: "ADDRESS", detector: "fake-ner", score: 0.91 });
      }
      return spans;
    },
  };

  it("combines async and sync detectors in one pass", async () => {
    const r = await redactTextAsync("I moved to Elm Court no. 7, mail ash@example.com", [...defaultDetectors, fakeNer]);
    expect(r.text).toBe("I moved to [ADDRESS], mail [EMAIL]");
    expect(r.counts).toEqual({ ADDRESS: 1, EMAIL: 1 });
  });

  it("merges async spans that overlap sync spans", async () => {
    const overlapping: AsyncPiiDetector = {
      name: "overlap",
      detect: async (text) => {
        const i = text.indexOf("555");
        return [{ start: i - 2, end: i + 3, type: "ADDRESS", detector: "overlap", score: 0.6 }];
      },
    };
    const r = await redactTextAsync("tel 415-555-0132 ok", [...defaultDetectors, overlapping]);
    expect(r.text).toBe("tel [PHONE] ok");
  });

  it("rejects when an async detector fails, unless it is wrapped with tolerant()", async () => {
    const broken: AsyncPiiDetector = {
      name: "broken",
      detect: () => Promise.reject(new Error("model down")),
    };
    await expect(redactTextAsync("ash@example.com", [...defaultDetectors, broken])).rejects.toThrow("model down");
    const errors: unknown[] = [];
    const r = await redactTextAsync("ash@example.com", [...defaultDetectors, tolerant(broken, (e) => errors.push(e))]);
    expect(r.text).toBe("[EMAIL]");
    expect(errors).toHaveLength(1);
  });

  it("createHttpNerDetector maps labels, applies the threshold and converts code point offsets", async () => {
    const text = "🙂 Ship to Elm Court 7 for Ash";
    const requests: unknown[] = [];
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      requests.push(JSON.parse(String(init?.body)));
      // Offsets as a Python service counts them: the emoji is one code point.
      return new Response(
        JSON.stringify({
          entities: [
            { start: 10, end: 21, label: "street address", score: 0.88, text: "Elm Court 7" },
            { start: 26, end: 29, label: "person", score: 0.99, text: "Ash" },
            { start: 2, end: 6, label: "street address", score: 0.2, text: "Ship" },
          ],
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    }) as typeof fetch;
    const ner = createHttpNerDetector({ url: "http://ner.local/predict", fetch: fakeFetch });
    const r = await redactTextAsync(text, [...defaultDetectors, ner]);
    expect(r.text).toBe("🙂 Ship to [ADDRESS] for Ash");
    expect(requests[0]).toMatchObject({ text, threshold: 0.5 });
  });
});
