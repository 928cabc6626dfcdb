import { Badge } from "@/components/ui/badge";
import type { ClueStatus } from "@/db/schema";
import { CLUE_STATUS_LABELS } from "@/lib/clues/labels";

const TONES: Record<ClueStatus, "gray" | "blue" | "green" | "red" | "amber"> = {
  new: "amber",
  assigned: "blue",
  verifying: "blue",
  confirmed: "green",
  dismissed: "gray",
  transferred: "gray",
};

export function ClueStatusBadge({ status }: { status: ClueStatus }) {
  return <Badge tone={TONES[status]}>{CLUE_STATUS_LABELS[status]}</Badge>;
}
