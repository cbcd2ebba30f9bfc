import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/callback-url";

describe("callback URLs after sign-in", () => {
  it("keeps paths of this site, with their query and hash", () => {
    expect(safeCallbackUrl("/dashboard", "/x")).toBe("/dashboard");
    expect(safeCallbackUrl("/invite/inv_abc?x=1#y", "/x")).toBe("/invite/inv_abc?x=1#y");
    expect(safeCallbackUrl("/w/ws_1/logs?request=req_2", "/x")).toBe("/w/ws_1/logs?request=req_2");
  });

  it("refuses every way of pointing at another origin", () => {
    for (const evil of [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      " //evil.example",
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
    ]) {
      expect(safeCallbackUrl(evil, "/fallback"), JSON.stringify(evil)).toBe("/fallback");
    }
    expect(safeCallbackUrl(undefined, "/fallback")).toBe("/fallback");
    expect(safeCallbackUrl(["/a"], "/fallback")).toBe("/fallback");
    expect(safeCallbackUrl("/" + "a".repeat(5000), "/fallback")).toBe("/fallback");
  });

  it("whatever it returns resolves to this origin", () => {
    for (const v of ["/%2F%2Fevil.example", "/./evil.example", "/../evil.example", "/@evil.example", "/%5Cevil.example"]) {
      const out = safeCallbackUrl(v, "/fallback");
      expect(new URL(out, "https://pio.example").origin, v).toBe("https://pio.example");
      expect(out.startsWith("//")).toBe(false);
    }
  });

  it("never sends a person back to the sign-in pages (a loop)", () => {
    expect(safeCallbackUrl("/signin?callbackUrl=/dashboard", "/dashboard")).toBe("/dashboard");
    expect(safeCallbackUrl("/signup", "/onboarding")).toBe("/onboarding");
    expect(safeCallbackUrl("/signing-off", "/x")).toBe("/signing-off");
  });
});
