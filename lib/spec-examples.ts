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
        role: "user" as const,
        content: "I love sushi and usually eat late dinners around 9pm",
        timestamp: "2025-11-01T14:30:00Z",
      },
      {
        role: "assistant" as const,
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
      { role: "system" as const, content: "You help with restaurant recommendations" },
      { role: "user" as const, content: "I'm hungry, what should I eat tonight?" },
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

/** The spec's response examples, as it shows them (the API reference adds Pio's extra fields). */
export const SPEC_RESPONSES = {
  register: { user_id: "usr_42af7c", created_at: "2025-11-11T16:05:00Z", status: "active" },
  ingest: {
    saved: { documents: 1, message_history: 1 },
    skipped: [],
    processing_triggered: { documents: true, message_history: true },
    inserted_document_ids: ["doc_123", "msg_456"],
    received_at: "2025-11-11T16:10:00Z",
  },
  summary: {
    user_id: "usr_42af7c",
    generated_at: "2025-11-11T16:05:00Z",
    purpose: null,
    summary:
      "Ash Lewis is a founder and engineer based in San Francisco (PST timezone). Ash prefers concise communications and values efficiency. Work style: Deep focus blocks from 9am-12pm, prefers meetings after 1pm. Currently focused on launching a new product and scaling the engineering team. Enjoys sushi and typically has late dinners around 9pm.",
    cached: true,
  },
  chunks: {
    chunks: [
      {
        id: "mem_789",
        text: "User loves sushi and usually eats late dinners around 9pm",
        score: 0.82,
        source: "memory",
        created_at: "2025-11-01T14:30:00Z",
        updated_at: "2025-11-01T14:30:00Z",
      },
      {
        id: "stage3_5",
        text: "Q: What are the user's food preferences?\nA: The user enjoys sushi, Italian cuisine, and prefers restaurants in the Mission district. Typically dines late (8-9pm) and values quick service.",
        score: 0.78,
        source: "stage3",
        created_at: "2025-10-15T10:00:00Z",
        updated_at: "2025-10-15T10:00:00Z",
        question_index: 5,
        question: "What are the user's food preferences?",
        answer:
          "The user enjoys sushi, Italian cuisine, and prefers restaurants in the Mission district. Typically dines late (8-9pm) and values quick service.",
      },
    ],
    used_query: "hungry eat tonight food restaurant",
    debug: {
      stage3_count: 1,
      memory_count: 1,
      total_candidates: 8,
      threshold: 0.25,
      embedding_time_ms: 45,
      search_time_ms: 23,
      total_time_ms: 68,
    },
  },
  query: {
    user_id: "usr_42af7c",
    question: "Who are the most important people in the user's professional network?...",
    answer:
      "Based on email analysis, here are the key relationships:\n\n1. **David Kimball (Recruiter)** - Long-term trusted career advisor. Communication: 2-3x per month with spikes during job searches. Topics: AI/ML opportunities, market intelligence, career strategy.\n\n2. **George Maloney (Fastino Co-Founder)** - Current employer relationship. Communication: Daily during onboarding, now sporadic milestone-driven. Topics: Strategic decisions, company vision.\n\n3. **Sarah Chen (Technical Co-founder)** - Close collaborator. Communication: Multiple times daily. Topics: Architecture decisions, code reviews, product strategy...",
    cached: false,
  },
};
