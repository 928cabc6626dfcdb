import { describe, expect, it } from "vitest";
import { ForbiddenError, NotFoundError } from "../errors";
import { makeActor } from "./actor";
import { assertPathInScope, pathInScope, requirePermission, scopeFor } from "./policy";

const city = { id: "c1", path: "/p/c1/", name: "临江市人民检察院", level: "city" as const };

describe("scopes", () => {
  it("a subtree scope covers the org and its descendants only", () => {
    const leader = makeActor("user", "u1", "吴海", city, ["leader"]);
    const scope = scopeFor(leader, "stats.read");
    expect(pathInScope("/p/c1/", scope)).toBe(true);
    expect(pathInScope("/p/c1/d1/", scope)).toBe(true);
    expect(pathInScope("/p/c2/", scope)).toBe(false);
    expect(pathInScope("/p/", scope)).toBe(false);
  });

  it("an org scope covers the org alone", () => {
    const prosecutor = makeActor("user", "u2", "陈静", city, ["prosecutor"]);
    const scope = scopeFor(prosecutor, "clues.read");
    expect(pathInScope("/p/c1/", scope)).toBe(true);
    expect(pathInScope("/p/c1/d1/", scope)).toBe(false);
    expect(() => assertPathInScope("/p/c1/d1/", scope, "线索")).toThrow(NotFoundError);
  });

  it("a missing permission is 403", () => {
    const prosecutor = makeActor("user", "u2", "陈静", city, ["prosecutor"]);
    expect(() => requirePermission(prosecutor, "admin.users")).toThrow(ForbiddenError);
    expect(() => scopeFor(prosecutor, "admin.users")).toThrow(ForbiddenError);
  });
});
