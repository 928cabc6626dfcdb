// The registry of condition node kinds: the schema, the checker, the compiler and the explanation
// all find a node's kind here and let its file do the work. A new kind is one file plus one line
// in NODE_KINDS.
import { z } from "zod";
import { ZDatasetRef, ZIdent } from "./common";
import { dispatched, isJsonObject, unknownNodeIssue } from "./errors";
import { comparison } from "./comparison";
import { daysBetween } from "./days-between";
import { exists, notExists } from "./exists";
import { inList } from "./in-list";
import { all, any, not } from "./logical";
import { month } from "./month";
import { nullCheck } from "./null-check";
import { range } from "./range";
import { textMatch } from "./text-match";
import type { Condition, NestedSchemas, NodeKind, NodeMeta, Subquery } from "./types";

/** Kinds told by a key come first, in the order their key is looked for. */
export const NODE_KINDS: readonly NodeKind<Condition>[] = [all, any, not, exists, notExists, daysBetween, month, comparison, inList, nullCheck, textMatch, range];

const BY_KEY = new Map(NODE_KINDS.filter((k) => k.key !== undefined).map((k) => [k.key!, k]));
const BY_OP = new Map(NODE_KINDS.filter((k) => k.key === undefined).flatMap((k) => k.meta.ops.map((o) => [o.op, k] as const)));

/** The kind a JSON object claims to be (by its key, else its `op`), or undefined. */
export function kindOfValue(value: object): NodeKind<Condition> | undefined {
  for (const [key, kind] of BY_KEY) if (key in value) return kind;
  const op = (value as { op?: unknown }).op;
  return typeof op === "string" && BY_OP.has(op) ? BY_OP.get(op) : undefined;
}

/** The kind of a parsed condition (the schema guarantees there is one). */
export function kindOf(c: Condition): NodeKind<Condition> {
  const kind = kindOfValue(c);
  if (!kind) throw new Error(`unparsed condition: ${JSON.stringify(c).slice(0, 100)}`);
  return kind;
}

/** What the builder offers, kind by kind. */
export const NODE_META: readonly NodeMeta[] = NODE_KINDS.map((k) => k.meta);

const nested: NestedSchemas = { condition: z.lazy(() => ZCondition), subquery: z.lazy(() => ZSubquery) };
const SCHEMAS = new Map(NODE_KINDS.map((k) => [k, k.schema(nested)]));

/**
 * A condition is parsed by the one schema its keys name (a union would try all eleven: 6× slower
 * on big rules, and its error says only “无效输入” at the top). A value that names no kind is told
 * so at its own path — at its `op` when that is what is misspelled.
 */
export const ZCondition: z.ZodType<Condition> = dispatched<Condition>((value) => {
  const kind = isJsonObject(value) ? kindOfValue(value) : undefined;
  return kind ? { schema: SCHEMAS.get(kind)! } : { issue: unknownNodeIssue(value, NODE_KINDS) };
});

/** The fields of an exists's matched rows a clue shows (checked against the dataset by the checker). */
const ZSubqueryEvidence = z.array(ZIdent).min(1, "证据字段至少一个").max(12, "证据字段最多 12 个");

export const ZSubquery: z.ZodType<Subquery> = z.lazy(() => z.object({ from: ZDatasetRef, where: ZCondition.optional(), evidence: ZSubqueryEvidence.optional() }).strict());
