// The importer sends rows in PostgreSQL's binary COPY format, laying out dates, numbers and
// timestamps itself. Every value it stores must equal what PostgreSQL makes of the same
// (normalised) text — in a fresh partition and when appending to an existing one.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSql } from "@/db/client";
import { registerDataset } from "@/lib/datasets/catalog";
import type { DatasetField } from "@/lib/datasets/definition";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { convertCell } from "@/lib/datasets/import/values";
import type { Actor } from "@/lib/auth/actor";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

const KEY = "value_check";
const FIELDS = [
  { name: "label", label: "说明", type: "text", required: true },
  { name: "t", label: "文本", type: "text" },
  { name: "n", label: "数值", type: "numeric" },
  { name: "i", label: "整数", type: "integer" },
  { name: "b", label: "是否", type: "boolean" },
  { name: "d", label: "日期", type: "date" },
  { name: "ts", label: "时间", type: "timestamp" },
] as const;
const PG_TYPES = { text: "text", numeric: "numeric", integer: "bigint", boolean: "boolean", date: "date", timestamp: "timestamptz" } as const;

/** A value as text, the same whatever the session's time zone. */
function asText(expr: string, type: keyof typeof PG_TYPES): string {
  return type === "timestamp" ? `(${expr} at time zone 'UTC')::text` : `${expr}::text`;
}

// One CSV row per case: each column holds a spelling the importer must store exactly.
const ROWS = [
  ["zeros", "\\N", "0", "0", "0", "2000-01-01", "2000-01-01 00:00"],
  ["negative zero and scale", "制表\t符", "-0.00", "-0", "false", "1999-12-31", "1999-12-31 23:59:59.999999+05:30"],
  ["trailing zeros", "反斜杠\\路", "123.4500", "-9", "是", "1900-01-01", "1900-01-01 00:00:00Z"],
  ["exponents", '"引号""与,逗号"', "1.5E-3", "123456789012345678", "否", "2024-02-29", "2024-02-29 12:00:00-0800"],
  ["big exponent", "", "1e3", "-123456789012345678", "TRUE", "9999-12-31", "2026-01-02T08:30:15Z"],
  ["long decimal", "中文", "-98765432109876543210.0123456789", "1,234", "1", "1000-01-01", "2026-07-01 08:30:15.1234567"],
  ["no integer part", "x", ".5", "+5", "f", "2026/2/3", "2026-03-01 00:00:00.5"],
  ["no fraction", "y", "5.", "", "", "2026年3月1日", ""],
  ["thousands", "z", "1,234.5", "42", "t", "20260301", "2026/3/1 7:05"],
  ["tiny", "w", "1e-10", "7", "yes", "1969-12-31", "1970-01-01 00:00:00+00:00"],
  ["leading zeros", "v", "00012.30", "0012", "no", "2000-02-29", "2099-12-31 23:59:59+15:59"],
  ["big integer part", "u", "10000000000000000000000", "1", "n", "1582-10-15", "1601-01-01 00:00"],
];

let database: TestDatabase;
let admin: Actor;

beforeAll(async () => {
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  await registerDataset(admin, { key: KEY, name: "取值校验", agency: "court", businessLine: "criminal", fields: [...FIELDS], businessKey: ["label"], indexes: [], recordDateField: "d" });
}, 60_000);
afterAll(async () => {
  await database.drop();
});

function csvCell(value: string): string {
  return /[",\n\t]/.test(value) && !value.startsWith('"') ? `"${value.replace(/"/g, '""')}"` : value;
}

async function importRows(suffix: string, replace: boolean): Promise<void> {
  const body = [FIELDS.map((f) => f.name).join(","), ...ROWS.map(([label, ...rest]) => [`${label} ${suffix}`, ...rest].map(csvCell).join(","))].join("\n");
  const imp = await startImport(admin, { datasetKey: KEY, fileName: "values.csv", body: Readable.from([Buffer.from(body)]), options: { mode: "strict", replace } });
  const done = await runImport(imp.id, { finalAttempt: true });
  expect(done.errors).toEqual([]);
  expect(done.status).toBe("succeeded");
}

/** What PostgreSQL makes of the importer's normalised text for the cell, as text. */
async function expectedText(field: (typeof FIELDS)[number], raw: string): Promise<string | null> {
  const cell = convertCell({ ...field, pii: "none", required: false, nonNegative: false } as DatasetField, raw.replace(/^"(.*)"$/s, "$1").replace(/""/g, '"'));
  if (!cell.ok) throw new Error(cell.message);
  if (cell.value === null) return null;
  const [row] = await getSql().unsafe(`select ${asText(`$1::text::${PG_TYPES[field.type]}`, field.type)} as v`, [cell.value]);
  return row.v as string | null;
}

describe("binary COPY values", () => {
  it("stores every type exactly as PostgreSQL reads its text, in a fresh partition and when appending", async () => {
    await importRows("fresh", true);
    await importRows("appended", false);
    const cols = FIELDS.map((f) => `${asText(f.name, f.type)} as ${f.name}`).join(", ");
    const stored = await getSql().unsafe(`select ${cols} from ds.${KEY} order by id`);
    expect(stored.length).toBe(ROWS.length * 2);
    for (const [i, row] of stored.entries()) {
      const raw = ROWS[i % ROWS.length];
      expect(row.label).toBe(`${raw[0]} ${i < ROWS.length ? "fresh" : "appended"}`);
      for (const [j, field] of FIELDS.entries()) {
        if (j === 0) continue;
        expect({ case: raw[0], field: field.name, value: row[field.name] }).toEqual({ case: raw[0], field: field.name, value: await expectedText(field, raw[j]) });
      }
    }
  });
});
