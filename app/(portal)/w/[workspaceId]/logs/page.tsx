import type { Metadata } from "next";
import { Suspense } from "react";
import { LogsPage } from "@/components/portal/logs/logs-page";

export const metadata: Metadata = { title: "Request logs" };

export default function Page() {
  return (
    <Suspense>
      <LogsPage />
    </Suspense>
  );
}
