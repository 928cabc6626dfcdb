// exists / notExists: whether another dataset has a row meeting a condition (correlated through
// fields of the outer rule), without multiplying hits as a join does.
import { z } from "zod";
import { EXISTS_EVIDENCE_ROWS } from "./exists-evidence";
import { groupOf } from "./logical";
import type { BranchKind, DescribeScope, DescribeWalk, Subquery } from "./types";

type Exists = { exists: Subquery };
type NotExists = { notExists: Subquery };

/**
 * For a clue whose every hit satisfies this node, one line saying what was searched with the
 * clue's values: “监狱收押：未找到 身份证号 等于 “…” 且 收押日期 不早于 2025-03-01 的记录”
 * (absent), “住院结算：找到 … 的记录” with how many matched rows the evidence shows (found).
 */
function describeFinding(walk: DescribeWalk, outer: DescribeScope, q: Subquery, exists: boolean, depth: number): boolean {
  const found = walk.searched(q);
  if (!found) return false;
  const { scope, table } = walk.enter(outer, q);
  const what = q.where ? ` ${walk.inlineSearched(scope, q)} 的` : "";
  if (!exists) {
    walk.push(depth, `${table}：未找到${what}记录`, undefined, "absent");
    return true;
  }
  const shown = found.rows ? (found.rows.length >= EXISTS_EVIDENCE_ROWS ? `证据列出前 ${found.rows.length} 条` : `${found.rows.length} 条，见证据`) : undefined;
  walk.push(depth, `${table}：找到${what}记录`, shown, "found");
  return true;
}

function describeSubquery(walk: DescribeWalk, outer: DescribeScope, q: Subquery, exists: boolean, depth: number): void {
  if (describeFinding(walk, outer, q, exists, depth)) return;
  const { scope, table } = walk.enter(outer, q);
  const verb = exists ? "存在" : "不存在";
  if (!q.where) return walk.push(depth, `${verb} ${table} 记录`);
  const group = groupOf(q.where);
  walk.push(depth, `${verb}满足以下条件${group?.mode === "any" ? "之一" : ""}的 ${table} 记录：`);
  for (const m of group?.members ?? [q.where]) walk.condition(scope, m, depth + 1);
}

function inlineSubquery(walk: DescribeWalk, outer: DescribeScope, q: Subquery, exists: boolean): string {
  const { scope, table } = walk.enter(outer, q);
  const where = q.where ? `满足（${walk.inline(scope, q.where)}）的 ` : " ";
  return `${exists ? "存在" : "不存在"}${where}${table} 记录`;
}

const inputs = [
  { name: "from", label: "数据资源、别名及别名标签", kind: "subquery" },
  { name: "where", label: "条件", kind: "condition", optional: true },
] as const;
/** Only an exists has matched rows to show. */
const existsInputs = [...inputs, { name: "evidence", label: `证据字段（匹配记录的字段，最多列出 ${EXISTS_EVIDENCE_ROWS} 条）`, kind: "text", optional: true }] as const;

export const exists: BranchKind<Exists> = {
  meta: { kind: "exists", label: "存在记录", ops: [], fieldTypes: [], inputs: existsInputs },
  key: "exists",
  leaf: false,
  schema: ({ subquery }) => z.object({ exists: subquery }).strict(),
  check: (c, walk, scope, path) => walk.subquery(scope, `${path}.exists`, c.exists),
  compile: (c, walk, scope) => `exists (${walk.subquery(scope, c.exists)})`,
  describe: (c, walk, scope, depth) => describeSubquery(walk, scope, c.exists, true, depth),
  inline: (c, walk, scope) => inlineSubquery(walk, scope, c.exists, true),
};

export const notExists: BranchKind<NotExists> = {
  meta: { kind: "notExists", label: "不存在记录", ops: [], fieldTypes: [], inputs },
  key: "notExists",
  leaf: false,
  schema: ({ subquery }) => z.object({ notExists: subquery }).strict(),
  check: (c, walk, scope, path) => walk.subquery(scope, `${path}.notExists`, c.notExists),
  compile: (c, walk, scope) => `not exists (${walk.subquery(scope, c.notExists)})`,
  describe: (c, walk, scope, depth) => describeSubquery(walk, scope, c.notExists, false, depth),
  inline: (c, walk, scope) => inlineSubquery(walk, scope, c.notExists, false),
};
