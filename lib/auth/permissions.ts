/** Permissions are data: call sites ask for a permission, never for a role name. */
export const ROLES = ["admin", "leader", "prosecutor", "model_builder", "reviewer", "data_admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "home.view",
  "clues.read",
  "clues.triage",
  "clues.assign",
  "clues.reopen",
  "models.read",
  "models.run",
  "models.build",
  "models.review",
  "models.publish",
  "market.read",
  "datasets.read",
  "datasets.manage",
  "datasets.import",
  "data_applications.create",
  "data_applications.decide",
  "stats.read",
  "admin.orgs",
  "admin.users",
  "admin.audit",
  "admin.api_keys",
  "admin.code_lists",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ["home.view", "admin.orgs", "admin.users", "admin.audit", "admin.api_keys", "admin.code_lists"],
  leader: ["home.view", "clues.read", "clues.assign", "clues.reopen", "models.read", "models.run", "market.read", "stats.read", "datasets.read"],
  prosecutor: ["home.view", "clues.read", "clues.triage", "models.read", "models.run"],
  model_builder: [
    "home.view",
    "models.read",
    "models.run",
    "models.build",
    "market.read",
    "datasets.read",
    "data_applications.create",
  ],
  reviewer: ["home.view", "models.read", "models.review", "models.publish", "market.read"],
  data_admin: [
    "home.view",
    "datasets.read",
    "datasets.manage",
    "datasets.import",
    "data_applications.decide",
  ],
};

/**
 * The roles an API key may act as (its scopes, chosen at creation). A key's actor holds the union of
 * their permissions, in the key's own org only; admin and leader rights are never given to a machine.
 */
export const API_KEY_SCOPES = ["data_admin", "prosecutor", "model_builder", "reviewer"] as const satisfies readonly Role[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** How far a role's rights reach: its own org, or its org and every org below it. */
export type ScopeKind = "org" | "subtree";
export const ROLE_SCOPE: Record<Role, ScopeKind> = {
  admin: "subtree",
  leader: "subtree",
  prosecutor: "org",
  model_builder: "org",
  reviewer: "org",
  data_admin: "org",
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: "系统管理员", en: "Administrator" },
  leader: { zh: "院领导", en: "Leader" },
  prosecutor: { zh: "检察官", en: "Prosecutor" },
  model_builder: { zh: "模型建设者", en: "Model builder" },
  reviewer: { zh: "审核员", en: "Reviewer" },
  data_admin: { zh: "数据管理员", en: "Data admin" },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsFor(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

/** The widest scope among the roles that grant `permission`, or null when none does. */
export function scopeKindFor(roles: readonly Role[], permission: Permission): ScopeKind | null {
  const granting = roles.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
  if (granting.length === 0) return null;
  return granting.some((role) => ROLE_SCOPE[role] === "subtree") ? "subtree" : "org";
}
