import {
  ArrowRightLeft,
  BadgeCheck,
  BookOpen,
  Building2,
  FileKey2,
  Inbox,
  KeyRound,
  Plug,
  ScrollText,
  Settings,
  Terminal,
  Users,
} from "lucide-react";
import type { NavIcon as Name } from "@/components/shell/nav-items";

const ICONS: Record<Name, typeof KeyRound> = {
  credentials: KeyRound,
  keys: FileKey2,
  requests: Inbox,
  approvals: BadgeCheck,
  integrations: Plug,
  audit: ScrollText,
  accounts: Building2,
  cli: Terminal,
  settings: Settings,
  api: BookOpen,
  migrate: ArrowRightLeft,
  people: Users,
};

/** Server-rendered navigation icon. */
export function NavIcon({ name }: { name: Name }) {
  const Icon = ICONS[name];
  return <Icon className="size-4 shrink-0" aria-hidden />;
}
