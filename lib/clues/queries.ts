import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { clueEvents, clueOutcomes, clues, clueTallies, datasets, models, modelVersions, orgs, runs, users, type ClueEvent, type ClueOutcome, type ClueStatus } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { chinaDayStart } from "../calendar/china-date";
import { inScope, requirePermission, scopeFor, type OrgScope } from "../auth/policy";
import type { DatasetDefinition } from "../datasets/definition";
import { maskDeep } from "../datasets/mask";
import { NotFoundError, ValidationError } from "../errors";
import { describeRule, type RuleExplanation } from "../rules/describe";
import type { Rule } from "../rules/schema";
import { requireKnownCode } from "../code-lists/queries";
import { parseInput, summarizeIssues } from "../validation";
import { evidenceSections, maskSubjectId, type EvidenceSection } from "./evidence";
import { decodeCursor, encodeCursor, ZClueFilter, type ClueFilter } from "./filter";
import { CLOSED_STATUSES, OPEN_STATUSES } from "./labels";

export interface ClueListItem {
  id: number;
  title: string;
  status: ClueStatus;
  modelId: string;
  modelName: string;
  businessLine: string;
  orgId: string;
  orgName: string;
  subjectName: string | null;
  /** Masked. */
  subjectId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  firstSeenAt: Date;
  statusChangedAt: Date;
}

export interface CluePage {
  items: ClueListItem[];
  nextCursor: string | null;
}

const assignee = alias(users, "assignee");

/** An org and everything below it (the scope condition still applies alongside). */
function orgSubtree(column: typeof clues.orgId | typeof clueTallies.orgId, orgId: string): SQL {
  return sql`${column} in (select ${orgs.id} from ${orgs} where ${orgs.path} like (select ${orgs.path} from ${orgs} where ${orgs.id} = ${orgId}) || '%')`;
}

/** The WHERE of a filtered list, scope first; the cursor and status are added by callers. */
function filterConditions(actor: Actor, scope: OrgScope, f: ClueFilter): SQL[] {
  const where: SQL[] = [inScope(clues.orgId, scope)];
  if (f.org) where.push(orgSubtree(clues.orgId, f.org));
  if (f.model) where.push(sql`${clues.modelId} = ${f.model}`);
  if (f.businessLine) where.push(sql`${clues.businessLine} = ${f.businessLine}`);
  if (f.assignee === "me") where.push(sql`${clues.assigneeId} = ${actor.kind === "user" ? actor.id : null}`);
  else if (f.assignee === "none") where.push(isNull(clues.assigneeId));
  else if (f.assignee) where.push(sql`${clues.assigneeId} = ${f.assignee}`);
  if (f.from) where.push(sql`${clues.firstSeenAt} >= ${chinaDayStart(f.from)}::timestamptz`);
  if (f.to) where.push(sql`${clues.firstSeenAt} < ${chinaDayStart(f.to)}::timestamptz + interval '1 day'`);
  if (f.changedFrom) where.push(sql`${clues.statusChangedAt} >= ${chinaDayStart(f.changedFrom)}::timestamptz`);
  if (f.changedTo) where.push(sql`${clues.statusChangedAt} < ${chinaDayStart(f.changedTo)}::timestamptz + interval '1 day'`);
  if (f.q) where.push(sql`(strpos(${clues.title}, ${f.q}) > 0 or ${clues.subjectName} = ${f.q})`);
  return where;
}

function statusCondition(status: ClueFilter["status"]): SQL | undefined {
  if (!status) return undefined;
  if (status === "open") return inArray(clues.status, [...OPEN_STATUSES]);
  if (status === "closed") return inArray(clues.status, [...CLOSED_STATUSES]);
  return eq(clues.status, status);
}

/** The filter, its business line checked against the list (a 422 names the codes that exist). */
export async function parseClueFilter(input: unknown): Promise<ClueFilter> {
  const f = parseInput(ZClueFilter, input ?? {});
  if (f.businessLine) await requireKnownCode("businessLine", "businessLine", f.businessLine);
  return f;
}

/** For the list page: the filter, or none and what was wrong with it (the page then shows every clue). */
export async function clueFilterOrError(raw: unknown): Promise<{ filter: ClueFilter; error: string | null }> {
  try {
    return { filter: await parseClueFilter(raw), error: null };
  } catch (error) {
    if (error instanceof ValidationError) return { filter: ZClueFilter.parse({}), error: summarizeIssues(error.issues) };
    throw error;
  }
}

/**
 * One page of the actor's clues, newest (or oldest) first, by keyset on (first_seen_at, id):
 * the cost of a page does not grow with its depth.
 */
export async function listClues(actor: Actor, input: unknown): Promise<CluePage> {
  const scope = scopeFor(actor, "clues.read");
  const f = await parseClueFilter(input);
  const where = filterConditions(actor, scope, f);
  const status = statusCondition(f.status);
  if (status) where.push(status);
  const oldest = f.sort === "oldest";
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!c) throw new ValidationError("分页游标无效，请从第一页重新浏览", [{ path: "cursor", message: "游标无效" }]);
    where.push(oldest ? sql`(${clues.firstSeenAt}, ${clues.id}) > (${c.seenAt}::timestamptz, ${c.id})` : sql`(${clues.firstSeenAt}, ${clues.id}) < (${c.seenAt}::timestamptz, ${c.id})`);
  }
  const order = oldest ? [asc(clues.firstSeenAt), asc(clues.id)] : [desc(clues.firstSeenAt), desc(clues.id)];
  const rows = await getDb()
    .select({
      id: clues.id,
      title: clues.title,
      status: clues.status,
      modelId: clues.modelId,
      modelName: models.name,
      businessLine: clues.businessLine,
      orgId: clues.orgId,
      orgName: orgs.name,
      subjectKind: clues.subjectKind,
      subjectName: clues.subjectName,
      subjectId: clues.subjectId,
      assigneeId: clues.assigneeId,
      assigneeName: assignee.name,
      firstSeenAt: clues.firstSeenAt,
      // Keyset needs the exact stored microseconds, which a JS Date would round.
      seenAtText: sql<string>`${clues.firstSeenAt}::text`,
      statusChangedAt: clues.statusChangedAt,
    })
    .from(clues)
    .innerJoin(models, eq(models.id, clues.modelId))
    .innerJoin(orgs, eq(orgs.id, clues.orgId))
    .leftJoin(assignee, eq(assignee.id, clues.assigneeId))
    .where(and(...where))
    .orderBy(...order)
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: maskDeep(page.map(({ subjectKind, seenAtText: _seen, ...r }) => ({ ...r, subjectId: maskSubjectId(subjectKind, r.subjectId) }))),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ seenAt: last.seenAtText, id: last.id }) : null,
  };
}

export type StatusCounts = Record<ClueStatus, number>;

/**
 * Counts per status under the filter (for the tabs). Filters the tallies cover (org, model,
 * business line) read the trigger-kept rollup; the others count the rows.
 */
export async function clueStatusCounts(actor: Actor, input: unknown): Promise<StatusCounts> {
  const scope = scopeFor(actor, "clues.read");
  const f = await parseClueFilter(input);
  const counts: StatusCounts = { new: 0, assigned: 0, verifying: 0, confirmed: 0, dismissed: 0, transferred: 0 };
  let rows: { status: ClueStatus; n: number }[];
  if (!f.assignee && !f.from && !f.to && !f.changedFrom && !f.changedTo && !f.q) {
    const where: SQL[] = [inScope(clueTallies.orgId, scope)];
    if (f.org) where.push(orgSubtree(clueTallies.orgId, f.org));
    if (f.model) where.push(sql`${clueTallies.modelId} = ${f.model}`);
    if (f.businessLine) where.push(sql`${clueTallies.businessLine} = ${f.businessLine}`);
    rows = await getDb()
      .select({ status: clueTallies.status, n: sql<number>`sum(${clueTallies.n})::int` })
      .from(clueTallies)
      .where(and(...where))
      .groupBy(clueTallies.status);
  } else {
    rows = await getDb()
      .select({ status: clues.status, n: sql<number>`count(*)::int` })
      .from(clues)
      .where(and(...filterConditions(actor, scope, f)))
      .groupBy(clues.status);
  }
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export interface ClueDetail {
  id: number;
  title: string;
  status: ClueStatus;
  orgId: string;
  orgName: string;
  model: { id: string; name: string; description: string; legalBasis: string; version: number };
  businessLine: string;
  subject: { kind: string; name: string | null; idNumber: string | null };
  evidence: EvidenceSection[];
  explanation: RuleExplanation;
  firstSeenAt: Date;
  /** When a run last found it (null when its last run is unknown). */
  lastSeenAt: Date | null;
  /** Whether the latest run of the model still finds it. */
  stillDetected: boolean;
  hitCount: number;
  evidenceChangedAt: Date | null;
  assigneeId: string | null;
  assigneeName: string | null;
  caseNo: string | null;
  dismissReason: string | null;
  transfer: { orgId: string | null; orgName: string | null; agency: string | null };
  sourceClueId: number | null;
  statusChangedAt: Date;
  history: ClueEvent[];
  outcomes: ClueOutcome[];
}

/** The catalog's definitions (small; read per request). */
export async function catalogDefinitions(): Promise<Map<string, DatasetDefinition>> {
  const rows = await getDb().select({ definition: datasets.definition }).from(datasets);
  return new Map(rows.map((r) => [r.definition.key, r.definition]));
}

/** The stored clue row with its model version, if the actor may read it (404 otherwise). */
export async function loadClue(actor: Actor, id: number | string, permission: "clues.read" | "clues.triage" | "clues.assign" | "clues.reopen" = "clues.read") {
  const scope = scopeFor(actor, permission);
  const clueId = Number(id);
  if (!Number.isSafeInteger(clueId) || clueId <= 0) throw new NotFoundError("线索");
  const [row] = await getDb()
    .select({ clue: clues, definition: modelVersions.definition, version: modelVersions.version, orgName: orgs.name, orgPath: orgs.path })
    .from(clues)
    .innerJoin(modelVersions, eq(modelVersions.id, clues.modelVersionId))
    .innerJoin(orgs, eq(orgs.id, clues.orgId))
    .where(and(eq(clues.id, clueId), inScope(clues.orgId, scope)))
    .limit(1);
  if (!row) throw new NotFoundError("线索");
  return row;
}

/** Last sighting and hit count, from the run ordinals (a re-run does not rewrite unchanged clues). */
async function sightings(modelId: string, orgId: string, clue: { streakStart: number; priorHits: number; missingSince: number | null }) {
  const [latest] = await getDb()
    .select({ ordinal: sql<number>`max(${runs.ordinal})` })
    .from(runs)
    .where(and(eq(runs.modelId, modelId), eq(runs.orgId, orgId)));
  const latestOrdinal = latest?.ordinal ?? clue.streakStart;
  const lastOrdinal = clue.missingSince === null ? latestOrdinal : clue.missingSince - 1;
  const [lastRun] = await getDb()
    .select({ finishedAt: runs.finishedAt, params: runs.params })
    .from(runs)
    .where(and(eq(runs.modelId, modelId), eq(runs.orgId, orgId), eq(runs.ordinal, lastOrdinal)));
  return {
    seen: { lastSeenAt: lastRun?.finishedAt ?? null, hitCount: clue.priorHits + (lastOrdinal - clue.streakStart + 1), stillDetected: clue.missingSince === null },
    /** The parameter values of the last run that found it: its evidence is that run's. */
    params: lastRun?.params ?? undefined,
  };
}

export async function getClue(actor: Actor, id: number | string): Promise<ClueDetail> {
  requirePermission(actor, "clues.read");
  const row = await loadClue(actor, id);
  const c = row.clue;
  const rule = row.definition as Rule;
  const defs = await catalogDefinitions();
  const transferOrg = alias(orgs, "transfer_org");
  const [[model], [people], history, outcomes, { seen, params }] = await Promise.all([
    getDb().select().from(models).where(eq(models.id, c.modelId)),
    getDb()
      .select({ assigneeName: users.name, transferOrgName: transferOrg.name })
      .from(clues)
      .leftJoin(users, eq(users.id, clues.assigneeId))
      .leftJoin(transferOrg, eq(transferOrg.id, clues.transferOrgId))
      .where(eq(clues.id, c.id)),
    getDb().select().from(clueEvents).where(eq(clueEvents.clueId, c.id)).orderBy(desc(clueEvents.at), desc(clueEvents.id)),
    getDb().select().from(clueOutcomes).where(eq(clueOutcomes.clueId, c.id)).orderBy(asc(clueOutcomes.createdAt)),
    sightings(c.modelId, c.orgId, c),
  ]);
  // Masked as a whole on the way out: evidence and explanation by field kind, free text by pattern.
  return maskDeep({
    id: c.id,
    title: c.title,
    status: c.status,
    orgId: c.orgId,
    orgName: row.orgName,
    model: { id: model.id, name: model.name, description: model.description, legalBasis: model.legalBasis, version: row.version },
    businessLine: c.businessLine,
    subject: { kind: c.subjectKind, name: c.subjectName, idNumber: maskSubjectId(c.subjectKind, c.subjectId) },
    evidence: evidenceSections(rule, defs, c.evidence),
    explanation: describeRule(rule, defs, c.evidence, params),
    firstSeenAt: c.firstSeenAt,
    ...seen,
    evidenceChangedAt: c.evidenceChangedAt,
    assigneeId: c.assigneeId,
    assigneeName: people?.assigneeName ?? null,
    caseNo: c.caseNo,
    dismissReason: c.dismissReason,
    transfer: { orgId: c.transferOrgId, orgName: people?.transferOrgName ?? null, agency: c.transferAgency },
    sourceClueId: c.sourceClueId,
    statusChangedAt: c.statusChangedAt,
    history,
    outcomes,
  });
}

export interface WaitingClue {
  id: number;
  title: string;
  status: ClueStatus;
  modelName: string;
  firstSeenAt: Date;
  statusChangedAt: Date;
}

/** The prosecutor's home: clues assigned to them and not yet closed, oldest first. */
export async function myWaitingClues(actor: Actor, limit = 10): Promise<{ items: WaitingClue[]; total: number }> {
  requirePermission(actor, "clues.triage");
  if (actor.kind !== "user") return { items: [], total: 0 };
  const where = and(eq(clues.assigneeId, actor.id), inArray(clues.status, ["assigned", "verifying"]), eq(clues.orgId, actor.orgId));
  const [items, [{ total }]] = await Promise.all([
    getDb()
      .select({ id: clues.id, title: clues.title, status: clues.status, modelName: models.name, firstSeenAt: clues.firstSeenAt, statusChangedAt: clues.statusChangedAt })
      .from(clues)
      .innerJoin(models, eq(models.id, clues.modelId))
      .where(where)
      .orderBy(asc(clues.firstSeenAt), asc(clues.id))
      .limit(limit),
    getDb().select({ total: sql<number>`count(*)::int` }).from(clues).where(where),
  ]);
  return { items: maskDeep(items), total };
}
