/**
 * Conversations written for the user-model scenario tests (not LoCoMo): what an agent would
 * send Pio about a user over a few weeks. Timestamps are fixed so relative dates resolve the
 * same way every run.
 */
export interface ScenarioMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  timestamp: string;
}

const at = (day: string, i: number) => new Date(Date.parse(`${day}T18:00:00Z`) + i * 60_000).toISOString();

function session(prefix: string, day: string, turns: [ScenarioMessage["role"], string][]): ScenarioMessage[] {
  return turns.map(([role, content], i) => ({ id: `${prefix}-${i + 1}`, role, content, timestamp: at(day, i) }));
}

/**
 * Ash, a founder, talks to a restaurant agent: a severe peanut allergy and a daughter with
 * celiac disease among port-wine tastings, a husband who is a dentist, a cofounder and a
 * recruiter, a move from San Francisco to Austin.
 */
export const RESTAURANT_ASH: ScenarioMessage[] = [
  ...session("s1", "2025-09-02", [
    ["assistant", "Hi! I'm here to help you find great places to eat. Tell me a bit about yourself?"],
    ["user", "Hi! I'm Ash. I live in San Francisco and I'm the CEO of a small startup called Loomly."],
    ["assistant", "Nice to meet you, Ash! Any dietary restrictions I should know about?"],
    ["user", "Yes, this is important: I'm severely allergic to peanuts, I carry an EpiPen. And our daughter Sofia has celiac disease, so anything we order for her has to be strictly gluten-free."],
    ["assistant", "Thank you, I'll always keep that in mind. What kind of food do you enjoy?"],
    ["user", "I love sushi and Thai food, and I usually eat late dinners around 9pm. Cilantro? It tastes like soap to me."],
    ["assistant", "Got it! Sushi and Thai, late dinners, no cilantro."],
    ["user", "Please keep emails to three sentences. I hate long messages."],
  ]),
  ...session("s2", "2025-09-20", [
    ["assistant", "How was the wine bar I suggested last time?"],
    ["user", "Great! We did a port-wine tasting there last weekend and it was lovely."],
    ["assistant", "Wonderful! Anything else going on?"],
    ["user", "We're closing our seed round next month, so I'm swamped. My cofounder Sarah Chen runs engineering and we talk every day. David Kimball is my recruiter, he helps me hire engineers."],
    ["assistant", "Busy times! And how's the family?"],
    ["user", "Good! My husband Mark is a dentist, he works at Bright Smiles in the Mission. Sofia just started first grade."],
  ]),
  ...session("s3", "2025-11-10", [
    ["assistant", "Welcome back, Ash! Looking for a place in San Francisco tonight?"],
    ["user", "Actually no, I moved from San Francisco to Austin last month! We wanted more space for the kids."],
    ["assistant", "Congratulations on the move! Any favorite spots in Austin yet?"],
    ["user", "I'm obsessed with the breakfast tacos at Veracruz. I'm also trying to eat less red meat these days."],
  ]),
];

/**
 * Priya, a marketing lead, talks to a sales assistant over two months: vegetarian with a
 * shellfish allergy, a job change (Acme → Northwind), a manager and a direct report, a son,
 * a conference trip, and how she wants to be contacted. Casual chat, short replies.
 */
export const SALES_PRIYA: ScenarioMessage[] = [
  ...session("p1", "2025-03-03", [
    ["assistant", "Hi! I'm your assistant for vendor meetings. What should I know about you?"],
    ["user", "hey! I'm Priya, head of marketing at Acme Robotics. I'm based in Chicago."],
    ["assistant", "Great to meet you, Priya. Any preferences for meetings or lunches?"],
    ["user", "I'm vegetarian, and I'm allergic to shellfish, so please never book seafood places. Mornings work best for me, I pick up my son Arjun from school at 3pm."],
    ["assistant", "Noted. How do you like to be contacted?"],
    ["user", "Slack is best. Please don't send me long emails, bullet points are fine."],
  ]),
  ...session("p2", "2025-03-28", [
    ["assistant", "How did the Q1 campaign go?"],
    ["user", "Really well, thanks! My manager Dana Ortiz loved the results. My report Kevin Li ran most of the ads."],
    ["assistant", "Nice work. Anything coming up?"],
    ["user", "I'm speaking at the MarTech conference in Boston next month. Super nervous lol."],
  ]),
  ...session("p3", "2025-05-12", [
    ["assistant", "Welcome back! How was Boston?"],
    ["user", "Boston was great, the talk went fine. Big news though: I left Acme and joined Northwind Analytics as VP of Marketing last week!"],
    ["assistant", "Congratulations! What are you focused on there?"],
    ["user", "Rebuilding the brand and hiring a content team. Budget is tight, we have about 200k for tools this year."],
  ]),
];
