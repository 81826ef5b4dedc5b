"use client";

import { Menu, X, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Logo } from "@/components/shell/logo";
import type { NavItem } from "@/components/shell/nav-items";

/** A navigation entry with its icon already rendered on the server (keeps icons out of the bundle). */
export type ShellItem = NavItem & { iconNode: React.ReactNode };

function isActive(pathname: string, href: string, hrefs: string[]): boolean {
  if (href === "/") return pathname === "/";
  if (pathname === href) return true;
  // A page under an entry's path is that entry's, unless it has an entry of its own (/keys/burndown).
  return pathname.startsWith(`${href}/`) && !hrefs.some((h) => h.length > href.length && (pathname === h || pathname.startsWith(`${h}/`)));
}

function NavList({ items, badges, onNavigate }: { items: ShellItem[]; badges: Record<string, React.ReactNode>; onNavigate?: () => void }) {
  const pathname = usePathname();
  const hrefs = items.map((i) => i.href);
  const sections = [
    { id: "main", title: null, items: items.filter((i) => i.section === "main") },
    { id: "admin", title: "Administration", items: items.filter((i) => i.section === "admin") },
  ].filter((s) => s.items.length > 0);
  return (
    <nav aria-label="Main" className="flex flex-col gap-6">
      {sections.map((section) => (
        <div key={section.id}>
          {section.title ? <p className="mb-2 px-3 text-xs font-semibold tracking-wide text-slate-400 uppercase">{section.title}</p> : null}
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const active = isActive(pathname, item.href, hrefs);
              // A server-rendered node (the approvals count streams in): components/shell/pending-badge.tsx.
              const badge = badges[item.href] ?? null;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
                      active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    {item.iconNode}
                    <span className="flex-1">{item.label}</span>
                    {badge}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** The small-screen menu's open and close buttons. */
function IconButton({
  icon: Icon,
  label,
  onClick,
  className,
}: {
  icon: LucideIcon;
  label: string;
  onClick: () => void;
  className?: string;
}) {
  return (
    <button type="button" onClick={onClick} className={cn("rounded-md p-1.5 hover:bg-slate-100", className)} aria-label={label}>
      <Icon className="size-5" aria-hidden />
    </button>
  );
}

export function Sidebar({
  items,
  badges,
  footer,
}: {
  items: ShellItem[];
  badges: Record<string, React.ReactNode>;
  footer: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 lg:hidden">
        <IconButton icon={Menu} label="Open navigation" onClick={() => setOpen(true)} className="-ml-1 text-slate-700" />
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
              <IconButton icon={X} label="Close navigation" onClick={() => setOpen(false)} />
            </div>
            <div className="flex-1 overflow-y-auto">
              <NavList items={items} badges={badges} onNavigate={() => setOpen(false)} />
            </div>
            <div className="border-t border-slate-200 pt-4">{footer}</div>
          </div>
        </div>
      ) : null}

      <aside className="fixed inset-y-0 left-0 z-20 hidden w-64 flex-col border-r border-slate-200 bg-white px-4 py-5 lg:flex">
        <Link href="/" className="mb-8 flex items-center gap-2 px-2 text-lg font-semibold tracking-tight">
          <Logo /> Keyless
        </Link>
        <div className="flex-1 overflow-y-auto">
          <NavList items={items} badges={badges} />
        </div>
        <div className="border-t border-slate-200 pt-4">{footer}</div>
      </aside>
    </>
  );
}
