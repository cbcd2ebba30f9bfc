import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
            P
          </span>
          Pio
        </Link>
        <div className="flex items-center gap-5 text-sm">
          <Link href="/docs" className="text-slate-600 hover:text-slate-900">
            API reference
          </Link>
          <Link href="/signin" className="text-slate-600 hover:text-slate-900">
            Sign in
          </Link>
          <Link href="/signup" className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700">
            Sign up
          </Link>
        </div>
      </nav>
    </header>
  );
}
