// Whether a field is empty: { field, op: isNull | isNotNull }.
import { z } from "zod";
import { FIELD_TYPES } from "../../datasets/definition";
import { ZFieldRef } from "./common";
import type { LeafKind } from "./types";

export const ZNullCheck = z.object({ field: ZFieldRef, op: z.enum(["isNull", "isNotNull"]) }).strict();
export type NullCheck = z.infer<typeof ZNullCheck>;

export const nullCheck: LeafKind<NullCheck> = {
  meta: {
    kind: "nullCheck",
    label: "是否为空",
    ops: [
      { op: "isNull", label: "为空" },
      { op: "isNotNull", label: "不为空" },
    ],
    fieldTypes: FIELD_TYPES,
    inputs: [{ name: "field", label: "字段", kind: "field" }],
  },
  leaf: true,
  schema: () => ZNullCheck,
  check(c, walk, scope, path) {
    walk.field(scope, `${path}.field`, c.field);
  },
  compile(c, walk, scope) {
    return `${walk.column(scope, c.field).sql} ${c.op === "isNull" ? "is null" : "is not null"}`;
  },
  text(c, walk, scope) {
    return `${walk.field(scope, c.field).text} ${c.op === "isNull" ? "为空" : "不为空"}`;
  },
  value: (c, walk) => walk.value(c.field),
};
