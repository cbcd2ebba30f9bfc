import { TRPCReactProvider } from "@/components/trpc";

/** Signed-in pages. Each page group checks the session itself (see requireSession). */
export default function PortalLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
