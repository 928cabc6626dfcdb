import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { orgs, users } from "@/db/schema";
import { makeActor, type Actor } from "./actor";
import { isRole } from "./permissions";

/**
 * The acting user as the database sees them now: a disabled user, or a session issued before
 * the user's roles/org/password changed (older session version), yields null.
 */
export async function loadUserActor(userId: string, sessionVersion: number, ip: string | null): Promise<Actor | null> {
  const [row] = await getDb()
    .select({ user: users, org: orgs })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || row.user.disabled || row.user.sessionVersion !== sessionVersion) return null;
  return makeActor("user", row.user.id, row.user.name, row.org, row.user.roles.filter(isRole), ip);
}
