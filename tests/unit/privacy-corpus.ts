/**
 * Corpora for tests/unit/privacy.test.ts.
 *
 * POSITIVES: each `raw` value must disappear from the redacted text and a placeholder of `type`
 * must take its place; when `expected` is given the whole output must equal it.
 * LOOK_ALIKES: texts that contain nothing to redact and must come out byte for byte.
 *
 * Test values are fictitious: 555-01xx phone numbers, card and IBAN test numbers published by
 * networks and banks, SSNs from the documented example ranges, AWS's own example key, etc.
 */
import type { PiiType } from "@/server/privacy";

export interface Positive {
  text: string;
  type: PiiType;
  raw: string[];
  expected?: string;
}

export const POSITIVES: Positive[] = [
  // EMAIL
  { text: "Email me at ash.lewis@example.com tomorrow", type: "EMAIL", raw: ["ash.lewis@example.com"], expected: "Email me at [EMAIL] tomorrow" },
  { text: "plus addressing: ash+pio-test@gmail.com works", type: "EMAIL", raw: ["ash+pio-test@gmail.com"], expected: "plus addressing: [EMAIL] works" },
  { text: "work address j_doe@mail.eng.acme.co.uk.", type: "EMAIL", raw: ["j_doe@mail.eng.acme.co.uk"], expected: "work address [EMAIL]." },
  { text: "<Maria.Garcia@Company.IO>", type: "EMAIL", raw: ["Maria.Garcia@Company.IO"], expected: "<[EMAIL]>" },
  { text: "mailto:support@pio.dev?subject=hi", type: "EMAIL", raw: ["support@pio.dev"], expected: "mailto:[EMAIL]?subject=hi" },
  { text: "write to john at gmail dot com", type: "EMAIL", raw: ["john at gmail dot com"], expected: "write to [EMAIL]" },
  { text: "profile https://crm.example.com/people/ash@example.com/edit", type: "EMAIL", raw: ["ash@example.com"], expected: "profile https://crm.example.com/people/[EMAIL]/edit" },
  // an address inside a field path (a trait key named in an error): the labels after it that cannot
  // end a domain are not its (the path before it reads as part of the local part, so it goes too)
  { text: "traits.maria@examplemail.com.a.b", type: "EMAIL", raw: ["maria@examplemail.com"], expected: "[EMAIL].a.b" },
  { text: "field traits.ann@mail.co.uk.0.x too deep", type: "EMAIL", raw: ["ann@mail.co.uk"], expected: "field [EMAIL].0.x too deep" },
  { text: "contact: jane [at] example [dot] org", type: "EMAIL", raw: ["jane [at] example [dot] org"], expected: "contact: [EMAIL]" },

  // PHONE
  { text: "Call me at +1 (415) 555-0132 after lunch", type: "PHONE", raw: ["415", "555-0132"], expected: "Call me at [PHONE] after lunch" },
  { text: "my number is 415-555-0132", type: "PHONE", raw: ["415-555-0132"], expected: "my number is [PHONE]" },
  { text: "(415) 555 0132 is the office line", type: "PHONE", raw: ["555 0132"], expected: "[PHONE] is the office line" },
  { text: "London: +44 20 7946 0958", type: "PHONE", raw: ["7946 0958"], expected: "London: [PHONE]" },
  { text: "Paris office +33 1 42 68 53 00.", type: "PHONE", raw: ["42 68 53 00"], expected: "Paris office [PHONE]." },
  { text: "Berlin +49 30 901820", type: "PHONE", raw: ["901820"], expected: "Berlin [PHONE]" },
  { text: "from abroad dial 0044 20 7946 0958", type: "PHONE", raw: ["0044 20 7946 0958"], expected: "from abroad dial [PHONE]" },
  { text: "text me on 07911 123456", type: "PHONE", raw: ["07911 123456"], expected: "text me on [PHONE]" },
  { text: "India: +91 98765 43210", type: "PHONE", raw: ["98765 43210"], expected: "India: [PHONE]" },
  { text: "reach me at 555.123.4567", type: "PHONE", raw: ["555.123.4567"], expected: "reach me at [PHONE]" },
  { text: "office 020 7946 0958 or mobile +447911123456", type: "PHONE", raw: ["020 7946 0958", "447911123456"], expected: "office [PHONE] or mobile [PHONE]" },
  { text: "new cell 4155550132", type: "PHONE", raw: ["4155550132"], expected: "new cell [PHONE]" },
  { text: "1-800-555-0199 is toll free", type: "PHONE", raw: ["800-555-0199"], expected: "[PHONE] is toll free" },
  { text: "phone: 555-0132", type: "PHONE", raw: ["555-0132"], expected: "phone: [PHONE]" },
  { text: "Ping me on WhatsApp +34 612 34 56 78", type: "PHONE", raw: ["612 34 56 78"], expected: "Ping me on WhatsApp [PHONE]" },
  { text: "Sydney +61 2 9374 4000, Tokyo +81-3-1234-5678", type: "PHONE", raw: ["9374 4000", "1234-5678"], expected: "Sydney [PHONE], Tokyo [PHONE]" },
  { text: "tel:+14155550132", type: "PHONE", raw: ["4155550132"], expected: "tel:[PHONE]" },
  { text: "Her number is 06 12 34 56 78 (France)", type: "PHONE", raw: ["06 12 34 56 78"], expected: "Her number is [PHONE] (France)" },
  { text: "Phone 415.555.0132 ext. 22", type: "PHONE", raw: ["415.555.0132"], expected: "Phone [PHONE] ext. 22" },

  // CARD
  { text: "my card is 4111 1111 1111 1111, exp 12/27", type: "CARD", raw: ["4111 1111 1111 1111"], expected: "my card is [CARD], exp 12/27" },
  { text: "Mastercard 5555-5555-5555-4444", type: "CARD", raw: ["5555-5555-5555-4444"], expected: "Mastercard [CARD]" },
  { text: "amex 3782 822463 10005 please", type: "CARD", raw: ["3782 822463 10005"], expected: "amex [CARD] please" },
  { text: "pay with 4242424242424242", type: "CARD", raw: ["4242424242424242"], expected: "pay with [CARD]" },
  { text: "Discover 6011111111111117.", type: "CARD", raw: ["6011111111111117"], expected: "Discover [CARD]." },
  // dots as separators (issue 10): the same card written as some forms and OCR print it
  { text: "card 4012.8888.8888.1881 exp 09/27", type: "CARD", raw: ["4012.8888.8888.1881"], expected: "card [CARD] exp 09/27" },
  // A card followed by more grouped digits: the longest run is no card, its first four groups are.
  { text: "paid with 4111 1111 1111 1111 536 on Monday", type: "CARD", raw: ["4111 1111 1111 1111"], expected: "paid with [CARD] 536 on Monday" },
  { text: "ref 12 4111 1111 1111 1111", type: "CARD", raw: ["4111 1111 1111 1111"], expected: "ref 12 [CARD]" },
  { text: "maria@examplemail.com 4111 1111 1111 1111 536 22 8812", type: "CARD", raw: ["4111 1111 1111 1111", "536 22 8812"], expected: "[EMAIL] [CARD] [NATIONAL_ID]" },
  { text: "Visa 4111.1111.1111.1111.", type: "CARD", raw: ["4111.1111.1111.1111"], expected: "Visa [CARD]." },
  { text: "amex 3782.822463.10005", type: "CARD", raw: ["3782.822463.10005"], expected: "amex [CARD]" },

  // NATIONAL_ID
  { text: "SSN 123-45-6789", type: "NATIONAL_ID", raw: ["123-45-6789"], expected: "SSN [NATIONAL_ID]" },
  { text: "her ssn: 123456789", type: "NATIONAL_ID", raw: ["123456789"], expected: "her ssn: [NATIONAL_ID]" },
  { text: "social security number is 078 05 1120", type: "NATIONAL_ID", raw: ["078 05 1120"], expected: "social security number is [NATIONAL_ID]" },
  { text: "NI number QQ 12 34 56 C", type: "NATIONAL_ID", raw: ["QQ 12 34 56 C"], expected: "NI number [NATIONAL_ID]" },
  { text: "national insurance AB123456C", type: "NATIONAL_ID", raw: ["AB123456C"], expected: "national insurance [NATIONAL_ID]" },
  { text: "my SIN is 046 454 286", type: "NATIONAL_ID", raw: ["046 454 286"], expected: "my SIN is [NATIONAL_ID]" },
  { text: "passport number X12345678", type: "NATIONAL_ID", raw: ["X12345678"], expected: "passport number [NATIONAL_ID]" },
  { text: "driver's license D1234-5678-9012", type: "NATIONAL_ID", raw: ["D1234-5678-9012"], expected: "driver's license [NATIONAL_ID]" },
  { text: "DNI 12345678Z", type: "NATIONAL_ID", raw: ["12345678Z"], expected: "DNI [NATIONAL_ID]" },
  { text: "CPF 529.982.247-25", type: "NATIONAL_ID", raw: ["529.982.247-25"], expected: "CPF [NATIONAL_ID]" },
  { text: "EIN: 12-3456789", type: "NATIONAL_ID", raw: ["12-3456789"], expected: "EIN: [NATIONAL_ID]" },
  { text: "SS# 219 09 9999", type: "NATIONAL_ID", raw: ["219 09 9999"], expected: "SS# [NATIONAL_ID]" },
  // an SSN grouped by spaces or dots, with no context word (issue 10)
  { text: "Does the user with 536 22 8812 like sushi?", type: "NATIONAL_ID", raw: ["536 22 8812"], expected: "Does the user with [NATIONAL_ID] like sushi?" },
  { text: "id: 536.22.8812", type: "NATIONAL_ID", raw: ["536.22.8812"], expected: "id: [NATIONAL_ID]" },
  { text: "(219 09 9999)", type: "NATIONAL_ID", raw: ["219 09 9999"], expected: "([NATIONAL_ID])" },
  { text: "PAN ABCDE1234F", type: "NATIONAL_ID", raw: ["ABCDE1234F"], expected: "PAN [NATIONAL_ID]" },
  { text: "His NHS number is 943 476 5919", type: "NATIONAL_ID", raw: ["943 476 5919"], expected: "His NHS number is [NATIONAL_ID]" },
  { text: "codice fiscale RSSMRA85T10A562S", type: "NATIONAL_ID", raw: ["RSSMRA85T10A562S"], expected: "codice fiscale [NATIONAL_ID]" },

  // IBAN
  { text: "IBAN GB82 WEST 1234 5698 7654 32 thanks", type: "IBAN", raw: ["GB82 WEST 1234 5698 7654 32"], expected: "IBAN [IBAN] thanks" },
  { text: "wire to DE89370400440532013000", type: "IBAN", raw: ["DE89370400440532013000"], expected: "wire to [IBAN]" },
  { text: "FR14 2004 1010 0505 0001 3M02 606 is my account", type: "IBAN", raw: ["FR14 2004 1010 0505 0001 3M02 606"], expected: "[IBAN] is my account" },
  { text: "nl91abna0417164300 (lower case)", type: "IBAN", raw: ["nl91abna0417164300"], expected: "[IBAN] (lower case)" },

  // BANK_ACCOUNT
  { text: "account number 12345678, sort code 12-34-56", type: "BANK_ACCOUNT", raw: ["12345678", "12-34-56"], expected: "account number [BANK_ACCOUNT], sort code [BANK_ACCOUNT]" },
  { text: "routing 021000021 acct 000123456789", type: "BANK_ACCOUNT", raw: ["021000021", "000123456789"], expected: "routing [BANK_ACCOUNT] acct [BANK_ACCOUNT]" },
  { text: "Acct #: 9876543210", type: "BANK_ACCOUNT", raw: ["9876543210"], expected: "Acct #: [BANK_ACCOUNT]" },
  { text: "bank account no. 4455 6677 8899", type: "BANK_ACCOUNT", raw: ["4455 6677 8899"], expected: "bank account no. [BANK_ACCOUNT]" },

  // IP_ADDRESS
  { text: "ssh into 192.168.1.10 now", type: "IP_ADDRESS", raw: ["192.168.1.10"], expected: "ssh into [IP_ADDRESS] now" },
  { text: "client ip 8.8.4.4, then 255.255.255.0.", type: "IP_ADDRESS", raw: ["8.8.4.4", "255.255.255.0"], expected: "client ip [IP_ADDRESS], then [IP_ADDRESS]." },
  { text: "blocked 10.0.0.0/8", type: "IP_ADDRESS", raw: ["10.0.0.0"], expected: "blocked [IP_ADDRESS]/8" },
  { text: "v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 seen", type: "IP_ADDRESS", raw: ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"], expected: "v6 [IP_ADDRESS] seen" },
  { text: "link-local fe80::1ff:fe23:4567:890a and ::1", type: "IP_ADDRESS", raw: ["fe80::1ff:fe23:4567:890a"], expected: "link-local [IP_ADDRESS] and [IP_ADDRESS]" },
  { text: "mapped ::ffff:192.0.2.128 here", type: "IP_ADDRESS", raw: ["192.0.2.128"], expected: "mapped [IP_ADDRESS] here" },

  // ADDRESS
  { text: "I live at 742 Evergreen Terrace, Springfield", type: "ADDRESS", raw: ["742 Evergreen Terrace"], expected: "I live at [ADDRESS], Springfield" },
  { text: "HQ: 1600 Amphitheatre Parkway, Mountain View, CA 94043", type: "ADDRESS", raw: ["1600 Amphitheatre Parkway", "94043"], expected: "HQ: [ADDRESS]" },
  { text: "Sherlock lived at 221B Baker Street.", type: "ADDRESS", raw: ["221B Baker Street"], expected: "Sherlock lived at [ADDRESS]." },
  { text: "ship to 350 5th Ave, Apt 4B", type: "ADDRESS", raw: ["350 5th Ave", "4B"], expected: "ship to [ADDRESS]" },
  { text: "send it to P.O. Box 123", type: "ADDRESS", raw: ["Box 123"], expected: "send it to [ADDRESS]" },
  { text: "we moved to 12 N Main St. last week", type: "ADDRESS", raw: ["12 N Main St"], expected: "we moved to [ADDRESS] last week" },
  { text: "my flat is apt 12c", type: "ADDRESS", raw: ["12c"], expected: "my flat is [ADDRESS]" },
  { text: "at 10 downing street tonight", type: "ADDRESS", raw: ["10 downing street"], expected: "at [ADDRESS] tonight" },
  { text: "Deliver to 88 Colin P Kelly Jr St, San Francisco, CA 94107", type: "ADDRESS", raw: ["Kelly Jr St", "94107"], expected: "Deliver to [ADDRESS]" },
  { text: "Ship to 4500 Oak Lane Apt 12, Dallas, TX 75201", type: "ADDRESS", raw: ["4500 Oak Lane", "75201"], expected: "Ship to [ADDRESS]" },
  { text: "1 Hacker Way, Menlo Park", type: "ADDRESS", raw: ["1 Hacker Way"], expected: "[ADDRESS], Menlo Park" },

  // PASSWORD
  { text: "my password is hunter2", type: "PASSWORD", raw: ["hunter2"], expected: "my password is [PASSWORD]" },
  { text: "password: S3cr3t!", type: "PASSWORD", raw: ["S3cr3t!"], expected: "password: [PASSWORD]" },
  { text: "pwd=abc123&user=ash", type: "PASSWORD", raw: ["abc123"], expected: "pwd=[PASSWORD]" },
  { text: "the door passcode 1234 works", type: "PASSWORD", raw: ["1234"], expected: "the door passcode [PASSWORD] works" },
  { text: "My wifi password is correcthorse.", type: "PASSWORD", raw: ["correcthorse"], expected: "My wifi password is [PASSWORD]." },
  { text: 'config {"password": "p@ss word 9"}', type: "PASSWORD", raw: ["p@ss word 9"], expected: 'config {"password": "[PASSWORD]"}' },
  { text: "password for gmail is Tr0ub4dor&3", type: "PASSWORD", raw: ["Tr0ub4dor&3"], expected: "password for gmail is [PASSWORD]" },
  { text: "my PIN is 4821", type: "PASSWORD", raw: ["4821"], expected: "my PIN is [PASSWORD]" },
  { text: "pass: letmein", type: "PASSWORD", raw: ["letmein"], expected: "pass: [PASSWORD]" },
  { text: "login ash / pw: Summer2024!", type: "PASSWORD", raw: ["Summer2024!"], expected: "login ash / pw: [PASSWORD]" },
  { text: 'Password = "correct horse battery staple"', type: "PASSWORD", raw: ["correct horse"], expected: 'Password = "[PASSWORD]"' },

  // SECRET
  { text: "use sk-proj-Abc123Def456Ghi789Jkl012Mno345", type: "SECRET", raw: ["Abc123Def456Ghi789Jkl012Mno345"], expected: "use [SECRET]" },
  { text: "stripe key sk_live_51HxYzAbCdEfGhIjKlMn", type: "SECRET", raw: ["sk_live_51HxYzAbCdEfGhIjKlMn"], expected: "stripe key [SECRET]" },
  { text: "PIO_API_KEY=pio_sk_live_3xAmpLeKeyAbCdEfGhIjKlMn", type: "SECRET", raw: ["3xAmpLeKeyAbCdEfGhIjKlMn"], expected: "PIO_API_KEY=[SECRET]" },
  { text: "token ghp_abcdefghijklmnopqrstuvwxyz0123456789", type: "SECRET", raw: ["ghp_abcdefghijklmnopqrstuvwxyz0123456789"], expected: "token [SECRET]" },
  { text: "slack xoxb-123456789012-1234567890123-abcdefghij", type: "SECRET", raw: ["xoxb-123456789012"], expected: "slack [SECRET]" },
  { text: "aws AKIAIOSFODNN7EXAMPLE in env", type: "SECRET", raw: ["AKIAIOSFODNN7EXAMPLE"], expected: "aws [SECRET] in env" },
  {
    text: "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok",
    type: "SECRET",
    raw: ["eyJhbGciOiJIUzI1NiJ9"],
    expected: "jwt [SECRET] ok",
  },
  { text: "Authorization: Bearer abcdef1234567890ghijkl", type: "SECRET", raw: ["abcdef1234567890ghijkl"], expected: "Authorization: Bearer [SECRET]" },
  { text: "api_key=Zx9Qw8Er7Ty6Ui5Op4", type: "SECRET", raw: ["Zx9Qw8Er7Ty6Ui5Op4"], expected: "api_key=[SECRET]" },
  { text: 'secret: "q8Fz2LmN0pR4sT6v"', type: "SECRET", raw: ["q8Fz2LmN0pR4sT6v"], expected: 'secret: "[SECRET]"' },
  { text: "DATABASE_URL=postgres://app:s3cretPass@db.internal:5432/pio", type: "SECRET", raw: ["s3cretPass"], expected: "DATABASE_URL=postgres://app:[SECRET]@db.internal:5432/pio" },
  {
    text: "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Vx\nq1w2e3r4t5y6\n-----END RSA PRIVATE KEY-----\nthanks",
    type: "SECRET",
    raw: ["MIIEowIBAAKCAQEA7Vx", "PRIVATE KEY"],
    expected: "key:\n[SECRET]\nthanks",
  },
  { text: "my api key is sk-ant-api03-Zyx987Wvu654Tsr321Qpo", type: "SECRET", raw: ["Zyx987Wvu654Tsr321Qpo"], expected: "my api key is [SECRET]" },
  { text: "google AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", type: "SECRET", raw: ["AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"], expected: "google [SECRET]" },
  { text: "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", type: "SECRET", raw: ["wJalrXUtnFEMI"], expected: "export AWS_SECRET_ACCESS_KEY=[SECRET]" },
  { text: "x-api-key: 8f14e45fceea167a5a36dedd4bea2543", type: "SECRET", raw: ["8f14e45fceea167a5a36dedd4bea2543"], expected: "x-api-key: [SECRET]" },
  { text: "Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", type: "SECRET", raw: ["YWxhZGRpbjpvcGVuc2VzYW1l"], expected: "Authorization: Basic [SECRET]" },
  { text: "mongodb+srv://admin:hunter2@cluster0.mongodb.net/test", type: "SECRET", raw: ["hunter2"], expected: "mongodb+srv://admin:[SECRET]@cluster0.mongodb.net/test" },
];

/** Texts with nothing to redact: they must survive byte for byte. */
export const LOOK_ALIKES: string[] = [
  // names, places, cities
  "Ash Lewis is the founder; Maria Garcia runs sales.",
  "I live in San Francisco, in the Mission district.",
  "We're opening an office in New York and one in Berlin.",
  "She grew up on Baker Street and loves Abbey Road.",
  "my zip is 94103",
  // dates and times
  "The launch is on 2025-11-01.",
  "Deadline 11/01/2025, kickoff 01.11.2025",
  "See you Nov 1st at 9pm",
  "Meeting at 14:30, then at 9:30 am",
  "Created 2025-11-01T14:30:00Z, updated 2025-11-01T14:30:00.123+02:00",
  "2025-11-01 14:30:00 job finished",
  "from 2019-2023 we grew; in 2024 2025 we doubled",
  "Q3 2025 planning, FY2026 budget",
  "back on 12/24, out 24.12.2025 to 02.01.2026",
  // prices, counts, percentages, years
  "We're at $1M ARR and want $10M by 2027.",
  "It costs $1,200.50 or €30 or £19.99 per seat.",
  "Hire 3 engineers and 2 designers this quarter.",
  "We have 2,000 users and 1,250,000 events per day.",
  "Revenue grew 23.5% to 4,500,000 dollars.",
  "Unix time 1700000000 or 1700000000123 ms",
  "Population 8336817, area 783.8 km2",
  // versions and technical numbers
  "Upgrade to v2.3.1 then Node 20.19.4",
  "Running version 10.0.0.1 of the agent, build 1.0.0.12",
  "Windows 10.0.19045.3693 and Chrome 120.0.6099.109",
  "python 3.12.1, v1.2.3.4-beta",
  "see RFC 7231 section 6.5.1",
  "ISBN 978-3-16-148410-0",
  "port 5432 and 8080:80 mapping",
  "std::vector<int> and a::b::c",
  "MAC 00:1A:2B:3C:4D:5E",
  "ratio 16:9, score 3:2",
  "git sha 3f2c1a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39",
  // ids, orders, flights
  "Order #12345 shipped; order number 4155550132 too.",
  "Invoice INV-2025-0042 is due.",
  "Flight UA 1234 and BA2490 are delayed.",
  "Ticket PIO-4821 and PR #512",
  "Tracking 1Z999AA10123456784",
  "4111 1111 1111 1112 is not a valid card",
  "4012.8888.8888.1882 fails Luhn with dots too",
  "Prices 1.234.567.890.123 and 12.345.678.901.234 in German notation",
  "version 4.12.88.1881 and 4012.8888.8888",
  "ratio 1234.56789012345 as a decimal",
  // three-two-four digit groups that are not SSNs
  "area 000 12 3456 and 666 12 3456 and 912 34 5678 are not issued",
  "serial 536 00 8812 and 536 22 0000",
  "1 536 22 8812 9 is part of a longer sequence",
  "We sold 150, 20 and 1000 units; 536 22 88 is too short.",
  "Version 536.22.8812.1 of the build",
  "number 1234567890123456 fails Luhn",
  "account ending in 4321",
  "the card ending 4242",
  // passwords and keys in words only
  "I forgot my password again.",
  "We should all use a password manager.",
  "The password is required and must be long.",
  "Reset your password here.",
  "password reset emails are slow",
  "the key insight is retention",
  "API key rotation is on the roadmap.",
  "The token limit is 8192 tokens.",
  "pin the message please",
  "my secret is that I love tea",
  "My password was hacked last year.",
  "The wifi password is on the fridge.",
  "Please use the secret manager, not secret=env vars.",
  "sk-learn and sk-image are Python packages",
  "Set API_KEY in your .env file.",
  "token count: 1532 prompt, 200 completion",
  // email-ish, phone-ish, address-ish without PII
  "I work at acme dot com",
  "follow @pio_dev on X",
  "Look at google dot com for it",
  "We have 3 offices and 2 New Ideas",
  "Top 10 Ways to grow",
  "chapter 3 The Long Way Home",
  "She walked 5 miles down the road.",
  "Route 66 and Highway 101",
  "between 100 and 200 people",
  "aisle 7 row 12 seat 4",
  "call at 9, 10 or 11",
  "Call me Monday",
  "room 101",
  "Zoom meeting ID: 845 2918 3301",
  "UUID 123e4567-e89b-12d3-a456-426614174000",
  "Coordinates 37.7749, -122.4194",
  "Timestamp 1730419200 in seconds",
  "The S&P 500 is up 1.2% and the Nasdaq 100 up 2.3%.",
  "Score 120-95 final, temperature -3.5 to 12.25 degrees",
  "Price: 1 234 567 € (French formatting)",
  "Node v20.19.4, npm 10.8.2, pnpm 9.12.3",
  "Model gpt-4o-2024-08-06 with 128000 context tokens.",
  "His flight AA 100 leaves JFK at 08:15 on 2025-12-03, seat 14C.",
  "Serial number SN-4482-9910-22",
  "Call 911 if needed; 311 for city services.",
  "The ratio is 1:4:9:16 for these.",
  "Turn on 2FA with the 6-digit code from your app.",
  "He lives at number 10 with his 2 dogs.",
  "Grades: 95, 87, 92, 78 and 88.",
  "The SIN of pride; sin 30 degrees",
  "pan the camera, a TIN can",
];
