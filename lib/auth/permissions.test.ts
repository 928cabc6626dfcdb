import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, permissionsFor, scopeKindFor, type Permission, type Role } from "./permissions";

// The role × permission table, written out: a change to ROLE_PERMISSIONS must change this too.
const EXPECTED: Record<Role, Permission[]> = {
  admin: ["home.view", "admin.orgs", "admin.users", "admin.audit", "admin.api_keys", "admin.code_lists"],
  leader: ["home.view", "clues.read", "clues.assign", "clues.reopen", "models.read", "models.run", "market.read", "stats.read", "datasets.read"],
  prosecutor: ["home.view", "clues.read", "clues.triage", "models.read", "models.run"],
  model_builder: ["home.view", "models.read", "models.run", "models.build", "market.read", "datasets.read", "data_applications.create"],
  reviewer: ["home.view", "models.read", "models.review", "models.publish", "market.read"],
  data_admin: ["home.view", "datasets.read", "datasets.manage", "datasets.import", "data_applications.decide"],
};

describe("role × permission", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const granted = EXPECTED[role].includes(permission);
      it(`${role} ${granted ? "has" : "lacks"} ${permission}`, () => {
        expect(permissionsFor([role]).has(permission)).toBe(granted);
      });
    }
  }

  it("unions the permissions of several roles", () => {
    const both = permissionsFor(["prosecutor", "model_builder"]);
    expect(both.has("clues.triage")).toBe(true);
    expect(both.has("models.build")).toBe(true);
    expect(both.has("stats.read")).toBe(false);
  });
});

describe("scopeKindFor", () => {
  it("gives leaders and admins their subtree, everyone else their own org", () => {
    expect(scopeKindFor(["leader"], "clues.read")).toBe("subtree");
    expect(scopeKindFor(["prosecutor"], "clues.read")).toBe("org");
    expect(scopeKindFor(["admin"], "admin.users")).toBe("subtree");
  });

  it("takes the widest scope among the roles that grant the permission", () => {
    expect(scopeKindFor(["prosecutor", "leader"], "clues.read")).toBe("subtree");
    // leader does not grant clues.triage, so triage stays within the own org
    expect(scopeKindFor(["prosecutor", "leader"], "clues.triage")).toBe("org");
  });

  it("is null when no role grants the permission", () => {
    expect(scopeKindFor(["prosecutor"], "admin.users")).toBeNull();
  });
});
