"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

// The one part of the navigation that depends on where the browser is: the layout is not
// rendered again on a client-side navigation, so the highlighted entry follows the pathname
// here. Everything inside the link (icon, label, the streamed badge) is server-rendered.

function isActive(pathname: string, href: string, nested: readonly string[]): boolean {
  if (href === "/") return pathname === "/";
  if (pathname === href) return true;
  // A page under an entry's path is that entry's, unless it has an entry of its own (/keys/burndown).
  return pathname.startsWith(`${href}/`) && !nested.some((h) => pathname === h || pathname.startsWith(`${h}/`));
}

export function NavLink({ href, nested, children }: { href: string; nested: readonly string[]; children: React.ReactNode }) {
  const active = isActive(usePathname(), href, nested);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
        active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
      )}
    >
      {children}
    </Link>
  );
}
