// Everything the no-code builder reads about the language: the condition kinds (NODE_META, one per
// registered kind) and the rule-level constructs that are not conditions — the rule's own keys,
// joins, aggregates, group conditions (having) and the clue's aggregates. A new rule-level
// construct adds its entry here.
import { aggregate, having } from "./aggregate";
import { NODE_META } from "./index";
import { join } from "./join";
import { paramDeclMeta } from "./param";
import { RUN_DATE_META } from "./run-date";
import type { NodeMeta } from "./types";
import { WINDOW_META } from "./window";

/** The rule's own keys, in the order a builder walks them. */
const RULE: NodeMeta = {
  kind: "rule",
  label: "规则",
  ops: [],
  fieldTypes: [],
  inputs: [
    { name: "params", label: "参数", kind: "params", optional: true },
    { name: "from", label: "数据来源", kind: "source" },
    { name: "joins", label: "关联数据", kind: "joins", optional: true },
    { name: "where", label: "条件", kind: "condition", optional: true },
    { name: "groupBy", label: "分组字段", kind: "fields", optional: true },
    { name: "having", label: "分组条件", kind: "groupCondition", optional: true },
    { name: "window", label: "滑动窗口（每个主体一条线索）", kind: "window", optional: true },
    { name: "clue", label: "线索", kind: "clue" },
  ],
};

export interface RuleMeta {
  rule: NodeMeta;
  conditions: readonly NodeMeta[];
  join: NodeMeta;
  aggregate: NodeMeta;
  /** clue.aggregates: the aggregates, and a list of distinct values. */
  clueAggregate: NodeMeta;
  /** One group condition: an aggregate against a number or a multiple of another aggregate. */
  having: NodeMeta;
  /** all / any over group conditions. */
  havingGroups: readonly NodeMeta[];
  /** A sliding window per subject (rule.window). */
  window: NodeMeta;
  /** One parameter declaration under `params`. */
  param: NodeMeta;
  /** The run date where a value may be it (literalOrRunDate, monthOrRunDate): ± months, a day of that month, ± days. */
  runDate: NodeMeta;
}

export const RULE_META: RuleMeta = {
  rule: RULE,
  conditions: NODE_META,
  join: join.meta,
  aggregate: aggregate.meta,
  clueAggregate: aggregate.evidenceMeta,
  having: having.meta,
  havingGroups: having.groupMeta,
  window: WINDOW_META,
  param: paramDeclMeta,
  runDate: RUN_DATE_META,
};
