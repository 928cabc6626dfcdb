import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { hashPassword, verifyPassword } from "../auth/password";
import { containsUsername, PASSWORD_MESSAGES } from "../auth/password-policy";
import { requirePermission } from "../auth/policy";
import { isUniqueViolation } from "../db-errors";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { loginLockState, recordLoginFailure } from "../auth/rate-limit";
import { getOrg } from "../orgs/queries";
import { parseInput } from "../validation";
import { getUser, type UserView } from "./queries";
import { ZChangeOwnPasswordInput, ZCreateUserInput, ZResetPasswordInput, ZSetDisabledInput, ZUpdateUserInput } from "./schemas";

// Every change to who a user is or may do ends their current sessions (checked on each request).
const bumpSession = { sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` };

export async function createUser(actor: Actor, input: unknown): Promise<UserView> {
  requirePermission(actor, "admin.users");
  const data = parseInput(ZCreateUserInput, input);
  const org = await getOrg(actor, data.orgId, "admin.users");
  const passwordHash = await hashPassword(data.password);
  try {
    const id = await getDb().transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ username: data.username, name: data.name, orgId: org.id, roles: data.roles, passwordHash })
        .returning({ id: users.id });
      await recordAudit(actor, { action: "user.create", orgId: org.id, targetType: "user", targetId: user.id, detail: { username: data.username, name: data.name, roles: data.roles, org: org.name } }, tx);
      return user.id;
    });
    return getUser(actor, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`用户名“${data.username}”已被使用`);
    throw error;
  }
}

/** Changes name, org and roles; a change of org or roles signs the user out everywhere. */
export async function updateUser(actor: Actor, input: unknown): Promise<UserView> {
  requirePermission(actor, "admin.users");
  const data = parseInput(ZUpdateUserInput, input);
  const current = await getUser(actor, data.id);
  const org = await getOrg(actor, data.orgId, "admin.users");
  if (current.id === actor.id && !data.roles.includes("admin")) {
    throw new ValidationError("不能移除自己的系统管理员角色", [{ path: "roles", message: "不能移除自己的系统管理员角色" }]);
  }
  const rolesChanged = [...current.roles].sort().join() !== [...data.roles].sort().join();
  const orgChanged = current.orgId !== org.id;
  await getDb().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ name: data.name, orgId: org.id, roles: data.roles, ...(rolesChanged || orgChanged ? bumpSession : { updatedAt: sql`now()` }) })
      .where(eq(users.id, current.id));
    await recordAudit(actor, { action: "user.update", orgId: org.id, targetType: "user", targetId: current.id, detail: { name: [current.name, data.name], org: [current.orgName, org.name], roles: [current.roles, data.roles] } }, tx);
  });
  return getUser(actor, current.id);
}

export async function setUserDisabled(actor: Actor, input: unknown): Promise<UserView> {
  requirePermission(actor, "admin.users");
  const data = parseInput(ZSetDisabledInput, input);
  const current = await getUser(actor, data.id);
  if (current.id === actor.id && data.disabled) throw new ValidationError("不能停用自己的账号");
  await getDb().transaction(async (tx) => {
    await tx.update(users).set({ disabled: data.disabled, ...bumpSession }).where(eq(users.id, current.id));
    await recordAudit(actor, { action: data.disabled ? "user.disable" : "user.enable", orgId: current.orgId, targetType: "user", targetId: current.id, detail: { username: current.username } }, tx);
  });
  return getUser(actor, current.id);
}

function passwordIssue(path: string, message: string): ValidationError {
  return new ValidationError(`输入有误 — ${message}`, [{ path, message }]);
}

/**
 * A signed-in user sets a new password after proving the current one; the same policy as a reset.
 * A wrong current password counts as a failed sign-in (per account and IP), so this form cannot be used
 * to guess it. Every session of the user ends, this one included: they sign in again with the new one.
 */
export async function changeOwnPassword(actor: Actor, input: unknown): Promise<void> {
  if (actor.kind !== "user") throw new ForbiddenError("只有登录用户可以修改自己的密码");
  const data = parseInput(ZChangeOwnPasswordInput, input);
  const [user] = await getDb().select().from(users).where(eq(users.id, actor.id));
  if (!user) throw new ForbiddenError("账号不存在");
  const ip = actor.ip ?? "unknown";
  const lock = await loginLockState(user.username, ip);
  if (lock.locked) throw passwordIssue("currentPassword", `尝试次数过多，请 ${Math.ceil(lock.retryAfterSeconds / 60)} 分钟后再试`);
  if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
    await recordLoginFailure(user.username, ip);
    throw passwordIssue("currentPassword", "当前密码不正确");
  }
  if (containsUsername(data.newPassword, user.username)) throw passwordIssue("newPassword", PASSWORD_MESSAGES.containsUsername);
  const passwordHash = await hashPassword(data.newPassword);
  await getDb().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, ...bumpSession }).where(eq(users.id, user.id));
    await recordAudit(actor, { action: "user.change_password", orgId: user.orgId, targetType: "user", targetId: user.id, detail: { username: user.username } }, tx);
  });
}

export async function resetPassword(actor: Actor, input: unknown): Promise<void> {
  requirePermission(actor, "admin.users");
  const data = parseInput(ZResetPasswordInput, input);
  const current = await getUser(actor, data.id);
  if (containsUsername(data.password, current.username)) throw passwordIssue("password", PASSWORD_MESSAGES.containsUsername);
  const passwordHash = await hashPassword(data.password);
  await getDb().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, ...bumpSession }).where(eq(users.id, current.id));
    await recordAudit(actor, { action: "user.reset_password", orgId: current.orgId, targetType: "user", targetId: current.id, detail: { username: current.username } }, tx);
  });
}
