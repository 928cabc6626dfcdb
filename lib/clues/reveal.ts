import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { NotFoundError, RateLimitedError } from "../errors";
import { getRedis } from "../redis";
import type { Rule } from "../rules/schema";
import { parseInput } from "../validation";
import { revealableValue } from "./evidence";
import { catalogDefinitions, loadClue } from "./queries";

/** Reveals allowed per user per window: enough to work cases, too few to harvest personal data. */
export const REVEAL_LIMITS = {
  perUser: Number(process.env.REVEAL_MAX_PER_USER ?? 30),
  windowSeconds: Number(process.env.REVEAL_WINDOW_SECONDS ?? 3600),
};

/** "subject" (the subject's ID number), "alias.field" of the evidence, or "alias[n].field" of a row an exists matched. */
const ZReveal = z.object({ field: z.string().regex(/^(subject|[a-z][a-z0-9_]{0,30}(\[\d{1,2}\])?\.[a-z][a-z0-9_]{0,62})$/, "字段无效") });

async function takeRevealToken(actor: Actor): Promise<void> {
  const key = `reveal:${actor.kind}:${actor.id}`;
  const [[, count], [, ttl]] = (await getRedis().multi().incr(key).ttl(key).expire(key, REVEAL_LIMITS.windowSeconds, "NX").exec()) as [[null, number], [null, number], [null, number]];
  if (count > REVEAL_LIMITS.perUser) {
    const wait = ttl > 0 ? ttl : REVEAL_LIMITS.windowSeconds;
    throw new RateLimitedError(`查看个人信息过于频繁（每 ${Math.round(REVEAL_LIMITS.windowSeconds / 60)} 分钟最多 ${REVEAL_LIMITS.perUser} 次），请 ${Math.ceil(wait / 60)} 分钟后再试`, wait);
  }
}

/**
 * Shows one masked value of a clue in clear: an explicit action, written to the audit log
 * (who, which clue, which field, from where) and rate-limited per user.
 */
export async function revealClueField(actor: Actor, clueId: number | string, input: unknown): Promise<string> {
  requirePermission(actor, "clues.read");
  const { field } = parseInput(ZReveal, input);
  const row = await loadClue(actor, clueId);
  let value: string | null;
  if (field === "subject") {
    value = row.clue.subjectKind === "person" ? row.clue.subjectId : null;
  } else {
    const [alias, name] = field.split(".");
    value = revealableValue(row.definition as Rule, await catalogDefinitions(), row.clue.evidence, alias, name);
  }
  if (value === null) throw new NotFoundError("可查看的个人信息");
  await takeRevealToken(actor);
  await recordAudit(actor, { action: "clue.reveal", orgId: row.clue.orgId, targetType: "clue", targetId: String(row.clue.id), detail: { title: row.clue.title, field } });
  return value;
}
