// Password policy on every path that sets a password (creation, reset), against the real database;
// the seeded demo accounts keep their documented demo1234.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/login";
import { ValidationError } from "@/lib/errors";
import { createUser, resetPassword } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase({ withData: false });
});
afterAll(async () => {
  await database.drop();
});

async function passwordIssue(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.find((i) => i.path === "password")?.message;
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
});
