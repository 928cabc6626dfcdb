import type { Locale } from "../i18n/messages";

/**
 * The code lists an admin extends: 来源单位 (who supplies a dataset), 业务条线 (a model's and its
 * clues' line) and 监督点 (the taxonomy a model is filed under). Pure: the names and formatting
 * every layer shares; the rows live in the database (migrations 0014 and 0015).
 */
export const CODE_LIST_KINDS = ["agency", "businessLine", "supervisionPoint"] as const;
export type CodeListKind = (typeof CODE_LIST_KINDS)[number];

/** How a list, and the field that names one of its codes, is called on screen and in errors. */
export const CODE_LIST_LABELS: Record<CodeListKind, { zh: string; en: string }> = {
  agency: { zh: "来源单位", en: "Source agency" },
  businessLine: { zh: "业务条线", en: "Business line" },
  supervisionPoint: { zh: "监督点", en: "Supervision point" },
};

export interface CodeEntry {
  code: string;
  labelZh: string;
  labelEn: string;
  active: boolean;
  position: number;
}

/** code → entry, disabled codes included (old records still name them). */
export type CodeLabels = ReadonlyMap<string, CodeEntry>;

/** The label to show for a stored code; an unknown code shows as itself rather than as nothing. */
export function codeLabel(labels: CodeLabels, code: string, locale: Locale = "zh"): string {
  const entry = labels.get(code);
  if (!entry) return code;
  return locale === "en" ? entry.labelEn : entry.labelZh;
}

/** "court（法院）、police（公安）…": the entries as every error about a code lists them. */
export function codesText(entries: Iterable<CodeEntry>): string {
  const list = [...entries];
  return list.length > 0 ? list.map((e) => `${e.code}（${e.labelZh}）`).join("、") : "（无可用取值，请联系系统管理员）";
}

/** The active codes only: what a new dataset or model may name. */
export function allowedCodesText(entries: Iterable<CodeEntry>): string {
  return codesText([...entries].filter((e) => e.active));
}

/**
 * Why `value` cannot name an active code of the list, or null when it can. Missing, non-text,
 * unknown and disabled values are each told so, always with the codes that may stand there.
 */
export function codeProblem(kind: CodeListKind, value: unknown, labels: CodeLabels): string | null {
  const name = CODE_LIST_LABELS[kind].zh;
  const allowed = `可选：${allowedCodesText(labels.values())}`;
  if (value === undefined || value === null || value === "") return `请填写${name}，${allowed}`;
  if (typeof value !== "string") return `${name}应为代码文本，${allowed}`;
  const entry = labels.get(value);
  // The value is echoed back, never whole when it is long (an API client may send anything).
  if (!entry) return `未知的${name}“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”，${allowed}`;
  if (!entry.active) return `${name}“${value}”（${entry.labelZh}）已停用，${allowed}`;
  return null;
}
