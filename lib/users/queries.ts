import "server-only";
import { and, asc, eq, ilike, or, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { orgs, users } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { inScope, scopeFor } from "../auth/policy";
import { isRole, type Role } from "../auth/permissions";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { ZUserFilter } from "./schemas";

/** A user as admins see it (never the password hash). */
export interface UserView {
  id: string;
  username: string;
  name: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  roles: Role[];
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const userColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  orgId: users.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  roles: users.roles,
  disabled: users.disabled,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

function toView(row: Omit<UserView, "roles"> & { roles: string[] }): UserView {
  return { ...row, roles: row.roles.filter(isRole) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Users of the orgs the admin manages, filtered by name/username, org and status. */
export async function listUsers(actor: Actor, filter: unknown = {}): Promise<UserView[]> {
  const scope = scopeFor(actor, "admin.users");
  const f = parseInput(ZUserFilter, filter);
  const conditions: SQL[] = [inScope(users.orgId, scope)];
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    conditions.push(or(ilike(users.name, pattern), ilike(users.username, pattern))!);
  }
  if (f.orgId) conditions.push(eq(users.orgId, f.orgId));
  if (f.status !== "all") conditions.push(eq(users.disabled, f.status === "disabled"));
  const rows = await getDb()
    .select(userColumns)
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(...conditions))
    .orderBy(asc(orgs.path), asc(users.name))
    .limit(500);
  return rows.map(toView);
}

/** One user inside the admin's scope; 404 otherwise. */
export async function getUser(actor: Actor, id: string): Promise<UserView> {
  const scope = scopeFor(actor, "admin.users");
  const [row] = await getDb()
    .select(userColumns)
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.id, id), inScope(users.orgId, scope)))
    .limit(1);
  if (!row) throw new NotFoundError("用户");
  return toView(row);
}
