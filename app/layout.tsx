import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pio — personalization API for AI agents", template: "%s · Pio" },
  description:
    "Pio turns what your users say and write into private memories, a profile summary for the system prompt, relevant context at every turn, and answers about the user.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-slate-900">{children}</body>
    </html>
  );
}
