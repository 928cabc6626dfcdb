import type { OrgLevel } from "@/db/schema";

export const ORG_LEVEL_LABELS: Record<OrgLevel, { zh: string; en: string }> = {
  province: { zh: "省院", en: "Provincial" },
  city: { zh: "市院", en: "City" },
  district: { zh: "基层院", en: "District" },
};

/** The level of a child org; districts have none. */
export function childLevel(level: OrgLevel): OrgLevel | null {
  if (level === "province") return "city";
  if (level === "city") return "district";
  return null;
}
