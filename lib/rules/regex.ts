import "server-only";
import { getSql } from "@/db/client";
import { hasNul, NUL_MESSAGE } from "../validation";

/**
 * A rule's `matches` runs as PostgreSQL's `~`, whose dialect (ARE) is not JavaScript's: named
 * groups `(?<n>…)`, `\p{L}` and bounds over 255 (`a{1,1000}`) are valid in JavaScript and errors in
 * PostgreSQL. So PostgreSQL itself is asked: compiling a pattern (`'' ~ pattern`) is all it takes.
 * All patterns go in one statement, one round trip when they are valid (the common case); only when
 * that fails is each one tried on its own to name the bad ones. No transaction is needed: a failed
 * single statement leaves nothing behind. Compiling is bounded by PostgreSQL itself (a pattern is at
 * most 500 characters; past its state limit it answers "regular expression is too complex").
 */

const INVALID_REGULAR_EXPRESSION = "2201B";

/** PostgreSQL's regex error texts (src/include/regex/regerrs.h) in the user's words. */
const REASONS: Record<string, string> = {
  "quantifier operand invalid": "量词（*、+、?、{m,n}）前没有可重复的内容；注意 PostgreSQL 不支持命名分组 (?<名称>…)",
  "invalid repetition count(s)": "重复次数无效：{m,n} 中的次数须在 0—255 之间且 m 不大于 n",
  "invalid escape \\ sequence": "含有 PostgreSQL 不支持的转义序列（如 \\p{…}、\\k<…>）",
  "parentheses () not balanced": "圆括号不配对",
  "brackets [] not balanced": "方括号不配对",
  "braces {} not balanced": "花括号不配对",
  "invalid character range": "字符范围无效（如 [z-a]）",
  "invalid character class": "字符类无效（如 [[:foo:]]）",
  "invalid collating element": "排序元素无效",
  "invalid backreference number": "反向引用编号无效",
  "invalid embedded option": "内嵌选项无效（如 (?x)）",
  "regular expression is too complex": "正则表达式过于复杂",
  "too many colors": "正则表达式过于复杂",
  "out of memory": "正则表达式过于复杂",
};

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

/** Why PostgreSQL refused a pattern, in Chinese (never its own text), or null for another kind of error. */
function reason(error: unknown): string | null {
  if (errorCode(error) !== INVALID_REGULAR_EXPRESSION) return null;
  const detail = String((error as Error).message).replace(/^invalid regular expression:\s*/, "");
  return `正则表达式不符合 PostgreSQL 语法：${REASONS[detail] ?? "无法解析"}`;
}

/** Pattern → why PostgreSQL refuses it; patterns it accepts are absent. */
export async function postgresRegexProblems(patterns: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const problems = new Map<string, string>();
  // The rule schema refuses NUL already; PostgreSQL text could not carry one to the check either.
  for (const pattern of patterns) if (hasNul(pattern)) problems.set(pattern, `正则表达式${NUL_MESSAGE}`);
  patterns = patterns.filter((p) => !problems.has(p));
  if (patterns.length === 0) return problems;
  const sql = getSql();
  try {
    await sql`select count(*) from jsonb_array_elements_text(${JSON.stringify(patterns)}::jsonb) as p where '' ~ p`;
    return problems;
  } catch (error) {
    if (reason(error) === null) throw error;
  }
  for (const pattern of patterns) {
    try {
      await sql`select '' ~ ${pattern}`;
    } catch (error) {
      const why = reason(error);
      if (why === null) throw error;
      problems.set(pattern, why);
    }
  }
  return problems;
}
