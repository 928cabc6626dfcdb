import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, orgs, users } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { can, inScope, scopeFor } from "../auth/policy";

export interface WaitingItem {
  label: string;
  value: number;
  href?: string;
  tone?: "normal" | "warn";
}

/** One block of the home page: what is waiting for the user in one of their roles. */
export interface WaitingSection {
  key: string;
  title: string;
  items: WaitingItem[];
  /** Shown when nothing is waiting. */
  empty: string;
}

async function adminSection(actor: Actor): Promise<WaitingSection> {
  const db = getDb();
  const userScope = scopeFor(actor, "admin.users");
  const [userCounts] = await db
    .select({
      active: sql<number>`count(*) filter (where not ${users.disabled})::int`,
      disabled: sql<number>`count(*) filter (where ${users.disabled})::int`,
    })
    .from(users)
    .where(inScope(users.orgId, userScope));
  const [orgCount] = await db.select({ n: sql<number>`count(*)::int` }).from(orgs).where(inScope(orgs.id, scopeFor(actor, "admin.orgs")));
  const [failed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.action, "auth.sign_in_failed"), gte(auditLog.at, sql`now() - interval '24 hours'`), inScope(auditLog.orgId, scopeFor(actor, "admin.audit"))));
  return {
    key: "admin",
    title: "系统管理",
    empty: "",
    items: [
      { label: "在用账号", value: userCounts.active, href: "/admin/users?status=active" },
      { label: "已停用账号", value: userCounts.disabled, href: "/admin/users?status=disabled" },
      { label: "管辖院数", value: orgCount.n, href: "/admin/orgs" },
      { label: "24 小时内登录失败", value: failed.n, href: "/admin/audit?action=auth.sign_in_failed", tone: failed.n > 0 ? "warn" : "normal" },
    ],
  };
}

// Sections for concepts later issues build (clues, models, data applications): nothing waits yet.
const PENDING_SECTIONS: { permission: Parameters<typeof can>[1]; key: string; title: string; empty: string }[] = [
  { permission: "clues.triage", key: "clues", title: "分派给我的线索", empty: "暂无分派给您的线索。模型运行发现的线索分派给您后，将按等待时间从长到短显示在这里。" },
  { permission: "stats.read", key: "stats", title: "本院监督概况", empty: "本院及下级院尚无线索数据。模型上线运行后，这里显示本月发现、成案与成案率。" },
  { permission: "models.build", key: "models", title: "我的模型", empty: "您还没有模型草稿。可在“模型”中新建，或在“模型超市”中复用他院已上架的模型。" },
  { permission: "models.review", key: "reviews", title: "待审核模型", empty: "暂无提交审核的模型。" },
  { permission: "data_applications.decide", key: "applications", title: "待审批的数据申请", empty: "暂无待审批的数据使用申请。" },
];

/** What waits for this user, one section per role it holds. */
export async function waitingFor(actor: Actor): Promise<WaitingSection[]> {
  const sections: WaitingSection[] = [];
  if (can(actor, "admin.users")) sections.push(await adminSection(actor));
  for (const s of PENDING_SECTIONS) {
    if (can(actor, s.permission)) sections.push({ key: s.key, title: s.title, items: [], empty: s.empty });
  }
  return sections;
}
