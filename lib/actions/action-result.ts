import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { actorOrThrow } from "../auth/session";
import { maskDeep, maskText } from "../datasets/mask";
import { isAppError, ValidationError, type FieldIssue } from "../errors";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; issues?: FieldIssue[] };

/**
 * The one wrapper for server actions: session → actor, then the lib/ call. Expected errors
 * show their (Chinese) message; anything else shows a generic one with a logged reference.
 */
export async function runAction<T>(fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const actor = await actorOrThrow();
    return { ok: true, data: await fn(actor) };
  } catch (error) {
    // Messages may quote what was typed or read (a cell, a literal): ID and mobile numbers masked.
    if (error instanceof ValidationError) return { ok: false, error: maskText(error.message), issues: maskDeep(error.issues) };
    if (isAppError(error)) return { ok: false, error: maskText(error.message) };
    const ref = randomUUID().slice(0, 8);
    console.error(`[action] unexpected error ${ref}`, error);
    return { ok: false, error: `系统错误，请稍后重试（参考编号 ${ref}）` };
  }
}
