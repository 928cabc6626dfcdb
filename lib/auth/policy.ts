import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { orgs } from "@/db/schema";
import { ForbiddenError, NotFoundError } from "../errors";
import type { Actor } from "./actor";
import { scopeKindFor, type Permission } from "./permissions";

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** Throws 403 when the actor's roles do not grant `permission`. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new ForbiddenError();
}

export interface OrgScope {
  kind: "org" | "subtree";
  orgId: string;
  orgPath: string;
}

/** The orgs `permission` reaches for this actor (taken from the session, never from client input). */
export function scopeFor(actor: Actor, permission: Permission): OrgScope {
  const kind = scopeKindFor(actor.roles, permission);
  if (!kind) throw new ForbiddenError();
  return { kind, orgId: actor.orgId, orgPath: actor.orgPath };
}

/** Escapes LIKE wildcards; paths are ids and slashes, but the prefix must never widen. */
function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A WHERE condition restricting an org-id column to the scope (one indexed subquery for a subtree). */
export function inScope(column: PgColumn | SQL, scope: OrgScope): SQL {
  if (scope.kind === "org") return sql`${column} = ${scope.orgId}`;
  return sql`${column} in (select ${orgs.id} from ${orgs} where ${orgs.path} like ${likePrefix(scope.orgPath)})`;
}

/** Whether an org (by its path) lies inside the scope. */
export function pathInScope(path: string, scope: OrgScope): boolean {
  return scope.kind === "org" ? path === scope.orgPath : path.startsWith(scope.orgPath);
}

/** Out of scope answers 404 so another org's resource is never revealed. */
export function assertPathInScope(path: string, scope: OrgScope, what: string): void {
  if (!pathInScope(path, scope)) throw new NotFoundError(what);
}
