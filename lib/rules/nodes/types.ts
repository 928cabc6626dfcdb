// What a node kind is, and what the three walks (check, compile, describe) offer the node kinds.
// A node kind file (./comparison.ts …) holds everything about one construct; ./index.ts lists them.
import type { z } from "zod";
import type { DatasetDefinition, FieldType } from "../../datasets/definition";
import type { Aggregate } from "./aggregate";
import type { DatasetRef, DaysOrParam, LiteralOrParam, MonthsOrParam, Operand, ParamRef } from "./common";
import type { Comparison } from "./comparison";
import type { DaysBetween } from "./days-between";
import type { InList } from "./in-list";
import type { MonthCompare } from "./month";
import type { NullCheck } from "./null-check";
import type { Between } from "./range";
import type { TextMatch } from "./text-match";

export interface Subquery {
  from: DatasetRef;
  where?: Condition;
  /** exists only: fields of the matched rows shown as the clue's evidence (./exists-evidence.ts). */
  evidence?: string[];
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { exists: Subquery }
  | { notExists: Subquery }
  | Comparison
  | InList
  | NullCheck
  | TextMatch
  | Between
  | DaysBetween
  | MonthCompare;

/** The schemas a recursive node kind nests (given by the registry, which builds them). */
export interface NestedSchemas {
  condition: z.ZodType<Condition>;
  subquery: z.ZodType<Subquery>;
}

/** What a builder needs to offer one input of a node. */
export interface NodeInput {
  /** The JSON key. */
  name: string;
  label: string;
  /**
   * field(s): "alias.field" (a list of them); literal(s): a value of the field's type (a list);
   * literalOrRunDate: a value or the run date ± days; days: whole days; monthOrRunDate: "YYYY-MM"
   * or the run date ± months; months: whole months; number: any number; pattern: text or a regex;
   * choice: one of `choices`; dataset / alias: a catalog key / a new alias; source: a dataset with
   * its alias; condition(s) / subquery: nested condition nodes; aggregate: an aggregate
   * (RULE_META.aggregate); groupCondition(s): having nodes; joins: a list of RULE_META.join; clue:
   * the clue mapping; window: RULE_META.window; params: the rule's parameter declarations (RULE_META.param).
   */
  kind:
    | "field" | "fields" | "literal" | "literals" | "literalOrRunDate" | "fieldOrLiteral" | "days" | "monthOrRunDate" | "months" | "integer" | "number" | "text" | "pattern" | "choice"
    | "dataset" | "alias" | "source" | "condition" | "conditions" | "subquery" | "aggregate" | "groupCondition" | "groupConditions" | "joins" | "clue" | "window" | "params";
  optional?: boolean;
  /** May be a rule parameter, { "param": "graceDays" }, instead of a value. */
  param?: boolean;
  /** For kind "choice": the values it may take, each with its Chinese label. */
  choices?: readonly { value: string; label: string }[];
}

/** The metadata the no-code builder reads. */
export interface NodeMeta {
  kind: string;
  /** Chinese name of the construct, as the builder's menu shows it. */
  label: string;
  /** The ops that select this kind, each with its Chinese label (none for structural kinds such as all). */
  ops: readonly { op: string; label: string }[];
  /** The field types its `field` may have (empty: it does not take a field). */
  fieldTypes: readonly FieldType[];
  inputs: readonly NodeInput[];
}

// ---- The walks, as node kinds see them --------------------------------------------------------

export type DefScope = ReadonlyMap<string, DatasetDefinition>;

export interface CheckWalk {
  issue(path: string, message: string): void;
  /** The type of "alias.field", or null (with an issue) when either is unknown. */
  field(scope: DefScope, path: string, ref: string): FieldType | null;
  /** Whether a literal, a parameter or the run date fits a field of this type (an issue when not). */
  operand(type: FieldType, name: string, path: string, value: Operand): void;
  literal(type: FieldType, name: string, path: string, value: LiteralOrParam): void;
  /** Whole days, or a parameter fit to be days (declared, integer, bounded within 0 … 36500). */
  days(path: string, value: DaysOrParam | undefined): void;
  /** Whole months, or a parameter fit to be months (declared, integer, bounded within 0 … 1200). */
  months(path: string, value: MonthsOrParam | undefined): void;
  /** A number, or a parameter fit to be one (integer: an integer parameter). */
  number(path: string, value: number | ParamRef, integer: boolean): void;
  regex(path: string, pattern: string): void;
  condition(scope: DefScope, path: string, c: Condition): void;
  subquery(scope: DefScope, path: string, q: Subquery): void;
}

export interface CompileWalk {
  /** A bind parameter cast to `cast` (a rule parameter: its value for this run); answers its placeholder. */
  param(value: LiteralOrParam, cast: string): string;
  /** A list as one text[] parameter cast to the field's base type. */
  list(values: LiteralOrParam[], baseType: string): string;
  column(scope: DefScope, ref: string): { sql: string; type: FieldType };
  /** A literal or parameter of a field's type, or the run date ± days. */
  operand(type: FieldType, value: Operand): string;
  /** An expression of a date or timestamp shifted by `plus` − `minus` days (literals or parameters). */
  shift(sql: string, type: FieldType, plus: DaysOrParam | undefined, minus: DaysOrParam | undefined): string;
  /** `plus` − `minus` + `extra` months as an SQL interval (literals written, parameters bound), or null when none. */
  months(plus: MonthsOrParam | undefined, minus: MonthsOrParam | undefined, extra?: number): string | null;
  condition(scope: DefScope, c: Condition): string;
  subquery(scope: DefScope, q: Subquery): string;
}

/** How a line of a clue's explanation reports an exists (found) or a notExists (absent) it searched. */
export type Finding = "found" | "absent";

/** An alias in scope while describing; `def` is missing when the catalog does not know the dataset (we still describe). */
export interface Bound {
  key: string;
  def?: DatasetDefinition;
  /** The alias's Chinese label (门诊结算), shown instead of the dataset's name. */
  label?: string;
}
export type DescribeScope = ReadonlyMap<string, Bound>;

export interface DescribeWalk {
  field(scope: DescribeScope, ref: string): { text: string; type?: FieldType };
  /** A literal, a parameter (its value used, with its label) or the run date ± days, as the explanation says it. */
  literal(value: Operand, type: FieldType | undefined): string;
  list(values: LiteralOrParam[], type: FieldType | undefined): string;
  /** A number or a parameter's value (“30（宽限天数）”). */
  number(value: number | ParamRef): string;
  /** “后 30 日” / “前 30 日（宽限天数）” / "" for a shift of ± days (literals or parameters). */
  shift(plus: DaysOrParam | undefined, minus: DaysOrParam | undefined): string;
  /** “后 2 个月” / “前 24 个月（追溯月数）” / "" for a shift of ± months (literals or parameters). */
  months(plus: MonthsOrParam | undefined, minus: MonthsOrParam | undefined): string;
  /** This clue's value of a field of the hit row, masked, when the evidence carries it. */
  value(ref: string): string | undefined;
  rawValue(ref: string): { found: boolean; value?: unknown };
  push(depth: number, text: string, value?: string, finding?: Finding): void;
  condition(scope: DescribeScope, c: Condition, depth: number): void;
  /** Pushes a leaf condition's line after `prefix`, with the clue's value; false (nothing pushed) when `c` is not a leaf. */
  leaf(scope: DescribeScope, c: Condition, depth: number, prefix: string): boolean;
  /** A condition on one line. */
  inline(scope: DescribeScope, c: Condition): string;
  /** This clue's value of an aggregate, when clue.aggregates computes the same one. */
  storedAggregate(a: Aggregate): string | undefined;
  /** Binds a subquery's dataset in a copy of the scope and names it. */
  enter(scope: DescribeScope, q: Subquery): { scope: DescribeScope; table: string };
  /**
   * For a clue, when every hit satisfies this exists/notExists and the evidence holds the values it
   * searched with: what it matched (rows of its `evidence` fields, when it names some). Else null.
   */
  searched(q: Subquery): { rows?: unknown[] } | null;
  /** A subquery's condition on one line with the hit row's fields replaced by this clue's values (masked). */
  inlineSearched(scope: DescribeScope, q: Subquery): string;
}

interface NodeBase<C> {
  meta: NodeMeta;
  /** The JSON key that tells this kind (all, exists, daysBetween…); absent: told by its `op`. */
  key?: string;
  schema(nested: NestedSchemas): z.ZodType<C>;
  check(c: C, walk: CheckWalk, scope: DefScope, path: string): void;
  compile(c: C, walk: CompileWalk, scope: DefScope): string;
}

/** A condition on one line of the explanation, with the clue's value beside it. */
export interface LeafKind<C> extends NodeBase<C> {
  leaf: true;
  text(c: C, walk: DescribeWalk, scope: DescribeScope): string;
  value(c: C, walk: DescribeWalk): string | undefined;
}

/** A condition over other conditions: explained over several lines. */
export interface BranchKind<C> extends NodeBase<C> {
  leaf: false;
  describe(c: C, walk: DescribeWalk, scope: DescribeScope, depth: number): void;
  inline(c: C, walk: DescribeWalk, scope: DescribeScope): string;
}

export type NodeKind<C> = LeafKind<C> | BranchKind<C>;
