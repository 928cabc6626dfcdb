// A join: another dataset's rows matched to the hit row, one hit per match ({ dataset, as, type, on }).
// Unlike exists, a join multiplies hits and its fields may be shown as evidence.
import { z } from "zod";
import type { DatasetDefinition } from "../../datasets/definition";
import { ZAlias, ZAliasLabel, ZIdent } from "./common";
import { comparison, type Comparison } from "./comparison";
import { kindOf, ZCondition } from "./index";
import { groupOf } from "./logical";
import type { CheckWalk, CompileWalk, Condition, DescribeWalk, NodeMeta } from "./types";

export const ZJoin = z.object({ dataset: ZIdent, as: ZAlias, label: ZAliasLabel.optional(), type: z.enum(["inner", "left"]).default("inner"), on: ZCondition }).strict();
export type Join = z.infer<typeof ZJoin>;

/** What the checker and the compiler also need to enter a dataset. */
export interface JoinCheckWalk extends CheckWalk {
  dataset(path: string, key: string): DatasetDefinition | null;
  bind(scope: Map<string, DatasetDefinition>, path: string, alias: string, def: DatasetDefinition | null): void;
}
export interface JoinCompileWalk extends CompileWalk {
  def(key: string): DatasetDefinition;
  from(key: string, alias: string): string;
  orgFilter(alias: string): string;
}
export interface JoinDescribeWalk extends DescribeWalk {
  bind(scope: Map<string, { key: string; def?: DatasetDefinition; label?: string }>, key: string, alias: string, label?: string): void;
  heading(scope: ReadonlyMap<string, { key: string; def?: DatasetDefinition }>, alias: string): string;
  section(title: string, scope: ReadonlyMap<string, { key: string; def?: DatasetDefinition }>, c: Condition, depth: number): void;
}

/** The two fields an equality between fields names, or null for any other node. */
function equatedFields(c: Condition): [string, string] | null {
  if (kindOf(c) !== comparison) return null;
  const cmp = c as Comparison;
  // An equality an empty value meets (ifEmpty match) holds for every row where one side is empty.
  if (cmp.op !== "eq" || cmp.ref === undefined || cmp.ifEmpty === "match") return null;
  return [cmp.field, cmp.ref];
}

/**
 * Fields of the joined alias that `on` equates to another alias's field (top level or in a
 * top-level all): they are pinned down by the join, so the dedup key need not hold them.
 */
export function pinnedFields(join: Join): Set<string> {
  const group = groupOf(join.on);
  const fields = new Set<string>();
  for (const c of group?.mode === "all" ? group.members : [join.on]) {
    const pair = equatedFields(c);
    if (!pair) continue;
    const [a, f] = pair[0].split(".");
    const [b, g] = pair[1].split(".");
    if (a === join.as && b !== join.as) fields.add(f);
    if (b === join.as && a !== join.as) fields.add(g);
  }
  return fields;
}

const JOIN_TYPES = [
  { value: "inner", label: "须有匹配记录" },
  { value: "left", label: "可无匹配记录" },
] as const;

export const join = {
  meta: {
    kind: "join",
    label: "关联数据",
    ops: JOIN_TYPES.map((t) => ({ op: t.value, label: t.label })),
    fieldTypes: [],
    inputs: [
      { name: "dataset", label: "数据资源", kind: "dataset" },
      { name: "as", label: "别名", kind: "alias" },
      { name: "label", label: "别名标签（中文角色名）", kind: "text", optional: true },
      { name: "type", label: "关联方式", kind: "choice", optional: true, choices: JOIN_TYPES },
      { name: "on", label: "关联条件", kind: "condition" },
    ],
  } satisfies NodeMeta,
  check(j: Join, walk: JoinCheckWalk, scope: Map<string, DatasetDefinition>, path: string): void {
    walk.bind(scope, `${path}.as`, j.as, walk.dataset(`${path}.dataset`, j.dataset));
    walk.condition(scope, `${path}.on`, j.on);
  },
  compile(j: Join, walk: JoinCompileWalk, scope: Map<string, DatasetDefinition>): string {
    scope.set(j.as, walk.def(j.dataset));
    return `${j.type === "left" ? "left join" : "join"} ${walk.from(j.dataset, j.as)} on ${walk.orgFilter(j.as)} and ${walk.condition(scope, j.on)}`;
  },
  describe(j: Join, walk: JoinDescribeWalk, scope: Map<string, { key: string; def?: DatasetDefinition }>): void {
    walk.bind(scope, j.dataset, j.as, j.label);
    walk.section(`关联${j.type === "left" ? "（可无匹配记录）" : ""}：${walk.heading(scope, j.as)}，条件`, scope, j.on, 0);
  },
};
