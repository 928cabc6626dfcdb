// Text containing, starting with, or matching a PostgreSQL regular expression: { field, op, value }.
// Regexes are checked against PostgreSQL's own dialect after the walk (see ../regex.ts).
import { z } from "zod";
import { FIELD_TYPE_LABELS } from "../../datasets/definition";
import { ruleText, ZFieldRef } from "./common";
import { IF_EMPTY_INPUT, ZIfEmpty } from "./if-empty";
import type { LeafKind } from "./types";

export const ZTextMatch = z.object({ field: ZFieldRef, op: z.enum(["contains", "startsWith", "matches"]), value: ruleText(1, 500), ifEmpty: ZIfEmpty }).strict();
export type TextMatch = z.infer<typeof ZTextMatch>;

export const textMatch: LeafKind<TextMatch> = {
  meta: {
    kind: "textMatch",
    label: "文本匹配",
    ops: [
      { op: "contains", label: "包含" },
      { op: "startsWith", label: "开头是" },
      { op: "matches", label: "符合正则表达式" },
    ],
    fieldTypes: ["text"],
    inputs: [
      { name: "field", label: "字段", kind: "field" },
      { name: "value", label: "文本或正则表达式", kind: "pattern" },
      IF_EMPTY_INPUT,
    ],
  },
  leaf: true,
  schema: () => ZTextMatch,
  check(c, walk, scope, path) {
    const type = walk.field(scope, `${path}.field`, c.field);
    if (!type) return;
    if (type !== "text") walk.issue(`${path}.op`, `字段 ${c.field.split(".")[1]} 是${FIELD_TYPE_LABELS[type]}，不能做文本匹配`);
    if (c.op === "matches") walk.regex(`${path}.value`, c.value);
  },
  compile(c, walk, scope) {
    const col = walk.column(scope, c.field).sql;
    const value = walk.param(c.value, "text");
    if (c.op === "contains") return `strpos(${col}, ${value}) > 0`;
    if (c.op === "startsWith") return `starts_with(${col}, ${value})`;
    return `${col} ~ ${value}`;
  },
  text(c, walk, scope) {
    const field = walk.field(scope, c.field).text;
    if (c.op === "contains") return `${field} 包含 “${c.value}”`;
    if (c.op === "startsWith") return `${field} 以 “${c.value}” 开头`;
    return `${field} 符合正则表达式 “${c.value}”`;
  },
  value: (c, walk) => walk.value(c.field),
};
