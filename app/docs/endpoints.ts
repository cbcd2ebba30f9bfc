import type { EndpointDocProps } from "@/components/endpoint-doc";

/** The reference shown at /docs. One entry per public endpoint that is live. */
export const endpoints: EndpointDocProps[] = [
  {
    id: "register",
    method: "POST",
    path: "/register",
    summary:
      "Registers an end user, or merges traits into the existing one (idempotent on email or user_id). PUT /register is an alias.",
    params: [
      { name: "email", type: "string", description: "The user's email. Either email or user_id is required. Stored only as a hash." },
      { name: "user_id", type: "string", description: "Your own id for the user. Generated (usr_…) when omitted." },
      { name: "purpose", type: "string", description: "What your agent does for this user; focuses the profile." },
      { name: "traits", type: "object", description: "name, locale, timezone, social URLs, website, notes, … merged key by key." },
    ],
    request: JSON.stringify(
      {
        email: "me@pioneer.ai",
        purpose: "This will be used in an AI SDR agent to help understand the user's communication style and priorities",
        traits: { name: "Ash Lewis", locale: "en-US", timezone: "America/Los_Angeles" },
      },
      null,
      2,
    ),
    response: JSON.stringify({ user_id: "usr_42af7c", created_at: "2025-11-11T16:05:00Z", status: "active" }, null, 2),
    errors: [
      { status: 400, code: "validation_error", when: "neither email nor user_id, an invalid email, or a wrong type (the field is named)" },
      { status: 409, code: "email_conflict", when: "the email belongs to another user_id" },
    ],
  },
];
