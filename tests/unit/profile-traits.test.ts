import { describe, expect, it } from "vitest";
import { SPEC_REGISTER } from "@/lib/spec-examples";
import { describeTimezone, normalizeLocale, normalizeTimezone, normalizeTraits, normalizeUrl } from "@/server/profile/traits";

const specTraits = SPEC_REGISTER.traits;

describe("normalizeTraits: the spec's example", () => {
  it("gives a typed profile", () => {
    expect(normalizeTraits(specTraits)).toEqual({
      name: "Ash Lewis",
      first_name: "Ash",
      locale: "en-US",
      timezone: "America/Los_Angeles",
      links: {
        linkedin: "https://www.linkedin.com/in/ashlewis",
        twitter: "https://twitter.com/ashlewis",
        website: "https://ash.example.com",
        other: [],
      },
      notes: "Founder/engineer; prefers concise communications",
      facts: [],
    });
  });

  it("renders the other keys as sorted facts", () => {
    const p = normalizeTraits({
      ...specTraits,
      role: "Founder",
      company: "  Pioneer ",
      city: "Oakland",
      employees: 12,
      remote: true,
      preferences: { tone: "concise", channels: ["email", "slack"] },
      favoriteColor: "teal",
      team_size: null,
    });
    expect(p.facts).toEqual([
      "city: Oakland",
      "company: Pioneer",
      "employees: 12",
      "favorite color: teal",
      "preferences: channels=[email, slack]; tone=concise",
      "remote: yes",
      "role: Founder",
    ]);
    expect(p.name).toBe("Ash Lewis");
  });

  it("is deterministic whatever the key order", () => {
    const a = { ...specTraits, role: "Founder", blog: "https://blog.ash.dev", github: "ashlewis" };
    const b = Object.fromEntries(Object.entries(a).reverse());
    expect(normalizeTraits(b)).toEqual(normalizeTraits(a));
  });
});

describe("names", () => {
  it("accepts full_name, display_name, first/last names and derives first_name", () => {
    expect(normalizeTraits({ full_name: "  Ash   Lewis " })).toMatchObject({ name: "Ash Lewis", first_name: "Ash" });
    expect(normalizeTraits({ display_name: "Ash L." })).toMatchObject({ name: "Ash L.", first_name: "Ash" });
    expect(normalizeTraits({ first_name: "Ash", last_name: "Lewis" })).toMatchObject({ name: "Ash Lewis", first_name: "Ash" });
    expect(normalizeTraits({ firstName: "Ash" })).toMatchObject({ name: "Ash", first_name: "Ash" });
    expect(normalizeTraits({ name: "Dr. Ash Lewis" })).toMatchObject({ name: "Dr. Ash Lewis", first_name: "Ash" });
    // An explicit first name wins over the one derived from `name`.
    expect(normalizeTraits({ name: "Ashley Lewis", first_name: "Ash" })).toMatchObject({ name: "Ashley Lewis", first_name: "Ash" });
  });

  it("ignores a non-string name (kept as a fact when renderable)", () => {
    const p = normalizeTraits({ name: 42 });
    expect(p.name).toBeUndefined();
    expect(p.facts).toEqual(["name: 42"]);
  });
});

describe("locale", () => {
  it("normalizes BCP-47 casing and separators", () => {
    expect(normalizeTraits({ locale: "en_us" }).locale).toBe("en-US");
    expect(normalizeLocale("EN-gb")).toBe("en-GB");
    expect(normalizeLocale("zh_hant_tw")).toBe("zh-Hant-TW");
    expect(normalizeLocale("fr")).toBe("fr");
    expect(normalizeLocale("en_US.UTF-8")).toBe("en-US");
  });

  it("drops invalid locales", () => {
    for (const bad of ["english", "e", "en--US", "12-34", "", "   ", 5, null, {}, ["en"]]) {
      const p = normalizeTraits({ locale: bad });
      expect(p.locale).toBeUndefined();
      expect(p.facts).toEqual([]);
    }
  });
});

describe("timezone", () => {
  it("validates IANA zones and canonicalizes their casing", () => {
    expect(normalizeTimezone("America/Los_Angeles")).toBe("America/Los_Angeles");
    expect(normalizeTimezone("america/los_angeles")).toBe("America/Los_Angeles");
    expect(normalizeTimezone("Europe/Paris")).toBe("Europe/Paris");
    expect(normalizeTimezone("UTC")).toBe("UTC");
  });

  it("maps common aliases", () => {
    expect(normalizeTimezone("PST")).toBe("America/Los_Angeles");
    expect(normalizeTimezone("Pacific Time")).toBe("America/Los_Angeles");
    expect(normalizeTimezone("pacific standard time")).toBe("America/Los_Angeles");
    expect(normalizeTimezone("EST")).toBe("America/New_York");
    expect(normalizeTimezone("Eastern")).toBe("America/New_York");
    expect(normalizeTimezone("CST")).toBe("America/Chicago");
    expect(normalizeTimezone("MDT")).toBe("America/Denver");
    expect(normalizeTimezone("GMT")).toBe("UTC");
    expect(normalizeTimezone("utc")).toBe("UTC");
    expect(normalizeTimezone("UTC+2")).toBe("Etc/GMT-2");
    expect(normalizeTimezone("GMT-08:00")).toBe("Etc/GMT+8");
    expect(normalizeTraits({ tz: "PST" }).timezone).toBe("America/Los_Angeles");
    expect(normalizeTraits({ time_zone: "EST" }).timezone).toBe("America/New_York");
  });

  it("drops an invalid zone but keeps it as a fact", () => {
    const p = normalizeTraits({ timezone: "Mars/Olympus_Mons" });
    expect(p.timezone).toBeUndefined();
    expect(p.facts).toEqual(["timezone (unrecognized): Mars/Olympus_Mons"]);
    expect(normalizeTraits({ timezone: "somewhere nice" }).facts).toEqual(["timezone (unrecognized): somewhere nice"]);
    expect(normalizeTimezone("UTC+99")).toBeUndefined();
    expect(normalizeTimezone("")).toBeUndefined();
  });
});

describe("describeTimezone", () => {
  const winter = new Date("2024-01-15T12:00:00Z");
  const summer = new Date("2024-07-15T12:00:00Z");

  it("gives the abbreviation and offset at the given date", () => {
    expect(describeTimezone("America/Los_Angeles", winter)).toBe("America/Los_Angeles (PST, UTC\u221208:00)");
    expect(describeTimezone("America/Los_Angeles", summer)).toBe("America/Los_Angeles (PDT, UTC\u221207:00)");
    expect(describeTimezone("America/New_York", winter)).toBe("America/New_York (EST, UTC\u221205:00)");
    expect(describeTimezone("UTC", winter)).toBe("UTC (UTC+00:00)");
    expect(describeTimezone("Asia/Kolkata", winter)).toMatch(/^Asia\/Kolkata \((IST, )?UTC\+05:30\)$/);
    expect(describeTimezone("Asia/Tokyo", summer)).toMatch(/^Asia\/Tokyo \((JST, )?UTC\+09:00\)$/);
  });

  it("is deterministic for a date and never throws", () => {
    expect(describeTimezone("Europe/Paris", summer)).toBe(describeTimezone("Europe/Paris", summer));
    expect(describeTimezone("Not/AZone", winter)).toBe("Not/AZone");
    expect(() => describeTimezone("America/Los_Angeles", new Date(Number.NaN))).not.toThrow();
  });
});

describe("links", () => {
  it("normalizes URLs: http(s) only, lowercase host, no trailing slash, no credentials", () => {
    expect(normalizeUrl("https://Ash.Example.COM/")).toBe("https://ash.example.com");
    expect(normalizeUrl("https://ash.example.com/about/")).toBe("https://ash.example.com/about");
    expect(normalizeUrl("HTTP://ash.example.com:80/x?y=1")).toBe("http://ash.example.com/x?y=1");
    expect(normalizeUrl("https://u:p@ash.example.com/")).toBe("https://ash.example.com");
    expect(normalizeUrl("ftp://ash.example.com/")).toBeUndefined();
    expect(normalizeUrl("javascript:alert(1)")).toBeUndefined();
    expect(normalizeUrl("not a url")).toBeUndefined();
  });

  it("classifies by host, whatever the key", () => {
    const p = normalizeTraits({
      profile: "https://uk.linkedin.com/in/ashlewis/",
      social: "https://x.com/ashlewis",
      code: "https://github.com/ashlewis",
      homepage: "https://ASH.example.com/",
      portfolio: "https://dribbble.com/ash",
    });
    expect(p.links).toEqual({
      linkedin: "https://uk.linkedin.com/in/ashlewis",
      twitter: "https://x.com/ashlewis",
      github: "https://github.com/ashlewis",
      website: "https://ash.example.com",
      other: ["https://dribbble.com/ash"],
    });
    expect(p.facts).toEqual([]);
  });

  it("turns handles into URLs under network keys", () => {
    expect(normalizeTraits({ twitter: "@ashlewis" }).links.twitter).toBe("https://twitter.com/ashlewis");
    expect(normalizeTraits({ x: "ashlewis" }).links.twitter).toBe("https://twitter.com/ashlewis");
    expect(normalizeTraits({ twitter_handle: "@ash_lewis" }).links.twitter).toBe("https://twitter.com/ash_lewis");
    expect(normalizeTraits({ github: "@ashlewis" }).links.github).toBe("https://github.com/ashlewis");
    expect(normalizeTraits({ linkedin: "ashlewis" }).links.linkedin).toBe("https://www.linkedin.com/in/ashlewis");
    expect(normalizeTraits({ website: "ash.example.com/" }).links.website).toBe("https://ash.example.com");
    // A handle under a key that names no network is just a fact.
    expect(normalizeTraits({ nickname: "@ashlewis" }).facts).toEqual(["nickname: @ashlewis"]);
  });

  it("website vs other: by key, the best-named key winning the slot", () => {
    const p = normalizeTraits({ blog: "https://blog.ash.dev/", website: "https://ash.example.com", url: "https://ash.dev" });
    expect(p.links.website).toBe("https://ash.example.com");
    expect(p.links.other).toEqual(["https://blog.ash.dev", "https://ash.dev"]);
    expect(normalizeTraits({ portfolio_url: "https://ash.design" }).links.website).toBe("https://ash.design");
    expect(normalizeTraits({ company: "https://pioneer.example" }).links).toEqual({ other: ["https://pioneer.example"] });
  });

  it("a second URL for a taken network goes to other; duplicates are dropped", () => {
    const p = normalizeTraits({
      linkedin_url: "https://www.linkedin.com/in/ashlewis",
      url: "https://www.linkedin.com/in/ash-other",
      twitter: "@ashlewis",
      twitter_url: "https://twitter.com/ashlewis/",
    });
    expect(p.links.linkedin).toBe("https://www.linkedin.com/in/ashlewis");
    expect(p.links.twitter).toBe("https://twitter.com/ashlewis");
    expect(p.links.other).toEqual(["https://www.linkedin.com/in/ash-other"]);
  });

  it("accepts link groups and arrays", () => {
    const p = normalizeTraits({
      links: { github: "ashlewis", blog: "https://blog.ash.dev", mastodon: "https://mastodon.social/@ash", label: "mine" },
      other_sites: ["https://a.example", "https://b.example/"],
    });
    expect(p.links.github).toBe("https://github.com/ashlewis");
    expect(p.links.website).toBe("https://blog.ash.dev");
    expect(p.links.other).toEqual(["https://mastodon.social/@ash", "https://a.example", "https://b.example"]);
    expect(p.facts).toEqual(["links label: mine"]);
  });

  it("never keeps non-http schemes", () => {
    const p = normalizeTraits({
      website: "javascript:alert(1)",
      linkedin: "ftp://linkedin.com/in/x",
      homepage: "data:text/html,<script>alert(1)</script>",
      callback: "javascript:alert(1)",
      email_link: "mailto:ash@example.com",
    });
    expect(p.links).toEqual({ other: [] });
    expect(p.facts).toEqual(["email link: mailto:ash@example.com"]);
  });
});

describe("notes and facts", () => {
  it("keeps notes (string or list of strings)", () => {
    expect(normalizeTraits({ notes: "  likes tea  " }).notes).toBe("likes tea");
    expect(normalizeTraits({ notes: ["likes tea", "  ", "hates meetings"] }).notes).toBe("likes tea\nhates meetings");
    expect(normalizeTraits({ note: "short" }).notes).toBe("short");
  });

  it("renders small objects and arrays, skips big or deep ones", () => {
    const big = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const p = normalizeTraits({
      languages: ["English", "French"],
      big,
      deep: { a: { b: { c: { d: 1 } } } },
      empty: {},
      nothing: [],
      blank: "   ",
      nan: Number.NaN,
    });
    expect(p.facts).toEqual(["languages: English, French"]);
  });

  it("caps the length of a fact", () => {
    const p = normalizeTraits({ bio: "x".repeat(5000) });
    expect(p.facts).toHaveLength(1);
    expect(p.facts[0]!.length).toBeLessThanOrEqual(300);
    expect(p.facts[0]!.startsWith("bio: xxx")).toBe(true);
  });
});

describe("odd input never throws", () => {
  const odd: unknown[] = [
    null,
    undefined,
    42,
    "string",
    [],
    [1, 2],
    new Date(),
    Object.create(null),
    { name: null, locale: 5, timezone: {}, notes: 7, website: 12, twitter: ["@a", 3] },
    { name: { first: "Ash" }, first_name: ["Ash"], tz: [], links: "https://github.com/x", x: null },
    { nested: { a: [{ b: [{ c: [] }] }] }, fn: () => 1, sym: Symbol("s"), big: 10n, inf: Infinity },
    { "": "empty key", "   ": "blank key", "__proto__": "proto", constructor: "ctor" },
    {
      get boom() {
        throw new Error("getter");
      },
      role: "Founder",
    },
  ];

  it.each(odd.map((v, i) => [i, v]))("input #%i", (_i, value) => {
    let p: ReturnType<typeof normalizeTraits> | undefined;
    expect(() => {
      p = normalizeTraits(value as Record<string, unknown>);
    }).not.toThrow();
    expect(p).toBeDefined();
    expect(Array.isArray(p!.facts)).toBe(true);
    expect(Array.isArray(p!.links.other)).toBe(true);
    for (const f of p!.facts) expect(typeof f).toBe("string");
  });

  it("non-object traits give an empty profile", () => {
    expect(normalizeTraits(null as unknown as Record<string, unknown>)).toEqual({ links: { other: [] }, facts: [] });
    expect(normalizeTraits([] as unknown as Record<string, unknown>)).toEqual({ links: { other: [] }, facts: [] });
  });

  it("a throwing getter is survived (other keys still processed when possible)", () => {
    const traits = {
      role: "Founder",
      get zzz(): string {
        throw new Error("getter");
      },
    };
    const p = normalizeTraits(traits);
    expect(p.facts).toContain("role: Founder");
  });
});
