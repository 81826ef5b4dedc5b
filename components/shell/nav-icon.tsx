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
  type IconNode,
} from "lucide";
import type { NavIcon as Name } from "@/components/shell/nav-items";
import { SvgIcon } from "@/components/ui/svg-icon";

const ICONS: Record<Name, IconNode> = {
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

/** Server-rendered navigation icon: plain SVG, no client component. */
export function NavIcon({ name }: { name: Name }) {
  return <SvgIcon icon={ICONS[name]} className="size-4 shrink-0" />;
}
