/**
 * Writes the relative dates that extraction annotated ("yesterday (7 May 2023)") as dates, for
 * text read later, out of the conversation ("on 7 May 2023").
 */

/** "yesterday (7 May 2023)" → "on 7 May 2023"; "last year (2022)" → "in 2022". */
export function absoluteDates(text: string): string {
  return text.replace(
    /\b((?:the )?(?:day before |day after )?(?:yesterday|today|tonight|tomorrow|last night|this (?:morning|afternoon|evening)|(?:last|this|next|this past|this last) (?:week(?:end)?|month|year|[A-Z]?[a-z]+)|(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|a few|a couple(?: of)?|couple of|several|many|some) )(?:more )?(?:days?|weeks?|months?|years?|decades?|hours?|minutes?) ago))\s+\((around |week of |weekend of )?([^()]+)\)/gi,
    (whole, phrase: string, kind: string | undefined, abs: string, offset: number) => {
      let out = rewrite(whole, phrase, kind, abs);
      // After a preposition the date stands alone: "deferring to next year" → "deferring to 2026".
      if (out !== whole && /\b(?:to|until|till|by|from|since|for|into|through|as of|of|before|after|during|starting|beginning|within|throughout)\s+$/i.test(text.slice(0, offset))) out = out.replace(/^(?:in|on) /, "");
      // At the start of a sentence: "Yesterday (7 May 2023) Ash…" → "On 7 May 2023 Ash…".
      const starts = /^[A-Z]/.test(whole) && (offset === 0 || /[.!?]\s+$/.test(text.slice(0, offset)));
      return starts ? out.charAt(0).toUpperCase() + out.slice(1) : out;
    },
  );
}

function rewrite(whole: string, phrase: string, kind: string | undefined, abs: string): string {
  const weekday = /^(?:last|this|next) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun)$/i.exec(phrase.trim());
  if (kind === "around ") return `around ${abs}`;
  if (kind === "week of ") return `in the week of ${abs}`;
  if (kind === "weekend of ") return `on the weekend of ${abs}`;
  if (/^\d{4}$/.test(abs) || /^[A-Z][a-z]+ \d{4}$/.test(abs)) return `in ${abs}`;
  if (/^\d{1,2} [A-Z][a-z]+ \d{4}$/.test(abs)) {
    const day = weekday ? `${weekday[1]!.charAt(0).toUpperCase()}${weekday[1]!.slice(1).toLowerCase()} ` : "";
    return `on ${day}${abs}`;
  }
  return whole;
}

