import type { Metadata } from "next";
import { KeysPage } from "@/components/portal/keys/keys-page";

export const metadata: Metadata = { title: "API keys" };

export default function Page() {
  return <KeysPage />;
}
