/**
 * A small gazetteer: well-known cities (with their IANA time zone), countries and US states.
 * It lets offline extraction recognize places ("moved to Austin") and tell when a stored
 * timezone trait no longer matches where the user lives. Unknown places are still found from
 * context ("lives in Tórshavn"); they just have no time zone.
 */
const CITIES: Record<string, string> = {
  // North America
  "new york": "America/New_York", nyc: "America/New_York", brooklyn: "America/New_York", manhattan: "America/New_York",
  boston: "America/New_York", philadelphia: "America/New_York", washington: "America/New_York", "washington dc": "America/New_York",
  miami: "America/New_York", atlanta: "America/New_York", orlando: "America/New_York", pittsburgh: "America/New_York",
  baltimore: "America/New_York", charlotte: "America/New_York", raleigh: "America/New_York", detroit: "America/Detroit",
  toronto: "America/Toronto", montreal: "America/Toronto", ottawa: "America/Toronto", tampa: "America/New_York",
  chicago: "America/Chicago", austin: "America/Chicago", dallas: "America/Chicago", houston: "America/Chicago",
  "san antonio": "America/Chicago", nashville: "America/Chicago", "new orleans": "America/Chicago", minneapolis: "America/Chicago",
  "kansas city": "America/Chicago", "st. louis": "America/Chicago", "st louis": "America/Chicago", milwaukee: "America/Chicago",
  winnipeg: "America/Winnipeg", "mexico city": "America/Mexico_City", guadalajara: "America/Mexico_City", monterrey: "America/Monterrey",
  denver: "America/Denver", boulder: "America/Denver", "salt lake city": "America/Denver", calgary: "America/Edmonton",
  edmonton: "America/Edmonton", phoenix: "America/Phoenix", tucson: "America/Phoenix", albuquerque: "America/Denver",
  "los angeles": "America/Los_Angeles", la: "America/Los_Angeles", "san francisco": "America/Los_Angeles", sf: "America/Los_Angeles",
  "san diego": "America/Los_Angeles", "san jose": "America/Los_Angeles", oakland: "America/Los_Angeles", berkeley: "America/Los_Angeles",
  "palo alto": "America/Los_Angeles", sacramento: "America/Los_Angeles", seattle: "America/Los_Angeles", portland: "America/Los_Angeles",
  "las vegas": "America/Los_Angeles", vancouver: "America/Vancouver", anchorage: "America/Anchorage", honolulu: "Pacific/Honolulu",
  // South America
  "são paulo": "America/Sao_Paulo", "sao paulo": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo", "buenos aires": "America/Argentina/Buenos_Aires",
  santiago: "America/Santiago", lima: "America/Lima", bogotá: "America/Bogota", bogota: "America/Bogota", medellín: "America/Bogota", medellin: "America/Bogota",
  // Europe
  london: "Europe/London", manchester: "Europe/London", edinburgh: "Europe/London", glasgow: "Europe/London", leeds: "Europe/London",
  bristol: "Europe/London", liverpool: "Europe/London", birmingham: "Europe/London", oxford: "Europe/London", cambridge: "Europe/London",
  dublin: "Europe/Dublin", lisbon: "Europe/Lisbon", porto: "Europe/Lisbon", madrid: "Europe/Madrid", barcelona: "Europe/Madrid",
  valencia: "Europe/Madrid", seville: "Europe/Madrid", paris: "Europe/Paris", lyon: "Europe/Paris", marseille: "Europe/Paris",
  nice: "Europe/Paris", brussels: "Europe/Brussels", amsterdam: "Europe/Amsterdam", rotterdam: "Europe/Amsterdam", berlin: "Europe/Berlin",
  munich: "Europe/Berlin", hamburg: "Europe/Berlin", frankfurt: "Europe/Berlin", cologne: "Europe/Berlin", zurich: "Europe/Zurich",
  geneva: "Europe/Zurich", vienna: "Europe/Vienna", prague: "Europe/Prague", warsaw: "Europe/Warsaw", krakow: "Europe/Warsaw",
  budapest: "Europe/Budapest", rome: "Europe/Rome", milan: "Europe/Rome", florence: "Europe/Rome", venice: "Europe/Rome", naples: "Europe/Rome",
  copenhagen: "Europe/Copenhagen", stockholm: "Europe/Stockholm", oslo: "Europe/Oslo", helsinki: "Europe/Helsinki", reykjavik: "Atlantic/Reykjavik",
  athens: "Europe/Athens", istanbul: "Europe/Istanbul", kyiv: "Europe/Kyiv", kiev: "Europe/Kyiv", bucharest: "Europe/Bucharest",
  moscow: "Europe/Moscow", tallinn: "Europe/Tallinn", riga: "Europe/Riga", vilnius: "Europe/Vilnius",
  // Africa and the Middle East
  cairo: "Africa/Cairo", lagos: "Africa/Lagos", nairobi: "Africa/Nairobi", "cape town": "Africa/Johannesburg", johannesburg: "Africa/Johannesburg",
  casablanca: "Africa/Casablanca", accra: "Africa/Accra", dubai: "Asia/Dubai", "abu dhabi": "Asia/Dubai", doha: "Asia/Qatar",
  riyadh: "Asia/Riyadh", "tel aviv": "Asia/Jerusalem", jerusalem: "Asia/Jerusalem", beirut: "Asia/Beirut",
  // Asia and Oceania
  mumbai: "Asia/Kolkata", delhi: "Asia/Kolkata", "new delhi": "Asia/Kolkata", bangalore: "Asia/Kolkata", bengaluru: "Asia/Kolkata",
  hyderabad: "Asia/Kolkata", chennai: "Asia/Kolkata", kolkata: "Asia/Kolkata", karachi: "Asia/Karachi", lahore: "Asia/Karachi",
  dhaka: "Asia/Dhaka", bangkok: "Asia/Bangkok", hanoi: "Asia/Bangkok", "ho chi minh city": "Asia/Ho_Chi_Minh", singapore: "Asia/Singapore",
  "kuala lumpur": "Asia/Kuala_Lumpur", jakarta: "Asia/Jakarta", bali: "Asia/Makassar", manila: "Asia/Manila", "hong kong": "Asia/Hong_Kong",
  shanghai: "Asia/Shanghai", beijing: "Asia/Shanghai", shenzhen: "Asia/Shanghai", taipei: "Asia/Taipei", seoul: "Asia/Seoul",
  tokyo: "Asia/Tokyo", osaka: "Asia/Tokyo", kyoto: "Asia/Tokyo", sydney: "Australia/Sydney", melbourne: "Australia/Melbourne",
  brisbane: "Australia/Brisbane", perth: "Australia/Perth", adelaide: "Australia/Adelaide", auckland: "Pacific/Auckland", wellington: "Pacific/Auckland",
};

const COUNTRIES = `afghanistan albania algeria argentina armenia australia austria azerbaijan bahamas bangladesh belarus belgium
belize bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia congo croatia cuba cyprus czechia denmark
ecuador egypt england estonia ethiopia fiji finland france georgia germany ghana greece guatemala haiti honduras hungary iceland
india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya korea kosovo kuwait laos latvia lebanon
libya lithuania luxembourg madagascar malaysia maldives mali malta mexico moldova monaco mongolia montenegro morocco mozambique
myanmar namibia nepal netherlands holland nicaragua nigeria norway oman pakistan panama paraguay peru philippines poland portugal
qatar romania russia rwanda scotland senegal serbia singapore slovakia slovenia somalia spain sweden switzerland syria taiwan
tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam wales yemen zambia zimbabwe usa america
uk britain`.split(/\s+/);
const MULTIWORD_COUNTRIES = ["united states", "united kingdom", "great britain", "new zealand", "south africa", "south korea", "north korea",
  "costa rica", "puerto rico", "sri lanka", "saudi arabia", "dominican republic", "el salvador", "czech republic", "the netherlands"];

const US_STATES = `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana
iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio
oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming`.split(/\s+/);
const MULTIWORD_STATES = ["new hampshire", "new jersey", "new mexico", "new york state", "north carolina", "north dakota", "rhode island",
  "south carolina", "south dakota", "west virginia"];

const STATE_ZONES: Record<string, string> = {
  california: "America/Los_Angeles", oregon: "America/Los_Angeles", washington: "America/Los_Angeles", nevada: "America/Los_Angeles",
  texas: "America/Chicago", illinois: "America/Chicago", minnesota: "America/Chicago", tennessee: "America/Chicago", louisiana: "America/Chicago",
  colorado: "America/Denver", utah: "America/Denver", arizona: "America/Phoenix", "new mexico": "America/Denver",
  florida: "America/New_York", "new york state": "America/New_York", massachusetts: "America/New_York", "new jersey": "America/New_York",
  pennsylvania: "America/New_York", georgia: "America/New_York", "north carolina": "America/New_York", virginia: "America/New_York",
  hawaii: "Pacific/Honolulu", alaska: "America/Anchorage",
};

const PLACE_SET = new Set<string>([...Object.keys(CITIES), ...COUNTRIES, ...MULTIWORD_COUNTRIES, ...US_STATES, ...MULTIWORD_STATES]);
/** Longest names first, so "new york" wins over "york". */
const PLACE_LIST = [...PLACE_SET].filter((p) => p.length > 2).sort((a, b) => b.length - a.length);

export function isKnownPlace(name: string): boolean {
  return PLACE_SET.has(name.toLowerCase().replace(/\s+/g, " ").trim());
}

/** The IANA time zone of a known city or US state, or null. */
export function placeTimezone(name: string): string | null {
  const key = name.toLowerCase().replace(/\s+/g, " ").trim();
  return CITIES[key] ?? STATE_ZONES[key] ?? null;
}

/** Known place names in a text (as written), longest match first, each once. */
export function knownPlacesIn(text: string): string[] {
  const found: string[] = [];
  const lower = text.toLowerCase();
  const taken: [number, number][] = [];
  for (const p of PLACE_LIST) {
    let from = 0;
    for (;;) {
      const i = lower.indexOf(p, from);
      if (i < 0) break;
      from = i + p.length;
      const before = i === 0 ? " " : lower[i - 1]!;
      const after = lower[i + p.length] ?? " ";
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
      const original = text.slice(i, i + p.length);
      // Proper nouns only: "nice" or "turkey" in lowercase are words, not places.
      if (original[0] !== original[0]!.toUpperCase() || original[0] === original[0]!.toLowerCase()) continue;
      if (taken.some(([a, b]) => i < b && i + p.length > a)) continue;
      taken.push([i, i + p.length]);
      found.push(original);
    }
  }
  return found;
}
