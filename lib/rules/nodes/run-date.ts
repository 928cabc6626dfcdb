// What the builder offers where the run date stands ({ "runDate": { … } } in comparisons, ranges and
// month comparisons): its keys in the order they apply — months, the day of that month, then days.
// The schema is ZRunDate in ./common.ts; the SQL is the compiler's runDate().
import { MONTH_DAYS } from "./common";
import type { NodeMeta } from "./types";

const DAY_LABELS: Record<(typeof MONTH_DAYS)[number], string> = { first: "所在月第一天", last: "所在月最后一天" };

export const RUN_DATE_META: NodeMeta = {
  kind: "runDate",
  label: "运行日期",
  ops: [],
  fieldTypes: ["date", "timestamp"],
  inputs: [
    { name: "plusMonths", label: "加月数", kind: "months", optional: true, param: true },
    { name: "minusMonths", label: "减月数", kind: "months", optional: true, param: true },
    { name: "day", label: "取所在月的某一天", kind: "choice", optional: true, choices: MONTH_DAYS.map((value) => ({ value, label: DAY_LABELS[value] })) },
    { name: "plusDays", label: "再加天数", kind: "days", optional: true, param: true },
    { name: "minusDays", label: "再减天数", kind: "days", optional: true, param: true },
  ],
};
