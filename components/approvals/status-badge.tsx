import { Badge, type Tone } from "@/components/ui/badge";

const TONES: Record<string, Tone> = {
  PENDING: "amber",
  APPROVED: "green",
  PROVISIONED: "green",
  PROVISIONING: "blue",
  DENIED: "red",
  FAILED: "red",
  EXPIRED: "slate",
  CANCELLED: "slate",
};

export function RequestStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{status.toLowerCase()}</Badge>;
}
