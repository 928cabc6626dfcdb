// all / any / not: conditions over conditions.
import { z } from "zod";
import type { BranchKind, Condition, DescribeScope, DescribeWalk } from "./types";

type All = { all: Condition[] };
type AnyOf = { any: Condition[] };
type Not = { not: Condition };

/** A condition's members when it is an all or an any (explanations fold these into their headers). */
export function groupOf(c: Condition): { mode: "all" | "any"; members: Condition[] } | null {
  if ("all" in c) return { mode: "all", members: c.all };
  if ("any" in c) return { mode: "any", members: c.any };
  return null;
}

function members(walk: DescribeWalk, header: string, scope: DescribeScope, list: Condition[], depth: number): void {
  walk.push(depth, header);
  for (const m of list) walk.condition(scope, m, depth + 1);
}

/** A member on one line, bracketed when it is itself a group. */
function inlineMember(walk: DescribeWalk, scope: DescribeScope, x: Condition): string {
  return groupOf(x) ? `（${walk.inline(scope, x)}）` : walk.inline(scope, x);
}

export const all: BranchKind<All> = {
  meta: { kind: "all", label: "同时满足", ops: [], fieldTypes: [], inputs: [{ name: "all", label: "条件", kind: "conditions" }] },
  key: "all",
  leaf: false,
  schema: ({ condition }) => z.object({ all: z.array(condition).min(1) }).strict(),
  check: (c, walk, scope, path) => c.all.forEach((x, i) => walk.condition(scope, `${path}.all[${i}]`, x)),
  compile: (c, walk, scope) => `(${c.all.map((x) => walk.condition(scope, x)).join(" and ")})`,
  describe: (c, walk, scope, depth) => members(walk, "同时满足以下条件：", scope, c.all, depth),
  inline: (c, walk, scope) => c.all.map((x) => inlineMember(walk, scope, x)).join(" 且 "),
};

export const any: BranchKind<AnyOf> = {
  meta: { kind: "any", label: "满足其一", ops: [], fieldTypes: [], inputs: [{ name: "any", label: "条件", kind: "conditions" }] },
  key: "any",
  leaf: false,
  schema: ({ condition }) => z.object({ any: z.array(condition).min(1) }).strict(),
  check: (c, walk, scope, path) => c.any.forEach((x, i) => walk.condition(scope, `${path}.any[${i}]`, x)),
  compile: (c, walk, scope) => `(${c.any.map((x) => walk.condition(scope, x)).join(" or ")})`,
  describe: (c, walk, scope, depth) => members(walk, "满足以下条件之一：", scope, c.any, depth),
  inline: (c, walk, scope) => c.any.map((x) => inlineMember(walk, scope, x)).join(" 或 "),
};

export const not: BranchKind<Not> = {
  meta: { kind: "not", label: "不满足", ops: [], fieldTypes: [], inputs: [{ name: "not", label: "条件", kind: "condition" }] },
  key: "not",
  leaf: false,
  schema: ({ condition }) => z.object({ not: condition }).strict(),
  check: (c, walk, scope, path) => walk.condition(scope, `${path}.not`, c.not),
  compile: (c, walk, scope) => `(not ${walk.condition(scope, c.not)})`,
  describe(c, walk, scope, depth) {
    // A single condition reads on one line: “不满足：…”.
    if (walk.leaf(scope, c.not, depth, "不满足：")) return;
    walk.push(depth, "不满足以下条件：");
    walk.condition(scope, c.not, depth + 1);
  },
  inline: (c, walk, scope) => `并非（${walk.inline(scope, c.not)}）`,
};
