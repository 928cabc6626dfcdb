// What a condition on a value says when that value is empty: { …, "ifEmpty": "match" | "noMatch" }.
// Without it SQL's rule holds: a comparison with an empty (null) value is neither true nor false,
// so the row is dropped by the condition AND by its not — `not(x < y)` loses every row where x or y
// is empty. `ifEmpty` makes the answer explicit, so a not turns it round as a builder expects.
// Taken by comparison, in-list, text match, range, month and daysBetween; the walks apply it (compile.ts
// wraps the kind's SQL, describe.ts adds the words), so a kind only declares the key.
import { z } from "zod";
import type { Condition, NodeInput } from "./types";

export const IF_EMPTY = ["match", "noMatch"] as const;
export type IfEmpty = (typeof IF_EMPTY)[number];
export const ZIfEmpty = z.enum(IF_EMPTY).optional();

export const IF_EMPTY_LABELS: Record<IfEmpty, string> = { match: "为空时视为满足", noMatch: "为空时视为不满足" };

/** The builder's input for it, on every kind that takes it. */
export const IF_EMPTY_INPUT: NodeInput = {
  name: "ifEmpty",
  label: "字段为空时",
  kind: "choice",
  optional: true,
  choices: IF_EMPTY.map((value) => ({ value, label: IF_EMPTY_LABELS[value] })),
};

export function ifEmptyOf(c: Condition): IfEmpty | undefined {
  return "ifEmpty" in c ? c.ifEmpty : undefined;
}

/** The kind's SQL, its unknown (an empty operand) turned into true or false when the rule says so. */
export function withIfEmpty(sql: string, ifEmpty: IfEmpty | undefined): string {
  return ifEmpty === undefined ? sql : `coalesce((${sql}), ${ifEmpty === "match" ? "true" : "false"})`;
}

/** The kind's Chinese, with what an empty value counts as. */
export function ifEmptyText(text: string, ifEmpty: IfEmpty | undefined): string {
  return ifEmpty === undefined ? text : `${text}（${IF_EMPTY_LABELS[ifEmpty]}）`;
}
