import { createHash } from "node:crypto";

/**
 * A clue's stored key: the md5 of the rule's dedup key text (the JSON array of key values the
 * compiled rule answers), as a uuid — what a run computes in SQL with md5(dedup_key)::uuid.
 */
export function clueKey(dedupKeyText: string): string {
  const hex = createHash("md5").update(dedupKeyText, "utf8").digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
