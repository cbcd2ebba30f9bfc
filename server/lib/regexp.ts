/** A string as a literal inside a regular expression (a user's name may be "');" or "A.J."); valid with the `u` flag too. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
