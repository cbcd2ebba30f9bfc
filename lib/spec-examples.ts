/**
 * The request examples of the API's Quick Start (../shared/spec/personalization-api.md),
 * as the spec shows them. The playground is prefilled from them, the guided first test sends
 * them, and "load sample data" stores them. Pure data: imported by server and browser code.
 */

export const SPEC_REGISTER = {
  email: "me@pioneer.ai",
  purpose: "This will be used in an AI SDR agent to help understand the user's communication style and priorities",
  traits: {
    name: "Ash Lewis",
    locale: "en-US",
    timezone: "America/Los_Angeles",
    linkedin_url: "https://www.linkedin.com/in/ashlewis",
    twitter_url: "https://twitter.com/ashlewis",
    website: "https://ash.example.com",
    notes: "Founder/engineer; prefers concise communications",
  },
};

/** The spec's example id; replaced by the id /register returned wherever one is known. */
export const SPEC_USER_ID = "usr_42af7c";

export function specIngest(userId: string = SPEC_USER_ID) {
  return {
    user_id: userId,
    source: "gmail",
    message_history: [
      {
        role: "user",
        content: "I love sushi and usually eat late dinners around 9pm",
        timestamp: "2025-11-01T14:30:00Z",
      },
      {
        role: "assistant",
        content: "Got it! I'll keep that in mind for restaurant recommendations.",
        timestamp: "2025-11-01T14:30:15Z",
      },
    ],
    documents: [
      {
        content: "Q4 2025 Goals: Launch new product, hire 3 engineers, reach $1M ARR",
        title: "Quarterly Goals Q4",
        document_type: "document",
        doc_id: "doc-q4-goals",
        created_at: "2025-10-01T00:00:00Z",
      },
    ],
    options: {
      dedupe: true,
    },
  };
}

export function specChunks(userId: string = SPEC_USER_ID) {
  return {
    user_id: userId,
    history: [
      { role: "system", content: "You help with restaurant recommendations" },
      { role: "user", content: "I'm hungry, what should I eat tonight?" },
    ],
    k: 6,
    similarity_threshold: 0.25,
  };
}

export function specQuery(userId: string = SPEC_USER_ID) {
  return {
    user_id: userId,
    question:
      "Who are the most important people in the user's professional network? For each person, describe their relationship, communication cadence, and what they typically discuss.",
    use_cache: true,
  };
}

/** The guided first test asks about what the sample conversation actually contains. */
export const FIRST_TEST_QUESTION = "What are the user's food preferences?";

export const SPEC_SUMMARY_MAX_CHARS = 1000;
