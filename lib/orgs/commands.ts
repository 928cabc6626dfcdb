import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { orgs, type Org } from "@/db/schema";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { isUniqueViolation } from "../db-errors";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { childLevel } from "./levels";
import { getOrg } from "./queries";
import { ZCreateOrgInput, ZRenameOrgInput } from "./schemas";

/** Creates an org under a parent the admin manages; the level follows the parent's. */
export async function createOrg(actor: Actor, input: unknown): Promise<Org> {
  requirePermission(actor, "admin.orgs");
  const data = parseInput(ZCreateOrgInput, input);
  const parent = await getOrg(actor, data.parentId, "admin.orgs");
  const level = childLevel(parent.level);
  if (!level) throw new ValidationError("基层院下不能再设下级院", [{ path: "parentId", message: "基层院下不能再设下级院" }]);
  const id = randomUUID();
  try {
    return await getDb().transaction(async (tx) => {
      const [org] = await tx
        .insert(orgs)
        .values({ id, name: data.name, level, parentId: parent.id, path: `${parent.path}${id}/` })
        .returning();
      await recordAudit(actor, { action: "org.create", orgId: org.id, targetType: "org", targetId: org.id, detail: { name: org.name, parent: parent.name } }, tx);
      return org;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`“${parent.name}”下已有名为“${data.name}”的院`);
    throw error;
  }
}

export async function renameOrg(actor: Actor, input: unknown): Promise<Org> {
  requirePermission(actor, "admin.orgs");
  const data = parseInput(ZRenameOrgInput, input);
  const current = await getOrg(actor, data.id, "admin.orgs");
  try {
    return await getDb().transaction(async (tx) => {
      const [org] = await tx.update(orgs).set({ name: data.name, updatedAt: new Date() }).where(eq(orgs.id, current.id)).returning();
      await recordAudit(actor, { action: "org.rename", orgId: org.id, targetType: "org", targetId: org.id, detail: { from: current.name, to: org.name } }, tx);
      return org;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`同一上级院下已有名为“${data.name}”的院`);
    throw error;
  }
}
