// exists / notExists: whether another dataset has a row meeting a condition (correlated through
// fields of the outer rule), without multiplying hits as a join does.
import { z } from "zod";
import { groupOf } from "./logical";
import type { BranchKind, DescribeScope, DescribeWalk, Subquery } from "./types";

type Exists = { exists: Subquery };
type NotExists = { notExists: Subquery };

function describeSubquery(walk: DescribeWalk, outer: DescribeScope, q: Subquery, exists: boolean, depth: number): void {
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
  { name: "from", label: "数据资源及别名", kind: "subquery" },
  { name: "where", label: "条件", kind: "condition", optional: true },
] as const;

export const exists: BranchKind<Exists> = {
  meta: { kind: "exists", label: "存在记录", ops: [], fieldTypes: [], inputs },
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
