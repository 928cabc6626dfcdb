import "server-only";
import { z } from "zod";
import { getSql } from "@/db/client";
import type { Actor } from "../auth/actor";
import { scopeFor } from "../auth/policy";
import { formatDateTime } from "../format";
import { parseInput } from "../validation";
import { getDatasetByKey } from "./catalog";
import { quoteIdent, tableRef } from "./ddl";
import type { DatasetField } from "./definition";
import { maskText, maskValue } from "./mask";

/** A row id from a link this product made: a positive safe integer (1e20 is not one; the column is bigint). */
const rowIdOf = (message: string) => z.coerce.number(message).int(message).positive(message).max(Number.MAX_SAFE_INTEGER, message);

export const ZRowPageInput = z.object({
  cursor: rowIdOf("分页游标无效").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Jump to one row (a quality example). */
  rowId: rowIdOf("行标识无效，应为正整数").optional(),
});

export interface RowPage {
  fields: DatasetField[];
  rows: { id: number; rowNo: number; orgName: string; values: (string | null)[] }[];
  nextCursor: number | null;
}

function textOf(field: DatasetField, value: unknown): string {
  // postgres.js reads a date as UTC midnight; a timestamp is shown in China Standard Time.
  if (value instanceof Date) return field.type === "date" ? value.toISOString().slice(0, 10) : formatDateTime(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  return String(value);
}

function display(field: DatasetField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = textOf(field, value);
  // Free text may carry an ID or phone number too: masked as any output is.
  return field.pii === "none" ? maskText(text) : maskValue(field.pii, text);
}

/** A page of the readable orgs' rows, oldest first, keyset on the row id; personal data masked. */
export async function previewRows(actor: Actor, key: string, input: unknown = {}): Promise<RowPage> {
  const dataset = await getDatasetByKey(actor, key);
  const scope = scopeFor(actor, "datasets.read");
  const page = parseInput(ZRowPageInput, input);
  const fields = dataset.definition.fields;
  const scopeSql = scope.kind === "org" ? "t.org_id = $1" : "t.org_id in (select id from orgs where path like $1)";
  const params: (string | number)[] = [scope.kind === "org" ? scope.orgId : `${scope.orgPath}%`];
  let where = scopeSql;
  if (page.rowId) {
    params.push(page.rowId);
    where += ` and t.id = $${params.length}`;
  } else if (page.cursor) {
    params.push(page.cursor);
    where += ` and t.id > $${params.length}`;
  }
  const columns = fields.map((f) => `t.${quoteIdent(f.name)}`).join(", ");
  const rows = await getSql().unsafe<Record<string, unknown>[]>(
    `select t.id, t.row_no, o.name as org_name, ${columns} from ${tableRef(dataset.key)} t join orgs o on o.id = t.org_id where ${where} order by t.id limit ${page.limit + 1}`,
    params,
  );
  const shown = rows.slice(0, page.limit);
  return {
    fields,
    rows: shown.map((r) => ({ id: Number(r.id), rowNo: Number(r.row_no), orgName: String(r.org_name), values: fields.map((f) => display(f, r[f.name])) })),
    nextCursor: rows.length > page.limit ? Number(shown[shown.length - 1].id) : null,
  };
}
