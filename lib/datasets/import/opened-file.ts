import type { DatasetImport } from "@/db/schema";
import type { CsvRecord } from "./csv-parser";
import type { CopyEncoder } from "./copy-encoder";
import { ImportRejected } from "./import-errors";
import { csvBody, isXlsx, openCsv, xlsxSource, type ReadPosition } from "./sources";
import { uploadPath } from "./uploads";

/** An opened upload: its header (read before any data moves) and its body as COPY bytes. */
export interface OpenedFile {
  header: string[];
  headerRow: number;
  encoding: "utf8" | "gb18030" | null;
  position: ReadPosition;
  body(encoder: CopyEncoder): AsyncGenerator<Buffer>;
}

/** Spreadsheet rows may omit trailing empty cells or carry empty ones beyond the header. */
function fitRow(record: CsvRecord, width: number): CsvRecord {
  const fields = record.fields.slice();
  while (fields.length < width) fields.push("");
  while (fields.length > width && fields[fields.length - 1].trim() === "") fields.pop();
  return { row: record.row, fields };
}

async function openCsvFile(file: string, encoding: DatasetImport["encoding"]): Promise<OpenedFile> {
  const csv = openCsv(file, encoding);
  if (!csv) throw new ImportRejected("文件为空：没有表头，也没有数据行");
  const position: ReadPosition = { bytesRead: 0 };
  return {
    header: csv.header,
    headerRow: csv.headerRow,
    encoding: csv.encoding,
    position,
    async *body(encoder) {
      for await (const bytes of csvBody(file, csv, position)) {
        const out = encoder.push(bytes);
        if (out) yield out;
      }
      const out = encoder.end();
      if (out) yield out;
    },
  };
}

async function openXlsxFile(file: string, sheet: string | null): Promise<OpenedFile> {
  const source = xlsxSource(file, sheet);
  const batches = source.records[Symbol.asyncIterator]();
  const first = await batches.next();
  if (first.done || first.value.length === 0) throw new ImportRejected("工作表为空：没有表头，也没有数据行");
  const [head, ...rest] = first.value;
  return {
    header: head.fields,
    headerRow: head.row,
    encoding: null,
    position: source.position,
    async *body(encoder) {
      for (let batch: CsvRecord[] | null = rest; batch; ) {
        for (const record of batch) encoder.record(record.row, fitRow(record, head.fields.length).fields);
        const out = encoder.take();
        if (out) yield out;
        const next = await batches.next();
        batch = next.done ? null : next.value;
      }
      const out = encoder.end();
      if (out) yield out;
    },
  };
}

export function openFile(imp: DatasetImport): Promise<OpenedFile> {
  const file = uploadPath(imp.id);
  return imp.format === "xlsx" || isXlsx(file) ? openXlsxFile(file, imp.sheet) : openCsvFile(file, imp.encoding);
}
