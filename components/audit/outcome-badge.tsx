import { Badge } from "@/components/ui/badge";

export function OutcomeBadge({ outcome }: { outcome: "success" | "denied" | "failure" }) {
  return <Badge tone={outcome === "success" ? "green" : outcome === "denied" ? "amber" : "red"}>{outcome}</Badge>;
}
