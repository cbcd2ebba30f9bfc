/**
 * Checksums and small helpers used by the rule-based detectors. All run in linear time.
 */

/** Number of ASCII digits in `text`: the cheap pre-check most detectors start with. */
export function countDigits(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++n >= stopAt) return n;
  }
  return n;
}

export function digitsOf(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) out += text[i];
  }
  return out;
}

/** Luhn (mod 10) check, used by payment cards and Canadian SINs. `digits` must be digits only. */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** IBAN length per country (ISO 13616 registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.fromEntries(
  (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 " +
    "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 " +
    "JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 " +
    "NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 " +
    "TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30"
  )
    .split(" ")
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/** ISO 7064 mod 97-10 over an IBAN without spaces, upper case. */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && expected !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48; // A=10 ... Z=35
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

/** Brazilian CPF check digits (mod 11); `digits` is the 11 digits. */
export function cpfValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (len: number): number => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += (digits.charCodeAt(i) - 48) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === digits.charCodeAt(9) - 48 && check(10) === digits.charCodeAt(10) - 48;
}

const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter) check letter. */
export function dniValid(id: string): boolean {
  const s = id.toUpperCase().replace(/-/g, "");
  const m = /^([XYZ]|\d)(\d{7})([A-Z])$/.exec(s);
  if (!m) return false;
  const lead = m[1] ?? "";
  const first = lead === "X" ? "0" : lead === "Y" ? "1" : lead === "Z" ? "2" : lead;
  return DNI_LETTERS[Number(first + m[2]) % 23] === m[3];
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const freq = new Map<string, number>();
  for (const ch of s) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function isIPv4(s: string): boolean {
  return /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(s);
}

/** Full IPv6 syntax check (compressed `::`, embedded IPv4 tail), no zone id. */
export function isIPv6(s: string): boolean {
  let body = s;
  let extra = 0;
  const dot = s.indexOf(".");
  if (dot !== -1) {
    const lastColon = s.lastIndexOf(":");
    if (lastColon === -1 || lastColon > dot || !isIPv4(s.slice(lastColon + 1))) return false;
    body = s.slice(0, lastColon + 1);
    if (body.endsWith("::")) extra = 2;
    else {
      body += "0"; // stands for the first half of the IPv4 tail
      extra = 1;
    }
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const groups = (x: string): string[] | null => {
    if (x === "") return [];
    const parts = x.split(":");
    for (const p of parts) if (!/^[0-9A-Fa-f]{1,4}$/.test(p)) return null;
    return parts;
  };
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (left === null || right === null) return false;
  const n = left.length + right.length + extra;
  return halves.length === 2 ? n <= 7 : n === 8;
}
