import type { DatasetDefinition, DatasetField } from "../definition";
import { shownValue } from "./values";

export interface HeaderMapping {
  /** For each file column, the field it fills (null: unknown column). */
  columns: (DatasetField | null)[];
  /** Problems that stop the import before any data moves. */
  problems: string[];
}

const normalise = (s: string): string => s.replace(/^\uFEFF/, "").trim().toLowerCase();

/** Maps file headers to fields by field name or Chinese label; reports unknown, duplicate and missing columns. */
export function mapHeader(header: string[], def: DatasetDefinition): HeaderMapping {
  const byKey = new Map<string, DatasetField>();
  for (const f of def.fields) {
    byKey.set(normalise(f.name), f);
    byKey.set(normalise(f.label), f);
  }
  const problems: string[] = [];
  const used = new Set<string>();
  const columns = header.map((raw, i) => {
    const name = normalise(raw);
    if (name === "") {
      problems.push(`第 ${i + 1} 列没有列名`);
      return null;
    }
    const field = byKey.get(name) ?? null;
    if (!field) {
      problems.push(`未知的列“${shownValue(raw.trim())}”（第 ${i + 1} 列）：数据资源“${def.name}”没有这个字段`);
      return null;
    }
    if (used.has(field.name)) problems.push(`字段“${field.label}”出现了两次（第 ${i + 1} 列）`);
    used.add(field.name);
    return field;
  });
  const missing = def.fields.filter((f) => f.required && !used.has(f.name));
  if (missing.length > 0) problems.push(`缺少必填列：${missing.map((f) => `${f.label}（${f.name}）`).join("、")}`);
  return { columns, problems };
}
