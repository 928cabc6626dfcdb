import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { orgs, users, type Org } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { inScope, scopeFor } from "../auth/policy";
import type { Permission } from "../auth/permissions";
import { NotFoundError } from "../errors";

/** The orgs `permission` reaches for this actor, in tree order (parents before children). */
export async function listOrgs(actor: Actor, permission: Permission): Promise<Org[]> {
  const scope = scopeFor(actor, permission);
  return getDb().select().from(orgs).where(inScope(orgs.id, scope)).orderBy(asc(orgs.path));
}

/** One org inside the actor's scope for `permission`; 404 otherwise. */
export async function getOrg(actor: Actor, id: string, permission: Permission): Promise<Org> {
  const scope = scopeFor(actor, permission);
  const [org] = await getDb()
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), inScope(orgs.id, scope)))
    .limit(1);
  if (!org) throw new NotFoundError("院");
  return org;
}

export interface OrgNode extends Org {
  children: OrgNode[];
}

/** Nests a path-ordered list into trees (roots are the orgs whose parent is not in the list). */
export function buildOrgTree(list: Org[]): OrgNode[] {
  const byId = new Map<string, OrgNode>(list.map((o) => [o.id, { ...o, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export interface OrgSummary extends Org {
  userCount: number;
}

/** The orgs an admin manages, with how many users each has. */
export async function listOrgSummaries(actor: Actor): Promise<OrgSummary[]> {
  const scope = scopeFor(actor, "admin.orgs");
  const counts = getDb()
    .select({ orgId: users.orgId, n: sql<number>`count(*)::int`.as("n") })
    .from(users)
    .groupBy(users.orgId)
    .as("user_counts");
  const rows = await getDb()
    .select({ org: orgs, userCount: counts.n })
    .from(orgs)
    .leftJoin(counts, eq(counts.orgId, orgs.id))
    .where(inScope(orgs.id, scope))
    .orderBy(asc(orgs.path));
  return rows.map((r) => ({ ...r.org, userCount: r.userCount ?? 0 }));
}
