// Sign-in against the real Postgres and Redis: passwords, lock-outs, disabled accounts, and
// sessions that end when an admin changes the user.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { loadUserActor } from "@/lib/auth/load-actor";
import { authenticate } from "@/lib/auth/login";
import { LOGIN_LIMITS } from "@/lib/auth/rate-limit";
import { createUser, resetPassword, setUserDisabled, updateUser } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
});
afterAll(async () => {
  await database.drop();
});

const PASSWORD = "Right-Answer-2026";
const unique = (): string => randomBytes(4).toString("hex");
const freshIp = (): string => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

/** A user no other test touches (Redis lock-out counters are keyed by username). */
async function freshUser(): Promise<{ id: string; username: string }> {
  const admin = await actorFor("admin");
  const username = `u_${unique()}`;
  const user = await createUser(admin, { username, name: "测试用户", orgId: await orgIdByName(ORGS.dongcheng), roles: ["prosecutor"], password: PASSWORD });
  return { id: user.id, username };
}

async function sessionVersionOf(id: string): Promise<number> {
  const [row] = await getDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, id));
  return row.sv;
}

describe("authenticate", () => {
  it("accepts the right password and audits the sign-in with the IP", async () => {
    const user = await freshUser();
    const ip = freshIp();
    const result = await authenticate({ username: user.username, password: PASSWORD }, ip);
    expect(result.ok).toBe(true);
    const entries = await getDb().select().from(auditLog).where(and(eq(auditLog.actorId, user.id), eq(auditLog.action, "auth.sign_in")));
    expect(entries).toHaveLength(1);
    expect(entries[0].ip).toBe(ip);
  });

  it("refuses a wrong password and audits the failure", async () => {
    const user = await freshUser();
    const result = await authenticate({ username: user.username, password: "wrong9999" }, freshIp());
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const entries = await getDb().select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.sign_in_failed")));
    expect(entries).toHaveLength(1);
    expect(entries[0].detail).toEqual({ reason: "invalid" });
  });

  it(`locks an account after ${LOGIN_LIMITS.perAccount} wrong passwords, even from different IPs and with the right password`, async () => {
    const user = await freshUser();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      expect((await authenticate({ username: user.username, password: `wrong${i}xx` }, freshIp())).ok).toBe(false);
    }
    const locked = await authenticate({ username: user.username, password: PASSWORD }, freshIp());
    expect(locked.ok).toBe(false);
    expect(locked.ok ? null : locked.reason).toBe("rate_limited");
    expect(locked.ok ? 0 : locked.retryAfterSeconds).toBeGreaterThan(0);
  });

  it(`locks an IP after ${LOGIN_LIMITS.perIp} failures across accounts, and only that IP`, async () => {
    const user = await freshUser();
    const ip = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) {
      await authenticate({ username: `nobody_${unique()}`, password: "guess1234" }, ip);
    }
    const fromLockedIp = await authenticate({ username: user.username, password: PASSWORD }, ip);
    expect(fromLockedIp.ok ? null : fromLockedIp.reason).toBe("rate_limited");
    expect((await authenticate({ username: user.username, password: PASSWORD }, freshIp())).ok).toBe(true);
  });

  it("refuses a disabled user who knows the password", async () => {
    const user = await freshUser();
    await setUserDisabled(await actorFor("admin"), { id: user.id, disabled: true });
    const result = await authenticate({ username: user.username, password: PASSWORD }, freshIp());
    expect(result).toEqual({ ok: false, reason: "disabled" });
  });

  it("matches usernames case-insensitively", async () => {
    const user = await freshUser();
    expect((await authenticate({ username: user.username.toUpperCase(), password: PASSWORD }, freshIp())).ok).toBe(true);
  });
});

describe("sessions end when the admin changes the user", () => {
  it("a session stops working once the user is disabled", async () => {
    const user = await freshUser();
    const sv = await sessionVersionOf(user.id);
    expect(await loadUserActor(user.id, sv, null)).not.toBeNull();
    await setUserDisabled(await actorFor("admin"), { id: user.id, disabled: true });
    expect(await loadUserActor(user.id, sv, null)).toBeNull();
    expect(await loadUserActor(user.id, await sessionVersionOf(user.id), null)).toBeNull();
  });

  it("a session issued before a role change or password reset stops working; a new one carries the new roles", async () => {
    const admin = await actorFor("admin");
    const user = await freshUser();
    const before = await sessionVersionOf(user.id);
    await updateUser(admin, { id: user.id, name: "测试用户", orgId: await orgIdByName(ORGS.dongcheng), roles: ["prosecutor", "model_builder"] });
    expect(await loadUserActor(user.id, before, null)).toBeNull();
    const fresh = await loadUserActor(user.id, await sessionVersionOf(user.id), null);
    expect(fresh?.permissions.has("models.build")).toBe(true);
    const beforeReset = await sessionVersionOf(user.id);
    await resetPassword(admin, { id: user.id, password: "Fresh-Start-2026" });
    expect(await loadUserActor(user.id, beforeReset, null)).toBeNull();
    expect((await authenticate({ username: user.username, password: "Fresh-Start-2026" }, freshIp())).ok).toBe(true);
  });

  it("a rename alone keeps the session", async () => {
    const user = await freshUser();
    const sv = await sessionVersionOf(user.id);
    await updateUser(await actorFor("admin"), { id: user.id, name: "改名后", orgId: await orgIdByName(ORGS.dongcheng), roles: ["prosecutor"] });
    expect((await loadUserActor(user.id, sv, null))?.name).toBe("改名后");
  });
});
