/** Choices offered when a workspace is created (shared by the form and the server's validation). */
export const USE_CASES = [
  "Calendar assistant",
  "Productivity agent",
  "Sales automation",
  "Customer support",
  "Content creation",
  "Recruiting",
  "Personal assistant",
  "Other",
] as const;

export const REGIONS = [
  { id: "us-east-1", label: "US East (N. Virginia)" },
  { id: "us-west-2", label: "US West (Oregon)" },
  { id: "eu-west-1", label: "EU (Ireland)" },
  { id: "eu-central-1", label: "EU (Frankfurt)" },
  { id: "ap-southeast-1", label: "Asia Pacific (Singapore)" },
] as const;

export type RegionId = (typeof REGIONS)[number]["id"];

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
