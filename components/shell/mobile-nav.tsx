"use client";

import { Menu, X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Logo } from "@/components/shell/logo";

// The small-screen header and its navigation drawer: only the open/closed state is client
// code; the drawer's navigation and user menu arrive server-rendered as `children`.

const ICON_BUTTON = "rounded-md p-1.5 hover:bg-slate-100";

export function MobileNav({ children, footer }: { children: React.ReactNode; footer: React.ReactNode }) {
  const [open, setOpen] = useState(false);
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

      {open ? (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="absolute inset-0 bg-slate-900/40" onClick={() => setOpen(false)} />
          <div className="absolute inset-y-0 left-0 flex w-72 flex-col bg-white p-4 shadow-xl">
            <div className="mb-6 flex items-center justify-between">
              <span className="flex items-center gap-2 font-semibold">
                <Logo className="size-6" /> Keyless
              </span>
              <button type="button" onClick={() => setOpen(false)} className={ICON_BUTTON} aria-label="Close navigation">
                <X className="size-5" aria-hidden />
              </button>
            </div>
            {/* Following a link closes the drawer (the links themselves are server-rendered). */}
            <div className="flex-1 overflow-y-auto" onClick={(e) => (e.target as Element).closest("a") && setOpen(false)}>
              {children}
            </div>
            <div className="border-t border-slate-200 pt-4">{footer}</div>
          </div>
        </div>
      ) : null}
    </>
  );
}
