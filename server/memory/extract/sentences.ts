/**
 * Sentence splitting and filler detection for the offline extractor. Both are conservative:
 * a sentence is split only at clear boundaries, and dropped as filler only when every word
 * in it is social noise (greetings, thanks, laughter, interjections, vocative names).
 */

const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "jr", "sr", "prof", "approx",
  "no", "a.m", "p.m", "u.s", "u.k", "inc", "ltd", "co", "mt", "ft", "ave", "dept", "est", "fig", "min",
]);

/** Splits text into sentences (newlines always split). Whitespace-trimmed, empties dropped. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n+/)) {
    const s = line.trim();
    if (!s) continue;
    let start = 0;
    // Someone who writes in lowercase ("yes please. also my son …") starts sentences in lowercase.
    const lowercaseWriter = /^[^\p{L}]*\p{Ll}/u.test(s);
    // A run of terminators, optional closing quotes/brackets, then whitespace.
    const boundary = /([.!?…]+)["'”’)\]]*(\s+)/g;
    for (let m = boundary.exec(s); m; m = boundary.exec(s)) {
      const end = m.index + m[0].length - m[2]!.length;
      const next = s[m.index + m[0].length];
      if (next === undefined) break;
      if (m[1] === ".") {
        // "Dr. Smith", "e.g. this", "J. K. Rowling", "at 5 p.m. tomorrow": no split.
        const before = s.slice(start, m.index);
        // The apostrophe belongs to the word: "Luke's." is no initial "s.".
        const lastWord = (/([A-Za-z.'’]+)$/.exec(before)?.[1] ?? "").toLowerCase();
        if (ABBREVIATIONS.has(lastWord) || /^[a-z]$/i.test(lastWord)) continue;
        if (/[a-z]/.test(next) && !lowercaseWriter) continue; // lowercase continuation: not a sentence start
      }
      const sentence = s.slice(start, end).trim();
      if (sentence) out.push(sentence);
      start = m.index + m[0].length;
    }
    const rest = s.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

/** Words that carry no information about the user on their own. */
const FILLER_CORE = new Set(
  `hey hi hello hiya heya yo howdy sup greetings thanks thank thx ty tysm cheers haha hahaha hahahaha
  hehe lol lmao rofl wow woah whoa omg oh ooh ah ahh aw aww yay woohoo hooray cool nice great
  awesome amazing sweet lovely wonderful fantastic brilliant neat wild congrats congratulations
  bye goodbye cya later night morning afternoon evening welcome hmm hm um uh uhh well wowza dang
  gosh geez jeez ha`.split(/\s+/),
);
/** Words allowed around the core ones ("thank you so much", "good to see you too"). */
const FILLER_GLUE = new Set(
  `you u so much very really too again good to see meet talk sounds sound that's thats that is it
  it's its a an the and for all of everything man dude buddy guys friend my dear there just
  pretty super soon take care happy hear sorry glad nice catch up chat having had what up
  what's whats yours`.split(/\s+/),
);
/** Whole-sentence filler phrases (after normalization). */
const FILLER_PHRASES = [
  /^(it's |it is |so )?(good|nice|great|lovely) (to )?(see|meet|hear from|talk to|chat with) you( too| again| as well)?$/,
  /^(that )?sounds? (great|good|awesome|amazing|fun|cool|perfect|lovely|nice|like a plan|like fun)$/,
  /^sorry to hear (that|about that)$/,
  /^(can't|cant) wait$/,
  /^talk (to you )?(soon|later)$/,
  /^take care$/,
  /^(got it|gotcha|fair enough|good point|makes sense|you too|same to you)$/,
  /^(no|nope|nah)( thanks| thank you| that's all| that's it| i'm good| all good| nothing else)+$/,
  /^(that's all|thats all|that's it|thats it|nothing else|all good|i'm good|im good)( for now)?( thanks| thank you)?$/,
  /^(what's|whats) up$/,
  /^how are you( doing)?( today)?$/,
  /^(i )?hope (you're|youre|you are|u r|all is|everything is|it's|its) ?(doing )?(ok|okay|well|good|great|fine)$/,
  /^how's it going$/,
  /^(you're|youre|you are) welcome$/,
  /^no (problem|worries)$/,
  /^(that's|thats|that is|how) (so )?(great|cool|awesome|amazing|nice|wonderful|fantastic|sweet|neat)$/,
];

function normalizeWords(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9' ]+/g, " ")
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ""))
    .filter(Boolean);
}

/**
 * True when a sentence is pure social filler ("Hey Gina!", "Thanks!", "Good to see you too.",
 * "Haha", "Wow!", "Sounds great!"). Sentences without letters or digits (emoji) are filler.
 * Capitalized words are allowed as vocatives ("Thanks, Jon!"), at most two. Yes/no and other
 * answers are NOT filler: they carry meaning as replies.
 */
export function isFiller(sentence: string): boolean {
  const words = normalizeWords(sentence);
  if (words.length === 0) return true;
  const joined = words.join(" ");
  // Vocative names: drop capitalized words that are not the first word of the sentence,
  // plus a leading name followed by a comma ("Jon, thanks!").
  const capitalized = new Set(
    (sentence.match(/(?<![A-Za-z'’])[A-Z][a-z]+/g) ?? []).map((w) => w.toLowerCase()),
  );
  const firstWord = words[0];
  const leadingVocative = /^\s*[A-Z][a-z]+\s*,/.test(sentence);
  const withoutNames: string[] = [];
  let names = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const isName =
      capitalized.has(w) &&
      !FILLER_CORE.has(w) &&
      !FILLER_GLUE.has(w) &&
      (i > 0 || (leadingVocative && w === firstWord));
    if (isName && names < 2) {
      names++;
      continue;
    }
    withoutNames.push(w);
  }
  if (withoutNames.length === 0) return false; // only names: an answer, not filler
  const text = withoutNames.join(" ");
  const withoutGreeting = text.replace(/^((hey|hi|hello|hiya|heya|yo|oh|so|well|anyway) )+/, "");
  if (FILLER_PHRASES.some((re) => re.test(text) || re.test(joined) || re.test(withoutGreeting))) return true;
  if (withoutNames.length > 8) return false;
  let core = 0;
  for (const w of withoutNames) {
    if (FILLER_CORE.has(w) || /^(ha)+h?$/.test(w) || /^(he)+$/.test(w) || /^w+o+w+$/.test(w)) core++;
    else if (!FILLER_GLUE.has(w)) return false;
  }
  return core > 0;
}

/** Words that, alone, only answer the previous turn ("Yes!", "Definitely."). */
const BARE_REPLY = new Set(
  `yes yeah yep yup yea ya no nope nah sure definitely exactly totally absolutely certainly
  correct right true agreed ok okay alright indeed maybe perhaps probably of course not really
  both neither either same me too please pls plz`.split(/\s+/),
);

/** True when the text is nothing but answer words ("Yes!", "Nope, not really."). */
export function isBareReply(text: string): boolean {
  const words = normalizeWords(text);
  return words.length > 0 && words.every((w) => BARE_REPLY.has(w));
}

const EVALUATIVE = new Set(
  `great awesome amazing sweet lovely wonderful fantastic brilliant cool nice good fun perfect
  terrible awful bad horrible okay ok fine meh boring`.split(/\s+/),
);

/** True when a (filler-looking) text still evaluates something ("Amazing!", "Pretty good."). */
export function isEvaluative(text: string): boolean {
  return normalizeWords(text).some((w) => EVALUATIVE.has(w));
}
