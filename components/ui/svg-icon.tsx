import { createElement } from "react";
import type { IconNode } from "lucide";

// lucide's icons as plain server-rendered SVG, for markup rendered on every page (the shell).
// lucide-react's icons are client components (they read a context for defaults), so each one
// a server component renders is a client reference: its path data travels in the React payload
// and it is rendered again in the browser (bench/RESULTS.md §5, sixth session).
export function SvgIcon({ icon, className }: { icon: IconNode; className?: string }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      aria-hidden
    >
      {icon.map(([tag, attrs], i) => createElement(tag, { key: i, ...attrs }))}
    </svg>
  );
}
