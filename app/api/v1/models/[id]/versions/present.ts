import type { ModelVersion } from "@/db/schema";
import type { VersionSummary } from "@/lib/models/queries";

/** A version as the API answers it in lists (no definition: it can be large). */
export function presentVersion(v: VersionSummary | ModelVersion) {
  return {
    version: v.version,
    status: v.status,
    contentHash: v.contentHash,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdByName || null,
    basedOnVersion: v.basedOnVersion,
    updatedAt: v.updatedAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
  };
}

/** One version with its definition. */
export function presentVersionDetail(v: ModelVersion) {
  return { ...presentVersion(v), definition: v.definition };
}

/** "3" → 3; anything else names no version (404 as for a missing one). */
export function versionNumber(raw: string): number {
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0;
}
