import { NavFrame } from "@/components/shell/nav-frame";
import { NavIcon } from "@/components/shell/nav-icon";
import type { NavItem } from "@/components/shell/nav-items";
import { NavLink } from "@/components/shell/nav-link";

// The dashboard's navigation, rendered on the server on every page, once: the client code is
// the active-link highlight (nav-link.tsx) and the frame that is the desktop rail and, on a
// small screen, the drawer (nav-frame.tsx). Its icons are plain SVG (nav-icon.tsx).

function NavList({ items, badges }: { items: NavItem[]; badges: Record<string, React.ReactNode> }) {
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
            {section.items.map((item) => (
              <li key={item.href}>
                <NavLink
                  href={item.href}
                  nested={items.filter((i) => i.href !== "/" && i.href.startsWith(`${item.href}/`)).map((i) => i.href)}
                >
                  <NavIcon name={item.icon} />
                  <span className="flex-1">{item.label}</span>
                  {/* A server-rendered node (the approvals count streams in): pending-badge.tsx. */}
                  {badges[item.href] ?? null}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

export function Sidebar({ items, badges, footer }: { items: NavItem[]; badges: Record<string, React.ReactNode>; footer: React.ReactNode }) {
  return (
    <NavFrame>
      <div className="flex-1 overflow-y-auto">
        <NavList items={items} badges={badges} />
      </div>
      <div className="border-t border-slate-200 pt-4">{footer}</div>
    </NavFrame>
  );
}
