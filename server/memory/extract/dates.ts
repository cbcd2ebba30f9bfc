/**
 * Resolves simple relative dates against the time a message was sent, by appending the
 * absolute date in parentheses: "yesterday" → "yesterday (19 January 2023)". Dates are
 * computed in UTC (Pio does not know the user's time zone). Approximations, by design:
 *
 * - yesterday / last night / the day before yesterday, today / tonight / this morning,
 *   tomorrow / the day after tomorrow: the exact day.
 * - last / this / next week: "(week of D Month YYYY)", the Monday of that week (weeks start Monday).
 * - last / this / next month: "(Month YYYY)"; last / this / next year: "(YYYY)".
 * - last weekend (or "this past weekend"): the Saturday of the previous week's weekend (said on a Saturday or Sunday:
 *   the weekend before); this weekend: the Saturday of the current week; next weekend: +7 days.
 *   Rendered "(weekend of D Month YYYY)".
 * - last <weekday>: its most recent occurrence 1–7 days before; this / next <weekday>: its next
 *   occurrence 0–6 / 1–7 days after (so "next Friday" said on a Tuesday is that same week's Friday).
 * - N weekends ago: the Saturday N weekends back, "(weekend of D Month YYYY)".
 * - N days / weeks ago: "(around D Month YYYY)"; N months ago: "(around Month YYYY)";
 *   N years ago: "(around YYYY)". N is a number, a/an/one…twelve, "a few" (3) or "a couple (of)" (2).
 *
 * A phrase already followed by "(" is left alone, so applying this twice changes nothing.
 */

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const DAY_MS = 86_400_000;

const WEEKDAYS: Record<string, number> = {
  // Monday = 0 … Sunday = 6
  monday: 0, mon: 0, tuesday: 1, tue: 1, tues: 1, wednesday: 2, wed: 2, thursday: 3, thu: 3, thur: 3,
  thurs: 3, friday: 4, fri: 4, saturday: 5, sat: 5, sunday: 6, sun: 6,
};

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, "a few": 3, few: 3, "a couple": 2, "a couple of": 2, "couple of": 2,
};

export function formatDay(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function formatMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 1));
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function addDays(d: Date, n: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + n * DAY_MS);
}

/** Monday = 0 … Sunday = 6. */
function weekday(d: Date): number {
  return (d.getUTCDay() + 6) % 7;
}

const WEEKDAY_RE = Object.keys(WEEKDAYS).sort((a, b) => b.length - a.length).join("|");
const NUMBER_RE = "\\d+|a couple of|a couple|couple of|a few|few|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

const PATTERN = new RegExp(
  [
    "\\bthe day before yesterday\\b",
    "\\bthe day after tomorrow\\b",
    "\\b(?:yesterday|today|tonight|tomorrow|last night)\\b",
    "\\bthis (?:morning|afternoon|evening)\\b",
    "\\b(?:last|this|next|this past|this last) (?:week|month|year|weekend)\\b",
    `\\b(?:last|this|next) (?:${WEEKDAY_RE})\\b`,
    `\\b(?:${NUMBER_RE}) (?:days?|weeks?|weekends?|months?|years?) ago\\b`,
  ]
    .map((p) => `(?:${p})`)
    .join("|")
    .replace(/^/, "(?:")
    .concat(")(?!\\s*\\()"),
  "gi",
);

function resolve(phrase: string, at: Date): string | null {
  const p = phrase.toLowerCase().replace(/\s+/g, " ");
  switch (p) {
    case "the day before yesterday":
      return formatDay(addDays(at, -2));
    case "the day after tomorrow":
      return formatDay(addDays(at, 2));
    case "yesterday":
    case "last night":
      return formatDay(addDays(at, -1));
    case "today":
    case "tonight":
    case "this morning":
    case "this afternoon":
    case "this evening":
      return formatDay(at);
    case "tomorrow":
      return formatDay(addDays(at, 1));
    case "last week":
      return `week of ${formatDay(addDays(at, -weekday(at) - 7))}`;
    case "this week":
      return `week of ${formatDay(addDays(at, -weekday(at)))}`;
    case "next week":
      return `week of ${formatDay(addDays(at, -weekday(at) + 7))}`;
    case "last month":
      return formatMonth(at.getUTCFullYear(), at.getUTCMonth() - 1);
    case "this month":
      return formatMonth(at.getUTCFullYear(), at.getUTCMonth());
    case "next month":
      return formatMonth(at.getUTCFullYear(), at.getUTCMonth() + 1);
    case "last year":
      return String(at.getUTCFullYear() - 1);
    case "this year":
      return String(at.getUTCFullYear());
    case "next year":
      return String(at.getUTCFullYear() + 1);
    case "last weekend":
    case "this past weekend":
    case "this last weekend":
      return `weekend of ${formatDay(addDays(at, -weekday(at) - 2))}`;
    case "this past week":
    case "this last week":
      return `week of ${formatDay(addDays(at, -weekday(at) - 7))}`;
    case "this weekend":
      return `weekend of ${formatDay(addDays(at, 5 - weekday(at)))}`;
    case "next weekend":
      return `weekend of ${formatDay(addDays(at, 12 - weekday(at)))}`;
  }
  const wd = /^(last|this|next) (\w+)$/.exec(p);
  if (wd) {
    const target = WEEKDAYS[wd[2]!];
    if (target === undefined) return null;
    const today = weekday(at);
    if (wd[1] === "last") return formatDay(addDays(at, -(((today - target + 6) % 7) + 1)));
    if (wd[1] === "this") return formatDay(addDays(at, (target - today + 7) % 7));
    return formatDay(addDays(at, ((target - today + 6) % 7) + 1));
  }
  const weekends = /^(.+) weekends? ago$/.exec(p);
  if (weekends) {
    const n = /^\d+$/.test(weekends[1]!) ? Number(weekends[1]) : NUMBER_WORDS[weekends[1]!];
    if (n === undefined || !Number.isFinite(n) || n > 1000) return null;
    return `weekend of ${formatDay(addDays(at, -weekday(at) - 2 - 7 * (n - 1)))}`;
  }
  const ago = /^(.+) (day|week|month|year)s? ago$/.exec(p);
  if (ago) {
    const n = /^\d+$/.test(ago[1]!) ? Number(ago[1]) : NUMBER_WORDS[ago[1]!];
    if (n === undefined || !Number.isFinite(n) || n > 10_000) return null;
    switch (ago[2]) {
      case "day":
        return `around ${formatDay(addDays(at, -n))}`;
      case "week":
        return `around ${formatDay(addDays(at, -7 * n))}`;
      case "month":
        return `around ${formatMonth(at.getUTCFullYear(), at.getUTCMonth() - n)}`;
      default:
        return `around ${at.getUTCFullYear() - n}`;
    }
  }
  return null;
}

/** Appends the absolute date after each relative date phrase (see the module comment). */
export function resolveRelativeDates(text: string, at: Date): string {
  if (Number.isNaN(at.getTime())) return text;
  return text.replace(PATTERN, (match) => {
    const abs = resolve(match, at);
    return abs ? `${match} (${abs})` : match;
  });
}
