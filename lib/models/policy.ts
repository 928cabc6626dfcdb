import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { models, modelVersions, orgs, type ModelVersionStatus } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { can, inScope, requirePermission, scopeFor } from "../auth/policy";
import { ForbiddenError } from "../errors";

/**
 * The one place that decides who sees, edits and runs a model. Every model read and write in
 * lib/models (and the runs that start from them) goes through these rules:
 *
 * - **run**: the latest published version of a model owned by the actor's org or an org above it
 *   (a province's model runs in every district; a district's never runs in its sibling).
 * - **see a published (or retired) version**: what the org may run, plus, for roles whose reading
 *   reaches the subtree (leaders), the models of the orgs below.
 * - **see a draft** (or any version still in review): the owner org only. Another org's draft
 *   answers 404, as if it did not exist.
 * - **edit** (new drafts, saving a draft, copying to a new model): `models.build` in the owner org.
 *
 * A model is visible when one of its versions is; anything not visible answers 404.
 */

/** Statuses anyone who may see the model may see; the others are work in progress of the owner org. */
export const RELEASED_STATUSES = ["published", "retired"] as const satisfies readonly ModelVersionStatus[];

/** The owner org is the actor's org or an org above it: the models an org may run. */
export function ownerIsSelfOrAbove(actor: Pick<Actor, "orgPath">): SQL {
  return sql`${actor.orgPath} like ${orgs.path} || '%'`;
}

/**
 * WHERE condition on `model_versions` joined with `models` and the owner `orgs` row: the versions
 * this actor may see. Requires `models.read` (403 otherwise).
 */
export function visibleVersionCondition(actor: Actor): SQL {
  const scope = scopeFor(actor, "models.read");
  const released = and(inArray(modelVersions.status, [...RELEASED_STATUSES]), or(ownerIsSelfOrAbove(actor), inScope(models.ownerOrgId, scope)));
  return or(eq(models.ownerOrgId, actor.orgId), released)!;
}

/** Builders edit their own org's models only. */
export function canEdit(actor: Actor, ownerOrgId: string): boolean {
  return can(actor, "models.build") && ownerOrgId === actor.orgId;
}

/**
 * Refuses an edit of a model the actor can see (callers load it through the visibility rule first,
 * so another org's draft has already answered 404): 403 for a model of another org or a role that
 * may not build.
 */
export function requireEdit(actor: Actor, ownerOrgId: string): void {
  requirePermission(actor, "models.build");
  if (ownerOrgId !== actor.orgId) throw new ForbiddenError("只能修改本院的模型；其他院的模型可“复制为新模型”后修改");
}
