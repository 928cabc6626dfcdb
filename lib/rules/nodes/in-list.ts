// A field equal to one of a list of literals, or to none of them: { field, op: in | notIn, values }.
import { z } from "zod";
import { pgType } from "../../datasets/ddl";
import { FIELD_TYPES } from "../../datasets/definition";
import { ZFieldRef, ZLiteralOrParam } from "./common";
import { IF_EMPTY_INPUT, ZIfEmpty } from "./if-empty";
import type { LeafKind } from "./types";

export const ZInList = z.object({ field: ZFieldRef, op: z.enum(["in", "notIn"]), values: z.array(ZLiteralOrParam).min(1, "列表不能为空").max(1000, "列表最多 1000 个取值"), ifEmpty: ZIfEmpty }).strict();
export type InList = z.infer<typeof ZInList>;

export const inList: LeafKind<InList> = {
  meta: {
    kind: "inList",
    label: "在列表中",
    ops: [
      { op: "in", label: "为其中之一" },
      { op: "notIn", label: "不为其中任何一个" },
    ],
    fieldTypes: FIELD_TYPES,
    inputs: [
      { name: "field", label: "字段", kind: "field" },
      { name: "values", label: "取值列表", kind: "literals", param: true },
      IF_EMPTY_INPUT,
    ],
  },
  leaf: true,
  schema: () => ZInList,
  check(c, walk, scope, path) {
    const type = walk.field(scope, `${path}.field`, c.field);
    if (!type) return;
    const name = c.field.split(".")[1];
    c.values.forEach((v, i) => walk.literal(type, name, `${path}.values[${i}]`, v));
  },
  compile(c, walk, scope) {
    const col = walk.column(scope, c.field);
    const list = walk.list(c.values, pgType(col.type).replace(/ collate "C"$/, ""));
    return c.op === "in" ? `${col.sql} = any(${list})` : `not (${col.sql} = any(${list}))`;
  },
  text(c, walk, scope) {
    const { text: field, type } = walk.field(scope, c.field);
    if (c.op === "in") return c.values.length === 1 ? `${field} 等于 ${walk.literal(c.values[0], type)}` : `${field} 为 ${walk.list(c.values, type)} 之一`;
    return c.values.length === 1 ? `${field} 不等于 ${walk.literal(c.values[0], type)}` : `${field} 不为 ${walk.list(c.values, type)} 中任何一个`;
  },
  value: (c, walk) => walk.value(c.field),
};
