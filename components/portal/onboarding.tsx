"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/components/trpc";
import { KeyReveal } from "./key-reveal";
import { checkWorkspaceForm, useBrowserTimezone, WorkspaceFields, type WorkspaceErrors, type WorkspaceValues } from "./workspace-fields";

export function OnboardingFlow({ first }: { first: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.workspace.create.mutationOptions());
  const [values, setValues] = useState<WorkspaceValues>({ name: "", useCase: "", region: "us-east-1", timezone: "UTC" });
  const [touchedTimezone, setTouchedTimezone] = useState(false);
  const [errors, setErrors] = useState<WorkspaceErrors>({});
  // The time zone defaults to the browser's, unless the person already picked one.
  useBrowserTimezone((tz) => setValues((v) => (touchedTimezone ? v : { ...v, timezone: tz })));

  const serverErrors =
    (create.error?.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } } | undefined)?.zodError?.fieldErrors ?? {};
  const fieldErrors: WorkspaceErrors = {
    name: errors.name ?? serverErrors.name?.[0],
    useCase: errors.useCase ?? serverErrors.useCase?.[0],
    region: errors.region ?? serverErrors.region?.[0],
    timezone: errors.timezone ?? serverErrors.timezone?.[0],
  };

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
          const checked = checkWorkspaceForm(e.currentTarget, values);
          if (!checked.ok) {
            setErrors(checked.errors);
            return;
          }
          setErrors({});
          create.mutate(checked.input);
        }}
      >
        <FormError>{create.error && !Object.keys(serverErrors).length ? errorMessage(create.error) : null}</FormError>
        <WorkspaceFields
          values={values}
          errors={fieldErrors}
          onChange={(patch) => {
            if (patch.timezone) setTouchedTimezone(true);
            setValues((v) => ({ ...v, ...patch }));
            // A corrected field loses its error at once.
            setErrors((prev) => {
              const next = { ...prev };
              for (const k of Object.keys(patch) as (keyof WorkspaceValues)[]) delete next[k];
              return next;
            });
            if (create.error) create.reset();
          }}
        />
        <Button type="submit" className="w-full" loading={create.isPending}>
          Create workspace and sandbox key
        </Button>
      </form>
    </div>
  );
}
