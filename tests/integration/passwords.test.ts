// Password policy on every path that sets a password (creation, reset), against the real database;
// the seeded demo accounts keep their documented demo1234.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/login";
import { ValidationError } from "@/lib/errors";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { loadUserActor } from "@/lib/auth/load-actor";
import { ForbiddenError } from "@/lib/errors";
import { changeOwnPassword, createUser, resetPassword } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase({ withData: false });
});
afterAll(async () => {
  await database.drop();
});

async function issueAt(promise: Promise<unknown>, path: string): Promise<string | undefined> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.find((i) => i.path === path)?.message;
}

function passwordIssue(promise: Promise<unknown>): Promise<string | undefined> {
  return issueAt(promise, "password");
}

describe("password policy", () => {
  it("refuses a weak password on creation and creates no user", async () => {
    const admin = await actorFor("admin");
    const orgId = await orgIdByName(ORGS.dongcheng);
    const input = { username: "wang_wu", name: "王五", orgId, roles: ["prosecutor"] };
    expect(await passwordIssue(createUser(admin, { ...input, password: "password1" }))).toBe("密码至少 10 位");
    expect(await passwordIssue(createUser(admin, { ...input, password: "Wang_Wu2026!" }))).toBe("密码不能包含用户名");
    expect(await passwordIssue(createUser(admin, { ...input, password: "qwertyuiop12" }))).toMatch(/过于常见/);
    expect((await authenticate({ username: "wang_wu", password: "qwertyuiop12" }, "10.9.0.1")).ok).toBe(false);
    const user = await createUser(admin, { ...input, password: "Lantern-Harbor-77" });
    expect((await authenticate({ username: user.username, password: "Lantern-Harbor-77" }, "10.9.0.2")).ok).toBe(true);
  });

  it("refuses a weak password on reset (the username in any case, a common one) and keeps the old one", async () => {
    const admin = await actorFor("admin");
    const user = await createUser(admin, { username: "zhao_liu", name: "赵六", orgId: await orgIdByName(ORGS.dongcheng), roles: ["prosecutor"], password: "Lantern-Harbor-77" });
    expect(await passwordIssue(resetPassword(admin, { id: user.id, password: "ZHAO_LIU-2026" }))).toBe("密码不能包含用户名");
    expect(await passwordIssue(resetPassword(admin, { id: user.id, password: "aaaaaaaaaa1" }))).toMatch(/过于常见/);
    expect((await authenticate({ username: "zhao_liu", password: "Lantern-Harbor-77" }, "10.9.0.3")).ok).toBe(true);
  });

  it("leaves the seeded demo accounts on their documented demo1234", async () => {
    expect((await authenticate({ username: "prosecutor", password: "demo1234" }, "10.9.0.4")).ok).toBe(true);
  });

  it("lets a signed-in user change their own password under the same policy, after proving the current one", async () => {
    const admin = await actorFor("admin");
    const user = await createUser(admin, { username: "sun_qi", name: "孙七", orgId: await orgIdByName(ORGS.dongcheng), roles: ["prosecutor"], password: "Lantern-Harbor-77" });
    const [before] = await getDb().select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, user.id));
    const self = await actorFor("sun_qi", "10.9.0.5");
    const change = (currentPassword: string, newPassword: string, confirmPassword = newPassword) => changeOwnPassword(self, { currentPassword, newPassword, confirmPassword });
    expect(await issueAt(change("wrong-password-1", "Quiet-Meadow-2026"), "currentPassword")).toBe("当前密码不正确");
    expect(await issueAt(change("Lantern-Harbor-77", "qwerty12"), "newPassword")).toBe("密码至少 10 位");
    expect(await issueAt(change("Lantern-Harbor-77", "password123"), "newPassword")).toMatch(/过于常见/);
    expect(await issueAt(change("Lantern-Harbor-77", "Sun_Qi-River-88"), "newPassword")).toBe("密码不能包含用户名");
    expect(await issueAt(change("Lantern-Harbor-77", "Quiet-Meadow-2026", "Quiet-Meadow-2025"), "confirmPassword")).toBe("两次输入的新密码不一致");

    await change("Lantern-Harbor-77", "Quiet-Meadow-2026");
    expect((await authenticate({ username: "sun_qi", password: "Lantern-Harbor-77" }, "10.9.0.6")).ok).toBe(false);
    expect((await authenticate({ username: "sun_qi", password: "Quiet-Meadow-2026" }, "10.9.0.7")).ok).toBe(true);
    const audited = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "user.change_password"), eq(auditLog.targetId, user.id)));
    expect(audited).toHaveLength(1);
    // Every session from before, the one it was changed from included, has ended.
    expect(await loadUserActor(user.id, before.sessionVersion, null)).toBeNull();
  });

  it("refuses a password change to anyone but a signed-in user", async () => {
    const { makeActor } = await import("@/lib/auth/actor");
    const keyActor = makeActor("api_key", "00000000-0000-4000-8000-000000000000", "API 密钥", { id: await orgIdByName(ORGS.dongcheng), path: "x", name: "x", level: "district" }, ["prosecutor"]);
    await expect(changeOwnPassword(keyActor, { currentPassword: "x", newPassword: "Quiet-Meadow-2026", confirmPassword: "Quiet-Meadow-2026" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
