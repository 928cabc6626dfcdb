// Org scope: another org's users, orgs and audit entries answer 404; a wrong role answers 403;
// a leader reaches its subtree and nothing beside it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit/queries";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { createOrg, renameOrg } from "@/lib/orgs/commands";
import { getOrg, listOrgs } from "@/lib/orgs/queries";
import { createUser, resetPassword, setUserDisabled, updateUser } from "@/lib/users/commands";
import { getUser, listUsers } from "@/lib/users/queries";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, userIdByUsername } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("an admin of one city (临江) facing the other city (青山)", () => {
  it("lists only the users of its own subtree", async () => {
    const admin = await actorFor("city_admin");
    const usernames = (await listUsers(admin)).map((u) => u.username).sort();
    expect(usernames).toContain("prosecutor"); // 东城区, below 临江
    expect(usernames).toContain("builder"); // 临江 itself
    expect(usernames).not.toContain("prosecutor_nanhu"); // 青山 南湖区
    expect(usernames).not.toContain("admin"); // the province above
  });

  it("gets 404 reading, changing, disabling or resetting a user of 青山", async () => {
    const admin = await actorFor("city_admin");
    const victim = await userIdByUsername("prosecutor_nanhu");
    const ownOrg = await orgIdByName(ORGS.dongcheng);
    await expect(getUser(admin, victim)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateUser(admin, { id: victim, name: "篡改", orgId: ownOrg, roles: ["prosecutor"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setUserDisabled(admin, { id: victim, disabled: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(resetPassword(admin, { id: victim, password: "Hijack-Attempt-2026" })).rejects.toBeInstanceOf(NotFoundError);
    const after = await getUser(await actorFor("admin"), victim);
    expect(after.name).toBe("刘洋");
    expect(after.disabled).toBe(false);
  });

  it("gets 404 creating a user in, or moving its own user into, an org of 青山", async () => {
    const admin = await actorFor("city_admin");
    const nanhu = await orgIdByName(ORGS.nanhu);
    await expect(
      createUser(admin, { username: "intruder", name: "入侵者", orgId: nanhu, roles: ["prosecutor"], password: "Jiancha-River-2026" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const own = await userIdByUsername("multi");
    await expect(updateUser(admin, { id: own, name: "黄晓", orgId: nanhu, roles: ["prosecutor"] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("gets 404 reading, renaming or adding below an org of 青山", async () => {
    const admin = await actorFor("city_admin");
    const qingshan = await orgIdByName(ORGS.qingshan);
    await expect(getOrg(admin, qingshan, "admin.orgs")).rejects.toBeInstanceOf(NotFoundError);
    await expect(renameOrg(admin, { id: qingshan, name: "被篡改的院" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createOrg(admin, { parentId: qingshan, name: "青山市新区人民检察院" })).rejects.toBeInstanceOf(NotFoundError);
    const names = (await listOrgs(await actorFor("admin"), "admin.orgs")).map((o) => o.name);
    expect(names).toContain(ORGS.qingshan);
    expect(names).not.toContain("被篡改的院");
    expect(names).not.toContain("青山市新区人民检察院");
  });

  it("cannot read 青山's audit entries", async () => {
    const qingshanAdmin = await actorFor("admin_qingshan");
    const linjiangAdmin = await actorFor("city_admin");
    await recordAudit(qingshanAdmin, { action: "user.update", orgId: qingshanAdmin.orgId, targetType: "user", targetId: "x", detail: { name: "青山的秘密" } });
    const seen = await listAuditEntries(linjiangAdmin, { limit: 200 });
    expect(seen.items.some((e) => e.orgId === qingshanAdmin.orgId)).toBe(false);
    const own = await listAuditEntries(qingshanAdmin, { limit: 200 });
    expect(own.items.some((e) => e.detail?.name === "青山的秘密")).toBe(true);
  });

  it("manages its own subtree: creates a district and a user there", async () => {
    const admin = await actorFor("city_admin");
    const linjiang = await orgIdByName(ORGS.linjiang);
    const district = await createOrg(admin, { parentId: linjiang, name: "临江市高新区人民检察院" });
    expect(district.level).toBe("district");
    expect(district.path.startsWith(admin.orgPath)).toBe(true);
    const user = await createUser(admin, { username: "gaoxin_p", name: "高新检察官", orgId: district.id, roles: ["prosecutor"], password: "Jiancha-River-2026" });
    expect(user.orgName).toBe("临江市高新区人民检察院");
    await expect(createOrg(admin, { parentId: district.id, name: "不存在的第四级" })).rejects.toThrow("基层院下不能再设下级院");
  });
});

describe("roles inside one's own scope", () => {
  it("refuses a prosecutor the admin functions with 403, not 404", async () => {
    const prosecutor = await actorFor("prosecutor");
    await expect(listUsers(prosecutor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(renameOrg(prosecutor, { id: prosecutor.orgId, name: "改名" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAuditEntries(prosecutor)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("gives a leader its org and the orgs below, not a sibling city or the province", async () => {
    const leader = await actorFor("city_leader");
    const names = (await listOrgs(leader, "stats.read")).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining([ORGS.linjiang, ORGS.dongcheng, ORGS.xicheng]));
    for (const outside of [ORGS.province, ORGS.qingshan, ORGS.nanhu, ORGS.beiling]) expect(names).not.toContain(outside);
    await expect(getOrg(leader, await orgIdByName(ORGS.nanhu), "stats.read")).rejects.toBeInstanceOf(NotFoundError);
    const provinceLeader = await actorFor("leader");
    expect((await listOrgs(provinceLeader, "stats.read")).map((o) => o.name)).toEqual(expect.arrayContaining(Object.values(ORGS)));
  });

  it("keeps a prosecutor to its own org, even for a permission a leader would have wider", async () => {
    const prosecutor = await actorFor("prosecutor");
    const names = (await listOrgs(prosecutor, "clues.read")).map((o) => o.name);
    expect(names).toEqual([ORGS.dongcheng]);
  });
});
