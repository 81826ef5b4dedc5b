import { icons, KeyRound } from "lucide-react";
import { isTargetType, TARGETS } from "@/lib/targets";

// The mark each connector declares for its target (lucide has no brand logos). A server
// component: the icon set stays out of client bundles.
export function TargetIcon({ type, className = "size-4" }: { type: string; className?: string }) {
  const Icon = isTargetType(type) ? icons[TARGETS[type].icon] : KeyRound;
  return <Icon className={className} aria-hidden />;
}
