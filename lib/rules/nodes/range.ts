// A number or date within two bounds, both included: { field, op: "between", from, to }.
import { z } from "zod";
import { FIELD_TYPE_LABELS } from "../../datasets/definition";
import { isDateType, isNumberType, ZFieldRef, ZLiteralOrRunDate } from "./common";
import { IF_EMPTY_INPUT, ZIfEmpty } from "./if-empty";
import type { LeafKind } from "./types";

export const ZBetween = z.object({ field: ZFieldRef, op: z.literal("between"), from: ZLiteralOrRunDate, to: ZLiteralOrRunDate, ifEmpty: ZIfEmpty }).strict();
export type Between = z.infer<typeof ZBetween>;

export const range: LeafKind<Between> = {
  meta: {
    kind: "range",
    label: "区间",
    ops: [{ op: "between", label: "在区间内（含两端）" }],
    fieldTypes: ["integer", "numeric", "date", "timestamp"],
    inputs: [
      { name: "field", label: "字段", kind: "field" },
      { name: "from", label: "下限", kind: "literalOrRunDate", param: true },
      { name: "to", label: "上限", kind: "literalOrRunDate", param: true },
      IF_EMPTY_INPUT,
    ],
  },
  leaf: true,
  schema: () => ZBetween,
  check(c, walk, scope, path) {
    const type = walk.field(scope, `${path}.field`, c.field);
    if (!type) return;
    const name = c.field.split(".")[1];
    if (!isDateType(type) && !isNumberType(type)) walk.issue(`${path}.op`, `字段 ${name} 是${FIELD_TYPE_LABELS[type]}，不能取区间`);
    walk.operand(type, name, `${path}.from`, c.from);
    walk.operand(type, name, `${path}.to`, c.to);
  },
  compile(c, walk, scope) {
    const col = walk.column(scope, c.field);
    return `${col.sql} between ${walk.operand(col.type, c.from)} and ${walk.operand(col.type, c.to)}`;
  },
  text(c, walk, scope) {
    const { text: field, type } = walk.field(scope, c.field);
    return `${field} 在 ${walk.literal(c.from, type)} 至 ${walk.literal(c.to, type)} 之间（含两端）`;
  },
  value: (c, walk) => walk.value(c.field),
};
