import { z } from "zod";

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

/** The zones offered in the time zone menus (the browser's own list, or a short one). */
export function timezoneChoices(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Singapore"];
  }
}

/** The browser's (or the server's) own time zone, when it is a valid one. */
export function localTimezone(): string | null {
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return tz && isValidTimezone(tz) ? tz : null;
  } catch {
    return null;
  }
}

/**
 * A workspace's settings (onboarding, and an owner's edits later). Shared by the browser, which
 * checks a form before sending it, and the server, which checks it again.
 */
export const workspaceSettingsInput = z.object({
  name: z.string().trim().min(1, "Enter your organization's name.").max(80, "Use at most 80 characters."),
  useCase: z.enum(USE_CASES, "Choose what you are building."),
  region: z.enum(REGIONS.map((r) => r.id) as [RegionId, ...RegionId[]], "Choose a region."),
  timezone: z.string().refine(isValidTimezone, "Choose a valid time zone."),
});
export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsInput>;
export type WorkspaceSettingsField = keyof WorkspaceSettingsInput;

/** The first message per field of a failed check, as the forms show them. */
export function workspaceSettingsErrors(values: unknown): Partial<Record<WorkspaceSettingsField, string>> | null {
  const parsed = workspaceSettingsInput.safeParse(values);
  if (parsed.success) return null;
  const out: Partial<Record<WorkspaceSettingsField, string>> = {};
  for (const issue of parsed.error.issues) out[issue.path[0] as WorkspaceSettingsField] ??= issue.message;
  return out;
}
