import type { Actor } from "./auth/actor";
import { can } from "./auth/policy";
import type { Permission } from "./auth/permissions";
import type { Messages } from "./i18n/messages";

export type NavIcon = "home" | "clues" | "models" | "market" | "datasets" | "stats" | "admin";

export interface NavItem {
  href: string;
  label: string;
  icon: NavIcon;
  children?: { href: string; label: string }[];
}

interface NavEntry {
  href: string;
  key: keyof Messages["nav"];
  icon: NavIcon;
  permission: Permission;
}

const ENTRIES: NavEntry[] = [
  { href: "/", key: "home", icon: "home", permission: "home.view" },
  { href: "/clues", key: "clues", icon: "clues", permission: "clues.read" },
  { href: "/models", key: "models", icon: "models", permission: "models.read" },
  { href: "/market", key: "market", icon: "market", permission: "market.read" },
  { href: "/datasets", key: "datasets", icon: "datasets", permission: "datasets.read" },
  { href: "/stats", key: "stats", icon: "stats", permission: "stats.read" },
];

const ADMIN_ENTRIES: Omit<NavEntry, "icon">[] = [
  { href: "/admin/orgs", key: "orgs", permission: "admin.orgs" },
  { href: "/admin/users", key: "users", permission: "admin.users" },
  { href: "/admin/audit", key: "audit", permission: "admin.audit" },
  { href: "/admin/api-keys", key: "apiKeys", permission: "admin.api_keys" },
  { href: "/admin/code-lists", key: "codeLists", permission: "admin.code_lists" },
];

/** The sidebar for this actor: only the entries its roles grant. */
export function navigationFor(actor: Actor, t: Messages): NavItem[] {
  const items: NavItem[] = ENTRIES.filter((e) => can(actor, e.permission)).map((e) => ({
    href: e.href,
    label: t.nav[e.key],
    icon: e.icon,
  }));
  const admin = ADMIN_ENTRIES.filter((e) => can(actor, e.permission));
  if (admin.length > 0) {
    items.push({
      href: admin[0].href,
      label: t.nav.admin,
      icon: "admin",
      children: admin.map((e) => ({ href: e.href, label: t.nav[e.key] })),
    });
  }
  return items;
}
