import "server-only";
import { codeIssues } from "../code-lists/queries";
import type { FieldIssue } from "../errors";
import { fieldIssues, invalidInput } from "../validation";
import { DATASET_FIELD_LABELS, ZDatasetDefinition, type DatasetDefinition } from "./definition";

const CODE_FIELDS = ["agency", "businessLine"] as const;

/** The definition's 来源单位 and 业务条线 against the lists in the database (active codes only). */
async function definitionCodeIssues(input: unknown): Promise<FieldIssue[]> {
  const raw = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
  return codeIssues(CODE_FIELDS.map((kind) => ({ path: kind, kind, value: raw[kind] })));
}

/**
 * A dataset definition as registered: the schema, and its agency and business line naming active
 * codes. Every problem at once (a bad agency does not hide a bad field), each field named in the
 * user's words and every code problem listing the codes that may stand there.
 */
export async function parseDatasetDefinition(input: unknown): Promise<DatasetDefinition> {
  const parsed = ZDatasetDefinition.safeParse(input);
  const codes = await definitionCodeIssues(input);
  // The database's answer about a code says more than the schema's ("应为代码文本"): it lists them.
  const coded = new Set(codes.map((i) => i.path));
  const schema = parsed.success ? [] : fieldIssues(parsed.error).filter((i) => !coded.has(i.path));
  const issues = [...codes, ...schema];
  if (issues.length > 0 || !parsed.success) throw invalidInput(issues, DATASET_FIELD_LABELS);
  return parsed.data;
}

/** For the seed: a built-in definition must name codes the lists hold (a typo fails the install loudly). */
export async function assertDefinitionCodes(defs: readonly DatasetDefinition[]): Promise<void> {
  for (const def of defs) {
    const issues = await definitionCodeIssues(def);
    if (issues.length > 0) throw invalidInput(issues.map((i) => ({ ...i, path: `${def.key}.${i.path}` })), DATASET_FIELD_LABELS);
  }
}
