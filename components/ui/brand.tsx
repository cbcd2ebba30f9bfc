import Link from "next/link";
import { cn } from "./cn";

/** The Pio mark and name, linking home (or wherever `href` says). */
export function BrandLink({ href, className }: { href: string; className?: string }) {
  return (
    <Link href={href} className={cn("inline-flex items-center gap-2 text-lg font-semibold tracking-tight", className)}>
      <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
        P
      </span>
      Pio
    </Link>
  );
}
