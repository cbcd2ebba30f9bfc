import { stem } from "./text";

/**
 * A small hand-made concept lexicon: when a text contains one of a concept's trigger words
 * (compared after `stem`), the concept "fires". The offline embeddings add one feature per
 * fired concept (so "hungry" and "sushi" share something), and the retrieval code can expand
 * a query with the concept names (`conceptsOf`).
 *
 * Triggers are plain words here and stemmed once at load time, so they follow the stemmer.
 * Keep them specific: a trigger that is common in unrelated text makes the concept noise.
 */
const LEXICON: Record<string, string> = {
  food: `food foods eat eats eating ate eaten hungry hunger starving meal meals breakfast brunch lunch
    dinner dinners supper snack snacks dessert desserts cook cooking cooked chef recipe recipes
    bake baking baked restaurant restaurants cafe diner bistro cuisine dish dishes sushi pizza
    pasta burger burgers taco tacos ramen noodles curry salad steak bbq barbecue vegan vegetarian
    gluten dairy allergic allergy dietary intolerance intolerant spicy delicious tasty
    yummy flavor grocery groceries takeout
    delivery menu chocolate cake cookies bread cheese fruit vegetables seafood chicken coffee tea
    coffees decaf espresso latte cappuccino caffeine
    wine beer cocktail drinks`,
  work: `work works working worked job jobs career careers office boss manager coworker coworkers
    colleague colleagues employer employee employees hire hiring hired fired layoff laid promotion
    promoted salary resume interview interviews intern internship overtime workplace profession
    professional occupation engineer engineers banker nurse teacher lawyer consultant freelance
    freelancer deadline deadlines quit retire retired offer offers researcher shift shifts pharmacist
    pharmacy`,
  business: `business businesses startup startups company companies founder founded cofounder entrepreneur
    entrepreneurship launch launched launching product products customer customers client clients
    revenue investor investors funding fundraising venture ceo cto market marketing sales brand
    store shop studio agency firm enterprise partnership partners pitch growth strategy q1 q2 q3 q4
    contract contracts retainer retainers invoice invoices`,
  immigration: `immigration immigrant immigrants immigrate immigrated residency citizenship citizen
    naturalized naturalization visa visas passport asylum refugee deported deportation`,
  hobbies: `hobby hobbies pastime pastimes leisure club clubs woodworking woodwork knitting knit crochet
    sewing quilting gardening fishing collecting puzzles crossword crosswords birdwatching`,
  falls: `fall falls fell fallen fainted tripped slipped collapsed dizzy`,
  money: `money finance finances financial budget budgets saving savings save invest investing investment
    stocks stock crypto bitcoin bank banking loan loans debt mortgage rent income paid pay paying
    payment expensive cheap price prices cost costs afford spend spending dollars euros tax taxes
    insurance retirement pension wealth rich broke bills`,
  travel: `travel travels traveling travelled traveled trip trips vacation vacations holiday holidays
    journey flight flights fly flying flew airport airline airplane airplanes hotel hotels hostel airbnb
    passport visa abroad tour tourist tourism sightseeing destination beach resort cruise
    backpacking roadtrip visit visited visiting country countries city cities paris london tokyo
    rome europe asia japan italy spain france mexico`,
  family: `family families mom mother mum dad father parent parents son sons daughter daughters kid kids
    stepmom stepmother stepdad stepfather stepson stepdaughter stepkids stepchildren
    child children baby babies brother brothers sister sisters sibling siblings grandma grandpa
    grandmother grandfather grandparents aunt uncle cousin cousins niece nephew wife husband
    spouse wedding married marriage pregnant twin twins toddler toddlers boys girls newborn
    daycare preschool nursery babysitter babysitting nanny pickup dropoff diaper diapers stroller`,
  relationships: `friend friends friendship buddy buddies bestie boyfriend girlfriend partner dating crush
    relationship relationships breakup divorce romantic anniversary neighbor neighbors roommate
    social hangout party parties`,
  pets: `pet pets dog dogs puppy puppies cat cats kitten kittens bird birds fish hamster rabbit bunny
    horse horses vet veterinarian adopt adopted adoption shelter leash walkies breed`,
  health: `health healthy fitness gym workout workouts exercise exercising training trainer yoga pilates
    weight diet calories doctor doctors hospital clinic sick illness ill injury injured surgery
    therapy therapist medicine medication pain sleep sleeping insomnia tired energy wellness
    meditation meditate mental anxiety depression checkup dentist meds pill pills prescription
    prescriptions prescribed injection injections insulin metformin diabetes diabetic inhaler asthma
    antibiotics penicillin thyroid cholesterol arthritis injuries hurt hurts sprain sprained physio
    physiotherapy physiotherapist rehab knee knees ankle ankles tendon tendonitis fracture fractured
    acl ligament meniscus crutches cancer remission chemo chemotherapy oncologist tumor biopsy
    lumpectomy mastectomy
    migraine migraines headache headaches`,
  sports: `sport sports football soccer basketball baseball tennis golf hockey volleyball rugby cricket
    running marathon race races cycling bike biking swim swimming surf surfing ski skiing snowboard
    climbing boxing martial karate match matches game league tournament team coach championship
    olympics athlete`,
  music: `music musical song songs sing singing singer band bands concert concerts album albums guitar
    piano drums violin bass playlist spotify jazz rock pop hiphop rap classical melody lyrics
    gig gigs festival festivals dj vinyl choir instrument instruments`,
  dance: `dance dances dancing danced dancer dancers choreography choreographer ballet salsa tango hiphop
    contemporary breakdance ballroom recital rehearse rehearsal rehearsed routine routines crew
    studio competition competitions comp comps stage perform performance performed`,
  art: `art arts artist artists artwork paint painting paintings painted painter draw drawing drawings
    sketch sketching sculpture sculpt pottery ceramics craft crafts crafting canvas gallery
    museum exhibition exhibit photography photo photos photograph camera design designer
    creative illustration watercolor mural`,
  reading: `read reading reader book books novel novels author authors writer write writing wrote poem
    poems poetry story stories library kindle fiction nonfiction chapter blog journal journaling
    magazine literature bookstore`,
  movies: `movie movies film films cinema theater theatre tv television series episode episodes netflix
    hulu documentary actor actress anime cartoon sitcom binge streaming watch watched watching`,
  games: `game games gaming gamer videogame videogames console playstation xbox nintendo steam chess
    poker puzzle puzzles esports minecraft fortnite`,
  learning: `learn learning learned study studying studied student students school schools college
    university class classes course courses lesson lessons teacher tutor degree exam exams
    homework graduate graduated graduation education language languages spanish french
    skill skills workshop training bootcamp certificate sophomore freshman major majoring majored
    semester midterm midterms finals campus dorm gpa thesis`,
  technology: `technology tech code coding coder program programming programmer software developer develop
    engineer engineering app apps website web computer computers laptop phone iphone android
    tablet tablets ipad smartphone wifi internet email printer gadget gadgets device devices
    ai ml data database python javascript typescript react api cloud server bug bugs github
    startup gadget gadgets robot`,
  home: `home house houses apartment apartments flat move moving moved relocate relocating rent renting
    live lives lived living reside resides hometown
    landlord mortgage neighborhood neighbourhood garden gardening yard kitchen bedroom furniture
    decor renovation renovate cleaning chores roommate lease`,
  shopping: `shop shopping shopped buy buying bought purchase purchased store stores mall clothes clothing
    fashion outfit outfits dress dresses shoes sneakers jewelry brand brands style stylish wear
    wearing sale discount amazon order ordered`,
  emotions: `happy happiness sad sadness stress stressed stressful anxious anxiety worried worry nervous
    excited exciting thrilled angry upset frustrated frustrating lonely calm relax relaxing relaxed
    relaxation peaceful overwhelmed burnout tired grateful proud scared afraid fear emotional
    feelings mood cry crying joy passion passionate escape comfort`,
  schedule: `schedule schedules scheduled calendar meeting meetings appointment appointments morning
    mornings evening evenings night nights tonight afternoon weekend weekends weekday weekdays
    monday tuesday wednesday thursday friday saturday sunday daily weekly monthly early late
    o'clock noon midnight busy availability available routine deadline reminder remind hours hour
    opening closing`,
  communication: `prefer prefers preference preferences concise brief detailed verbose formal informal casual
    tone style emoji emojis bullet bullets summary summaries explain explanation language email
    emails texting communicate communication direct blunt polite format formatting formatted reply
    replies replying respond responds response responses markdown wording contact contacting
    contacted text texts phone phones voicemail whatsapp sms`,
  nature: `nature outdoors outdoor hike hiking hiked hiker trail trails camping camp camped mountain
    mountains forest forests lake lakes river rivers ocean sea beach park parks yosemite garden
    flowers plants tree trees wildlife birdwatching fishing kayak kayaking canoe sunset sunrise
    scenery view views waterfall`,
  volunteering: `volunteer volunteers volunteering volunteered charity charities donate donated donation
    donations nonprofit community communities fundraiser shelter homeless mentor mentoring activism
    activist church temple organize organizing`,
};

export const CONCEPTS: readonly string[] = Object.keys(LEXICON);

/** Stem → indices (into CONCEPTS) of the concepts it triggers. */
const TRIGGERS = new Map<string, number[]>();
CONCEPTS.forEach((concept, index) => {
  for (const word of (LEXICON[concept] ?? "").split(/\s+/)) {
    if (!word) continue;
    const s = stem(word.replace(/'/g, ""));
    const list = TRIGGERS.get(s);
    if (!list) TRIGGERS.set(s, [index]);
    else if (!list.includes(index)) list.push(index);
  }
});

const SCHEDULE = CONCEPTS.indexOf("schedule");
const MONEY = CONCEPTS.indexOf("money");
/** 9pm, 10am, 7:30 (as "7" "30" the tokenizer splits), $40 is not a token (digits only). */
const CLOCK_TIME = /^\d{1,2}(am|pm|h)$/;
const PRICE_WORD = /^\d+(k|usd|eur|dollars?|bucks)$/;

/**
 * Calls `hit(conceptIndex)` for every concept a stemmed term triggers (possibly repeatedly;
 * callers dedupe). `raw` is the unstemmed token, for pattern triggers like "9pm".
 */
export function forEachConcept(stemmed: string, raw: string, hit: (index: number) => void): void {
  const list = TRIGGERS.get(stemmed);
  if (list) for (const i of list) hit(i);
  // Both patterns start with a digit: most tokens are ruled out without running them.
  const first = raw.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return;
  if (CLOCK_TIME.test(raw)) hit(SCHEDULE);
  else if (PRICE_WORD.test(raw)) hit(MONEY);
}

/** Names of the concepts a text mentions, in lexicon order (empty when none). */
export function conceptsOfTerms(rawTokens: readonly string[], stems: readonly string[]): string[] {
  const fired = new Uint8Array(CONCEPTS.length);
  for (let i = 0; i < stems.length; i++) {
    forEachConcept(stems[i]!, rawTokens[i] ?? stems[i]!, (c) => {
      fired[c] = 1;
    });
  }
  const out: string[] = [];
  for (let c = 0; c < fired.length; c++) if (fired[c]) out.push(CONCEPTS[c]!);
  return out;
}
