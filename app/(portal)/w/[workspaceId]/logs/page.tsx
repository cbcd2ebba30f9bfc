import type { Metadata } from "next";
import { LogsPage } from "@/components/portal/logs/logs-page";

export const metadata: Metadata = { title: "Request logs" };

export default function Page() {
  return <LogsPage />;
}
