import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { RateLimitedError, ValidationError } from "../errors";
import { getRedis } from "../redis";

// A preview runs a user's rule on live data. These bounds keep one user (or one API key) from
// holding the database: a statement timeout per preview and at most a few previews at a time.

/** Previews one user or key may run at once, across every web server process (held in Redis). */
export const PREVIEW_MAX_CONCURRENT = 2;

/** The preview's statement timeout (`PREVIEW_TIMEOUT_MS`, default 15 s), read per call so tests can shorten it. */
export function previewTimeoutMs(): number {
  const ms = Number(process.env.PREVIEW_TIMEOUT_MS ?? 15_000);
  return Number.isFinite(ms) && ms >= 100 ? Math.floor(ms) : 15_000;
}

// Slots are members of a sorted set scored by when they lapse, so a process that dies mid-preview
// frees its slot at the lapse instead of never: taking a slot first drops the lapsed ones.
const TAKE_SLOT = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[2], ARGV[4])
redis.call('pexpire', KEYS[1], ARGV[5])
return 1`;

/**
 * Runs `work` in one of the actor's preview slots; a third concurrent preview is refused (429).
 * The slot is given back on every way out of `work` (result, error, timeout).
 */
export async function withPreviewSlot<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
  const key = `preview:active:${actor.kind}:${actor.id}`;
  const token = randomUUID();
  // The slot outlives the statement timeout by a margin, for the time around the query.
  const ttlMs = previewTimeoutMs() + 30_000;
  const now = Date.now();
  const taken = await getRedis().eval(TAKE_SLOT, 1, key, String(now), String(now + ttlMs), String(PREVIEW_MAX_CONCURRENT), token, String(ttlMs));
  if (taken !== 1) throw new RateLimitedError(`预览过于频繁：同一用户最多同时进行 ${PREVIEW_MAX_CONCURRENT} 个预览，请等前面的预览完成后再试`, 5);
  try {
    return await work();
  } finally {
    // A failed release must not replace the preview's answer: the slot then lapses on its own.
    await getRedis()
      .zrem(key, token)
      .catch((error: unknown) => console.error("[preview] could not release a preview slot", error));
  }
}

/** PostgreSQL's query_canceled: the statement timeout fired. */
export function isStatementTimeout(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "57014";
}

/** The preview's query under its statement timeout; a timeout answers 422 with what to do. */
export function previewTimeoutError(error: unknown): unknown {
  return isStatementTimeout(error) ? new ValidationError("预览超时：请增加筛选条件", [{ path: "definition", message: `预览超过 ${Math.round(previewTimeoutMs() / 1000)} 秒未完成` }]) : error;
}
