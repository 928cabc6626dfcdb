import { writeFile } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { DatasetDefinition } from "@/lib/datasets/definition";
import { type Cell, formatCell, quoteCsv } from "./csv-sink";
import { dateOfDay, type Day } from "./days";
import type { ExtraFile } from "./manifest";
import { normalizeZipTimes } from "./zip-times";

/** Rows copied into the GBK CSV and the XLSX: enough to exercise the paths, small enough to be quick. */
export const COPY_ROWS = 200;

/** CSV text with the Chinese labels as header and CRLF line ends, as a Windows export would have. */
function labelledCsv(def: DatasetDefinition, rows: readonly object[]): string {
  const lines = [def.fields.map((f) => quoteCsv(f.label)).join(",")];
  for (const row of rows) {
    const cells = row as Record<string, Cell>;
    lines.push(def.fields.map((f) => formatCell(cells[f.name] ?? null, f.type)).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

export async function writeGbkCopy(outDir: string, def: DatasetDefinition, rows: readonly object[]): Promise<[string, ExtraFile]> {
  const file = `${def.key}.gbk.csv`;
  await writeFile(path.join(outDir, file), iconv.encode(labelledCsv(def, rows), "gbk"));
  return [
    file,
    {
      dataset: def.key as ExtraFile["dataset"],
      encoding: "gbk",
      header: "labels",
      rows: rows.length,
      description: `The first ${rows.length} rows of ${def.key}.csv, GBK-encoded, CRLF line ends, header = the fields' Chinese labels; values as in the UTF-8 file.`,
    },
  ];
}

/** A spreadsheet cell: real dates and numbers (as an agency's export has them), text for the rest. */
function xlsxCell(value: Cell, type: DatasetDefinition["fields"][number]["type"]): ExcelJS.CellValue {
  if (value === null || value === "") return null;
  if (type === "date" && typeof value === "number") return dateOfDay(value as Day);
  if ((type === "numeric" || type === "integer") && typeof value === "string") return Number(value);
  return value;
}

export async function writeXlsxCopy(outDir: string, def: DatasetDefinition, rows: readonly object[], asOf: Day): Promise<[string, ExtraFile]> {
  const file = `${def.key}.xlsx`;
  const stamp = dateOfDay(asOf);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "shujian synthetic generator";
  workbook.lastModifiedBy = workbook.creator;
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet(def.name);
  sheet.addRow(def.fields.map((f) => f.label));
  for (const row of rows) {
    const cells = row as Record<string, Cell>;
    sheet.addRow(def.fields.map((f) => xlsxCell(cells[f.name] ?? null, f.type)));
  }
  def.fields.forEach((f, i) => {
    if (f.type === "date") sheet.getColumn(i + 1).numFmt = "yyyy-mm-dd";
  });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await writeFile(path.join(outDir, file), normalizeZipTimes(buffer, stamp));
  return [
    file,
    {
      dataset: def.key as ExtraFile["dataset"],
      encoding: "utf-8",
      header: "labels",
      rows: rows.length,
      description:
        `The first ${rows.length} rows of ${def.key}.csv on the first sheet; header = Chinese labels; dates are date cells ` +
        "(UTC midnight, format yyyy-mm-dd), amounts are number cells, ID numbers and credit codes are text; empty cell = null.",
    },
  ];
}
