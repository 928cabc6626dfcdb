import { ROLES, ROLE_LABELS } from "../auth/permissions";
import type { Locale } from "../i18n/messages";
import { ORG_LEVEL_LABELS } from "../orgs/levels";
import type { Org } from "@/db/schema";

/** Select options for the user form: orgs indented by level, roles by label. */
export function orgOptions(orgList: Org[], locale: Locale): { value: string; label: string }[] {
  const indent: Record<Org["level"], string> = { province: "", city: "　", district: "　　" };
  return orgList.map((o) => ({ value: o.id, label: `${indent[o.level]}${o.name}（${ORG_LEVEL_LABELS[o.level][locale]}）` }));
}

export function roleOptions(locale: Locale): { value: string; label: string }[] {
  return ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][locale] }));
}
