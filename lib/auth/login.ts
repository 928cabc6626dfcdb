import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { recordAuditRaw } from "../audit/record";
import { burnPasswordCheck, verifyPassword } from "./password";
import { clearLoginFailures, loginLockState, recordLoginFailure } from "./rate-limit";

export const ZLoginInput = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(64),
  password: z.string().min(1, "请输入密码").max(256),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export type LoginFailure = "invalid" | "rate_limited" | "disabled";

export type LoginResult =
  | { ok: true; userId: string; name: string; sessionVersion: number }
  | { ok: false; reason: LoginFailure; retryAfterSeconds?: number };

/**
 * Checks a sign-in attempt: rate limit (per account and per IP, in Redis), password, account state.
 * Every attempt, good or bad, is audited.
 */
export async function authenticate(input: TLoginInput, ip: string | null): Promise<LoginResult> {
  const db = getDb();
  const clientIp = ip ?? "unknown";
  const lock = await loginLockState(input.username, clientIp);
  if (lock.locked) {
    await audit(null, input.username, null, ip, "rate_limited");
    return { ok: false, reason: "rate_limited", retryAfterSeconds: lock.retryAfterSeconds };
  }
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()))
    .limit(1);
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !passwordOk) {
    await recordLoginFailure(input.username, clientIp);
    await audit(user?.id ?? null, input.username, user?.orgId ?? null, ip, "invalid");
    return { ok: false, reason: "invalid" };
  }
  if (user.disabled) {
    await audit(user.id, user.name, user.orgId, ip, "disabled");
    return { ok: false, reason: "disabled" };
  }
  await clearLoginFailures(input.username);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await recordAuditRaw(
    { actorId: user.id, actorName: user.name, ip },
    { action: "auth.sign_in", orgId: user.orgId, targetType: "user", targetId: user.id },
  );
  return { ok: true, userId: user.id, name: user.name, sessionVersion: user.sessionVersion };
}

async function audit(
  userId: string | null,
  name: string,
  orgId: string | null,
  ip: string | null,
  reason: LoginFailure,
): Promise<void> {
  await recordAuditRaw(
    { actorId: userId, actorName: name, ip },
    { action: "auth.sign_in_failed", orgId, targetType: "user", targetId: userId ?? undefined, detail: { reason } },
  );
}
