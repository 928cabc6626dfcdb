// The parameter contract of every statement a rule becomes, written once. The compiler, previews,
// explanations, runs, the command line, tests and benches all build their parameter arrays here,
// so no caller counts placeholders by hand or casts its array for postgres.js.
//
//   $1            the running org (every dataset in the statement is limited to it)
//   $2            the run date (date arithmetic such as { "runDate": { "minusDays": 30 } })
//   $3 … $(n+2)   the rule's own values, in the order the compiler met them
//   $(n+3) …      the caller's values after them (a preview's limit, a run's model and run ids)

/** One value a statement binds; postgres.js sends the arrays as PostgreSQL arrays. */
export type StatementValue = string | number | boolean | readonly string[] | readonly number[] | readonly boolean[];

/** What every rule statement is run for: $1 and $2. */
export interface StatementScope {
  orgId: string;
  /** YYYY-MM-DD, China calendar. */
  runDate: string;
}

export const ORG_PARAM = "$1";
export const RUN_DATE_PARAM = "$2";
/** The placeholders before the rule's own values. */
const SCOPE_PARAMS = 2;

/**
 * PostgreSQL takes at most 65,535 bind parameters a statement; the scope takes two and a preview
 * one more (its limit), leaving the rest to the rule's values.
 */
export const MAX_RULE_VALUES = 65_535 - SCOPE_PARAMS - 1;

/** The placeholder of the rule's value number `index` (0-based). */
export function ruleValueParam(index: number): string {
  return `$${SCOPE_PARAMS + 1 + index}`;
}

/** The placeholder of the caller's value number `index` (0-based), after the rule's `ruleValues` values. */
export function callerParam(ruleValues: number, index: number): string {
  return `$${SCOPE_PARAMS + ruleValues + 1 + index}`;
}

/** The parameter array of a rule statement: scope, the rule's values, then the caller's. */
export function statementParams(scope: StatementScope, ruleValues: readonly StatementValue[], callerValues: readonly StatementValue[] = []): StatementValue[] {
  return [scope.orgId, scope.runDate, ...ruleValues, ...callerValues];
}

/** "$1 = …，$2 = …": a parameter array as the command line and reviewers read it. */
export function describeParams(params: readonly StatementValue[]): string {
  return params.map((v, i) => `$${i + 1} = ${JSON.stringify(v)}`).join("，");
}
