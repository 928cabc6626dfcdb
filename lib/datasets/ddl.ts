import type { DatasetDefinition, DatasetField, FieldType } from "./definition";

/** Imported rows live in schema `ds`, one typed table per dataset key. */
export const DATA_SCHEMA = "ds";

const PG_TYPES: Record<FieldType, string> = {
  text: "text",
  integer: "bigint",
  numeric: "numeric",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamptz",
};

export function pgType(type: FieldType): string {
  return PG_TYPES[type];
}

/** Quotes an identifier; callers only pass catalog names, which the definition schema restricts further. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableRef(key: string): string {
  return `${quoteIdent(DATA_SCHEMA)}.${quoteIdent(key)}`;
}

function columnSql(field: DatasetField): string {
  return `${quoteIdent(field.name)} ${pgType(field.type)}`;
}

// Index names are capped at 63 bytes by Postgres; a short hash keeps long names unique.
function indexName(key: string, columns: string[]): string {
  const raw = `${key}_${columns.join("_")}_idx`;
  if (raw.length <= 63) return raw;
  let hash = 0;
  for (const ch of raw) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return `${raw.slice(0, 50)}_${(hash >>> 0).toString(36)}`;
}

/** Index statements: every lookup is scoped by org, so org_id leads each declared index. */
export function indexStatements(def: DatasetDefinition): string[] {
  const declared = [def.businessKey, ...def.indexes];
  const seen = new Set<string>();
  const statements: string[] = [];
  for (const columns of declared) {
    const id = columns.join(",");
    if (seen.has(id)) continue;
    seen.add(id);
    const cols = ["org_id", ...columns].map(quoteIdent).join(", ");
    statements.push(`create index if not exists ${quoteIdent(indexName(def.key, columns))} on ${tableRef(def.key)} (${cols})`);
  }
  return statements;
}

/**
 * The table for a dataset: platform columns (row id, org, import, the row's number in its file)
 * then the definition's fields, all nullable — required-ness is enforced by the importer with a
 * row-numbered message, never by a database error.
 */
export function createTableStatements(def: DatasetDefinition): string[] {
  const columns = [
    "id bigint generated always as identity primary key",
    "org_id uuid not null",
    "import_id uuid not null",
    "row_no bigint not null",
    ...def.fields.map(columnSql),
  ];
  return [
    `create table ${tableRef(def.key)} (\n  ${columns.join(",\n  ")}\n)`,
    `create index ${quoteIdent(indexName(def.key, ["org", "id"]))} on ${tableRef(def.key)} (org_id, id)`,
    ...indexStatements(def),
  ];
}

export function addColumnStatement(key: string, field: DatasetField): string {
  return `alter table ${tableRef(key)} add column ${columnSql(field)}`;
}
