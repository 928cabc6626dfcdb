import { createHash } from "node:crypto";
import type { DatasetDefinition, DatasetField, FieldType } from "./definition";

/**
 * Imported rows live in schema `ds`: one typed table per dataset key, partitioned by org
 * (LIST on org_id). Each org's rows are one partition in schema `ds_part`, so an import into an
 * org without rows, or a replace, loads a fresh unindexed table and attaches it — indexes are
 * built once after the load instead of maintained row by row.
 */
export const DATA_SCHEMA = "ds";
export const PARTITION_SCHEMA = "ds_part";

// Text columns compare bytewise: IDs, case numbers and codes need no linguistic collation, and
// joins, GROUP BY and index builds on millions of rows are several times faster without it.
const PG_TYPES: Record<FieldType, string> = {
  text: 'text collate "C"',
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

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

// Postgres caps identifiers at 63 bytes; a short hash keeps long derived names unique.
function boundedName(raw: string): string {
  return raw.length <= 63 ? raw : `${raw.slice(0, 50)}_${hash(raw, 12)}`;
}

function sequenceRef(key: string): string {
  return `${quoteIdent(DATA_SCHEMA)}.${quoteIdent(boundedName(`${key}_id_seq`))}`;
}

/** A new name for an org's partition of a dataset (unique per load, so old and new can coexist). */
export function newPartitionRef(key: string, orgId: string, nonce: string): string {
  const name = `p_${hash(key, 10)}_${orgId.replace(/-/g, "")}_${nonce}`;
  return `${quoteIdent(PARTITION_SCHEMA)}.${quoteIdent(name)}`;
}

function columnSql(field: DatasetField): string {
  return `${quoteIdent(field.name)} ${pgType(field.type)}`;
}

/**
 * Index statements on the partitioned table. Each org's rows are their own partition and every
 * query names the org, so indexes leave org_id out: the partition already is the org. Only the
 * row id (keyset paging) and the definition's declared indexes are built — each one costs the
 * import time.
 */
export function indexStatements(def: DatasetDefinition): string[] {
  const declared = [["id"], ...def.indexes];
  const seen = new Set<string>();
  const statements: string[] = [];
  for (const columns of declared) {
    const id = columns.join(",");
    if (seen.has(id)) continue;
    seen.add(id);
    const cols = columns.map(quoteIdent).join(", ");
    statements.push(`create index if not exists ${quoteIdent(boundedName(`${def.key}_${columns.join("_")}_idx`))} on ${tableRef(def.key)} (${cols})`);
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
    `id bigint not null default nextval('${sequenceRef(def.key).replace(/'/g, "''")}')`,
    "org_id uuid not null",
    "import_id uuid not null",
    "row_no bigint not null",
    ...def.fields.map(columnSql),
  ];
  return [
    `create schema if not exists ${quoteIdent(PARTITION_SCHEMA)}`,
    // A cached sequence: COPY draws one id per row, and an uncached nextval is a visible cost.
    `create sequence ${sequenceRef(def.key)} cache 1000`,
    `create table ${tableRef(def.key)} (\n  ${columns.join(",\n  ")}\n) partition by list (org_id)`,
    ...indexStatements(def),
  ];
}

export function addColumnStatement(key: string, field: DatasetField): string {
  return `alter table ${tableRef(key)} add column ${columnSql(field)}`;
}
