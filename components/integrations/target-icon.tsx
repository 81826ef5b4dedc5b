import { CircleDot, GitBranch, GitMerge, KeyRound, Vault, Webhook, Workflow } from "lucide-react";

// One recognisable mark per target type (lucide has no brand logos).
const ICONS = {
  github: GitBranch,
  gitlab: GitMerge,
  travis: Workflow,
  circleci: CircleDot,
  secrets_manager: Vault,
  webhook: Webhook,
} as const;

export function TargetIcon({ type, className = "size-4" }: { type: string; className?: string }) {
  const Icon = ICONS[type as keyof typeof ICONS] ?? KeyRound;
  return <Icon className={className} aria-hidden />;
}
