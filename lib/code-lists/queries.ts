import "server-only";
import { asc, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { agencies, businessLines, supervisionPoints } from "@/db/schema";
import { ValidationError, type FieldIssue } from "../errors";
import { CODE_LIST_LABELS, codeProblem, codesText, type CodeEntry, type CodeLabels, type CodeListKind } from "./kinds";

/** The table holding each list. */
export const CODE_LIST_TABLES = { agency: agencies, businessLine: businessLines, supervisionPoint: supervisionPoints } as const;

/** The catch-all code (其他): listed last whatever is added after it. */
export const CATCH_ALL_CODE = "other";

/** Every entry of a list in display order, disabled ones included (each is flagged). */
export async function listCodes(kind: CodeListKind): Promise<CodeEntry[]> {
  return listCodesQuery(kind);
}

/** listCodes as a query (columns code, label_zh, label_en, active, position), for reading it with others in one statement. */
export function listCodesQuery(kind: CodeListKind) {
  const t = CODE_LIST_TABLES[kind];
  return getDb()
    .select({ code: t.code, labelZh: t.labelZh, labelEn: t.labelEn, active: t.active, position: t.position })
    .from(t)
    .orderBy(sql`${t.code} = ${CATCH_ALL_CODE}`, asc(t.position), asc(t.code));
}

/** code → entry for showing stored codes (a clue's line, a dataset's agency), disabled ones included. */
export async function codeLabels(kind: CodeListKind): Promise<CodeLabels> {
  return new Map((await listCodes(kind)).map((e) => [e.code, e]));
}

/**
 * The problems of the values that should name active codes, one per field path, each listing the
 * codes that may stand there. `values` maps a path ("agency") to its list and the value sent.
 */
export async function codeIssues(values: readonly { path: string; kind: CodeListKind; value: unknown }[]): Promise<FieldIssue[]> {
  const lists = new Map<CodeListKind, CodeLabels>();
  const issues: FieldIssue[] = [];
  for (const { path, kind, value } of values) {
    if (!lists.has(kind)) lists.set(kind, await codeLabels(kind));
    const problem = codeProblem(kind, value, lists.get(kind)!);
    if (problem) issues.push({ path, message: problem });
  }
  return issues;
}

/** Refuses a value that names no active code of the list: a 422 at `path` listing the codes. */
export async function requireActiveCode(kind: CodeListKind, path: string, value: unknown): Promise<void> {
  const issues = await codeIssues([{ path, kind, value }]);
  if (issues.length > 0) throw new ValidationError(`输入有误 — ${CODE_LIST_LABELS[kind].zh}：${issues[0].message}`, issues);
}

/**
 * For a filter: the value must name a code of the list, active or not (clues of a disabled line are
 * still listed). Throws a 422 naming the field and the codes that may stand there.
 */
export async function requireKnownCode(kind: CodeListKind, path: string, value: string): Promise<void> {
  const labels = await codeLabels(kind);
  if (labels.has(value)) return;
  const name = CODE_LIST_LABELS[kind].zh;
  const message = `未知的${name}“${value}”，可选：${codesText(labels.values())}`;
  throw new ValidationError(`输入有误 — ${name}：${message}`, [{ path, message }]);
}
