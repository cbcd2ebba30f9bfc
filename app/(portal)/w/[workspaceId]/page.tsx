import type { Metadata } from "next";
import { OverviewPage } from "@/components/portal/overview/overview-page";

export const metadata: Metadata = { title: "Getting started" };

export default function Page() {
  return <OverviewPage />;
}
