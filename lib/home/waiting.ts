import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, orgs, users } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { can, inScope, scopeFor } from "../auth/policy";
import type { Permission } from "../auth/permissions";
import { clueStatusCounts, myWaitingClues, type WaitingClue } from "../clues/queries";
import { listApplications } from "../datasets/applications";
import { CONVERSION_FLOOR, getDashboard } from "../stats/dashboard";

export type WaitingItemKey = "activeUsers" | "disabledUsers" | "orgs" | "failedSignIns" | "pendingApplications" | "myClues" | "newClues" | "monthFound" | "monthConfirmed" | "monthConversion" | "backlog";
export type WaitingSectionKey = "admin" | "clues" | "stats" | "models" | "reviews" | "applications";

export interface WaitingItem {
  key: WaitingItemKey;
  value: number;
  /** How the value reads when it is not a plain count (a rate). */
  display?: string;
  href?: string;
  tone?: "normal" | "warn";
}

/** One block of the home page: what is waiting for the user in one of their roles. */
export interface WaitingSection {
  key: WaitingSectionKey;
  items: WaitingItem[];
  /** The prosecutor's own clues, longest-waiting first. */
  clues?: WaitingClue[];
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
    items: [
      { key: "activeUsers", value: userCounts.active, href: "/admin/users?status=active" },
      { key: "disabledUsers", value: userCounts.disabled, href: "/admin/users?status=disabled" },
      { key: "orgs", value: orgCount.n, href: "/admin/orgs" },
      { key: "failedSignIns", value: failed.n, href: "/admin/audit?action=auth.sign_in_failed", tone: failed.n > 0 ? "warn" : "normal" },
    ],
  };
}

/** The prosecutor's morning: clues assigned to them and not closed, oldest first; and the org's unassigned ones. */
async function cluesSection(actor: Actor): Promise<WaitingSection> {
  const [mine, counts] = await Promise.all([myWaitingClues(actor, 8), clueStatusCounts(actor, { org: actor.orgId })]);
  if (mine.total === 0 && counts.new === 0) return { key: "clues", items: [] };
  return {
    key: "clues",
    items: [
      { key: "myClues", value: mine.total, href: "/clues?assignee=me&sort=oldest", tone: mine.total > 0 ? "warn" : "normal" },
      { key: "newClues", value: counts.new, href: "/clues?status=new&sort=oldest" },
    ],
    clues: mine.items,
  };
}

/** A leader's glance at the last full month for the org and the orgs below it. */
async function statsSection(actor: Actor): Promise<WaitingSection> {
  const d = await getDashboard(actor, {});
  const c = d.current;
  if (c.found + c.confirmed + c.dismissed + c.backlog === 0) return { key: "stats", items: [] };
  const below = c.conversion !== null && c.conversion < CONVERSION_FLOOR;
  return {
    key: "stats",
    items: [
      { key: "monthFound", value: c.found, href: "/stats" },
      { key: "monthConfirmed", value: c.confirmed, href: "/stats" },
      { key: "monthConversion", value: c.conversion ?? 0, display: c.conversion === null ? "—" : `${(c.conversion * 100).toFixed(1)}%`, href: "/stats", tone: below ? "warn" : "normal" },
      { key: "backlog", value: c.backlog, href: "/clues?status=open" },
    ],
  };
}

// Sections for concepts later issues build (models, reviews): nothing waits yet.
const PENDING_SECTIONS: { permission: Permission; key: WaitingSectionKey }[] = [
  { permission: "models.build", key: "models" },
  { permission: "models.review", key: "reviews" },
];

/** Data-use applications waiting for a data admin's decision. */
async function applicationsSection(actor: Actor): Promise<WaitingSection> {
  const pending = await listApplications(actor, { status: "pending" });
  return {
    key: "applications",
    items: pending.length > 0 ? [{ key: "pendingApplications", value: pending.length, href: "/datasets/applications?status=pending", tone: "warn" }] : [],
  };
}

/** What waits for this user, one section per role it holds. */
export async function waitingFor(actor: Actor): Promise<WaitingSection[]> {
  const sections: WaitingSection[] = [];
  if (can(actor, "admin.users")) sections.push(await adminSection(actor));
  if (can(actor, "clues.triage")) sections.push(await cluesSection(actor));
  if (can(actor, "stats.read")) sections.push(await statsSection(actor));
  for (const s of PENDING_SECTIONS) {
    if (can(actor, s.permission)) sections.push({ key: s.key, items: [] });
  }
  if (can(actor, "data_applications.decide")) sections.push(await applicationsSection(actor));
  return sections;
}
