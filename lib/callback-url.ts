/**
 * Where to go after signing in or up: a path on this site, or `fallback`. The one validator
 * for callback URLs, used by the sign-in and sign-up pages and their server actions.
 *
 * Browsers read "\" as "/" and drop tabs and newlines anywhere in a URL, so "/\evil.example"
 * and "/<tab>/evil.example" both mean "//evil.example": another origin. Anything with a
 * backslash or a control character is refused outright, then the value must parse as a path
 * of this origin. Sign-in pages themselves are not destinations (they would loop).
 */
export function safeCallbackUrl(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  const base = "http://callback.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  if (/^\/(signin|signup)(\/|$)/.test(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}
