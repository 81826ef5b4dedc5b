"use client";

import { Menu, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Logo } from "@/components/shell/logo";
import { cn } from "@/components/ui/cn";

// The navigation's one frame: the desktop rail, which on a small screen the header's button
// opens as a drawer. Its content (the navigation and the user menu) arrives server-rendered as
// `children`, once for both; only the open/closed state is client code.

const ICON_BUTTON = "rounded-md p-1.5 hover:bg-slate-100";

export function NavFrame({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 lg:hidden">
        <button type="button" onClick={() => setOpen(true)} className={`${ICON_BUTTON} -ml-1 text-slate-700`} aria-label="Open navigation">
          <Menu className="size-5" aria-hidden />
        </button>
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <Logo className="size-6" /> Keyless
        </Link>
      </header>
      {open ? <div className="fixed inset-0 z-40 bg-slate-900/40 lg:hidden" onClick={() => setOpen(false)} aria-hidden /> : null}
      <aside
        {...(open ? { role: "dialog", "aria-modal": true, "aria-label": "Navigation" } : {})}
        className={cn(
          "fixed inset-y-0 left-0 flex-col border-r border-slate-200 bg-white px-4 py-5",
          open ? "z-50 flex w-72 shadow-xl lg:z-20 lg:w-64 lg:shadow-none" : "z-20 hidden w-64 lg:flex",
        )}
        // Following a link in the drawer closes it (the links themselves are server-rendered).
        onClick={(e) => {
          if (open && (e.target as Element).closest("a")) setOpen(false);
        }}
      >
        <div className="mb-8 flex items-center justify-between px-2">
          <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
            <Logo /> Keyless
          </Link>
          {open ? (
            <button type="button" onClick={() => setOpen(false)} className={`${ICON_BUTTON} lg:hidden`} aria-label="Close navigation">
              <X className="size-5" aria-hidden />
            </button>
          ) : null}
        </div>
        {children}
      </aside>
    </>
  );
}
