"use client";

import { useEffect, useState } from "react";
import { Field, Input, Select } from "@/components/ui/field";
import {
  localTimezone,
  REGIONS,
  timezoneChoices,
  USE_CASES,
  workspaceSettingsErrors,
  type WorkspaceSettingsField,
  type WorkspaceSettingsInput,
} from "@/lib/workspace-options";

export type WorkspaceValues = { name: string; useCase: string; region: string; timezone: string };
export type WorkspaceErrors = Partial<Record<WorkspaceSettingsField, string>>;

/**
 * Checks the form in the browser with the server's own schema: nothing is sent while a field
 * is wrong, and the first wrong field gets the focus.
 */
export function checkWorkspaceForm(form: HTMLFormElement, values: WorkspaceValues): { ok: true; input: WorkspaceSettingsInput } | { ok: false; errors: WorkspaceErrors } {
  const errors = workspaceSettingsErrors(values);
  if (!errors) return { ok: true, input: values as WorkspaceSettingsInput };
  const first = (["name", "useCase", "region", "timezone"] as const).find((f) => errors[f]);
  if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus();
  return { ok: false, errors };
}

/** The time zone menu's choices, filled in the browser (the server's list may differ). */
function useTimezones(current: string): string[] {
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(timezoneChoices()), []);
  return zones.includes(current) || !current ? zones : [current, ...zones];
}

/** A workspace's name, use case, region and time zone, as onboarding and settings show them. */
export function WorkspaceFields({
  values,
  errors,
  onChange,
}: {
  values: WorkspaceValues;
  errors: WorkspaceErrors;
  onChange: (patch: Partial<WorkspaceValues>) => void;
}) {
  const zones = useTimezones(values.timezone);
  return (
    <>
      <Field label="Organization name" error={errors.name}>
        {({ id, describedBy, invalid }) => (
          <Input
            id={id}
            name="name"
            required
            maxLength={80}
            autoComplete="organization"
            placeholder="Acme Inc."
            value={values.name}
            onChange={(e) => onChange({ name: e.target.value })}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field label="What are you building?" hint="Helps us tailor examples; you can build anything." error={errors.useCase}>
        {({ id, describedBy, invalid }) => (
          <Select
            id={id}
            name="useCase"
            required
            value={values.useCase}
            onChange={(e) => onChange({ useCase: e.target.value })}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          >
            <option value="" disabled>
              Choose a use case
            </option>
            {USE_CASES.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Default region" error={errors.region}>
          {({ id, describedBy, invalid }) => (
            <Select id={id} name="region" value={values.region} onChange={(e) => onChange({ region: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid}>
              {REGIONS.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Time zone" error={errors.timezone}>
          {({ id, describedBy, invalid }) => (
            <Select
              id={id}
              name="timezone"
              value={values.timezone}
              onChange={(e) => onChange({ timezone: e.target.value })}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            >
              {zones.length === 0 && <option value={values.timezone}>{values.timezone.replace(/_/g, " ")}</option>}
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
    </>
  );
}

/** The browser's time zone once mounted (the server cannot know it), else UTC. */
export function useBrowserTimezone(onFound: (tz: string) => void): void {
  useEffect(() => {
    const tz = localTimezone();
    if (tz) onFound(tz);
    // Once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
