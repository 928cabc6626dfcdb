import "server-only";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "../auth/actor";
import type { AuditAction } from "./actions";

export interface AuditEvent {
  action: AuditAction;
  orgId: string | null;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

type Executor = Pick<Db, "insert">;

/** Writes one audit entry for an actor; pass the transaction so the entry commits with the change. */
export async function recordAudit(actor: Actor, event: AuditEvent, executor: Executor = getDb()): Promise<void> {
  await recordAuditRaw(
    { actorId: actor.kind === "system" ? null : actor.id, actorName: actor.name, ip: actor.ip },
    event,
    executor,
  );
}

export interface AuditWho {
  actorId: string | null;
  actorName: string;
  ip: string | null;
}

/** For events without a signed-in actor (a failed sign-in names only the attempted account). */
export async function recordAuditRaw(who: AuditWho, event: AuditEvent, executor: Executor = getDb()): Promise<void> {
  await executor.insert(auditLog).values({
    actorId: who.actorId,
    actorName: who.actorName,
    ip: who.ip,
    orgId: event.orgId,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    detail: event.detail ?? null,
  });
}
