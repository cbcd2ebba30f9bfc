"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/components/trpc";
import { REGIONS, USE_CASES } from "@/lib/workspace-options";
import { KeyReveal } from "./key-reveal";

function timezones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Singapore"];
  }
}

export function OnboardingFlow({ first }: { first: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.workspace.create.mutationOptions());
  const zones = useMemo(timezones, []);
  const [timezone, setTimezone] = useState("UTC");
  useEffect(() => {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (local) setTimezone(local);
  }, []);

  const fieldErrors =
    (create.error?.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError?.fieldErrors ?? {};

  if (create.data) {
    const { workspace, key } = create.data;
    return (
      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <p className="text-sm font-medium text-emerald-700">Workspace created</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{workspace.name} is ready</h1>
        <p className="mt-1 text-sm text-slate-600">
          Here is your first <strong>sandbox</strong> key. Sandbox keys start with <code className="font-mono">pio_sk_test_</code> and only ever
          reach test data.
        </p>
        <div className="mt-5">
          <KeyReveal apiKey={key} doneLabel="Continue to your workspace" onDone={() => router.push(`/w/${workspace.id}`)} />
        </div>
      </div>
    );
  }

  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      {first && <p className="text-sm font-medium text-brand-600">Step 1 of 2</p>}
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{first ? "Create your workspace" : "Create a workspace"}</h1>
      <p className="mt-1 text-sm text-slate-600">
        A workspace holds your API keys, your end users and their data, in a sandbox and a live environment that never mix.
      </p>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          create.mutate({
            name: String(form.get("name") ?? ""),
            useCase: String(form.get("useCase") ?? "") as (typeof USE_CASES)[number],
            region: String(form.get("region") ?? ""),
            timezone,
          });
        }}
      >
        <FormError>{create.error && !Object.keys(fieldErrors).length ? errorMessage(create.error) : null}</FormError>
        <Field label="Organization name" error={fieldErrors.name?.[0]}>
          {({ id, describedBy, invalid }) => (
            <Input id={id} name="name" required autoComplete="organization" placeholder="Acme Inc." aria-describedby={describedBy} aria-invalid={invalid} />
          )}
        </Field>
        <Field label="What are you building?" hint="Helps us tailor examples; you can build anything." error={fieldErrors.useCase?.[0]}>
          {({ id, describedBy, invalid }) => (
            <Select id={id} name="useCase" defaultValue="" aria-describedby={describedBy} aria-invalid={invalid}>
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
          <Field label="Default region" error={fieldErrors.region?.[0]}>
            {({ id, describedBy, invalid }) => (
              <Select id={id} name="region" defaultValue="us-east-1" aria-describedby={describedBy} aria-invalid={invalid}>
                {REGIONS.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Time zone" error={fieldErrors.timezone?.[0]}>
            {({ id, describedBy, invalid }) => (
              <Select id={id} name="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid}>
                {!zones.includes(timezone) && <option value={timezone}>{timezone}</option>}
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, " ")}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Button type="submit" className="w-full" loading={create.isPending}>
          Create workspace and sandbox key
        </Button>
      </form>
    </div>
  );
}
