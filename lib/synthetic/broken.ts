import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import iconv from "iconv-lite";
import type { DatasetDefinition } from "@/lib/datasets/definition";
import type { GenContext } from "./context";
import { buildJudgment } from "./criminal";
import { type Cell, formatCell } from "./csv-sink";
import type { BrokenFile, BrokenProblem } from "./manifest";
import type { CriminalJudgmentRow } from "./rows";

const ROWS = 10;

/**
 * Fresh 缓刑/罚金 judgments of new people: they trip no model, and none duplicates a row of the
 * main files, so a test may import a broken file next to the real data.
 */
function freshJudgments(ctx: GenContext): CriminalJudgmentRow[] {
  const rng = ctx.rng("broken");
  return Array.from({ length: ROWS }, () => {
    const judgmentDay = ctx.asOf - rng.int(100, 900);
    return buildJudgment(ctx, rng, {
      person: ctx.people.next(rng, 0.85),
      charge: "盗窃罪",
      sentence: rng.chance(0.7) ? "缓刑" : "罚金",
      detained: false,
      judgmentDay,
      effectiveDay: judgmentDay + rng.int(11, 20),
    });
  });
}

function header(fields: readonly { name: string }[]): string {
  return fields.map((f) => f.name).join(",") + "\n";
}

/** Cells of a valid row as strings, to corrupt one of them. */
function cellsOf(row: CriminalJudgmentRow, def: DatasetDefinition): string[] {
  const cells = row as unknown as Record<string, Cell>;
  return def.fields.map((f) => formatCell(cells[f.name] ?? null, f.type));
}

function wrongCheckDigit(id: string): string {
  const digits = "0123456789X";
  return id.slice(0, 17) + digits[(digits.indexOf(id[17]) + 3) % 11];
}

type Entry = [string, BrokenFile];

function entry(file: string, encoding: BrokenFile["encoding"], description: string, expected: string, problems: BrokenProblem[]): Entry {
  return [file, { dataset: "criminal_judgment", encoding, description, expected, problems }];
}

/** Builds each broken file's bytes and its manifest entry (spreadsheet row numbers: header = 1). */
function brokenFiles(def: DatasetDefinition, rows: CriminalJudgmentRow[]): { file: string; bytes: Buffer; entry: Entry }[] {
  const col = (name: string): number => def.fields.findIndex((f) => f.name === name);
  const lines = rows.map((r) => cellsOf(r, def));
  const text = (ls: string[][], head = header(def.fields)): string => head + ls.map((l) => l.join(",") + "\n").join("");
  const out: { file: string; bytes: Buffer; entry: Entry }[] = [];
  const add = (file: string, bytes: Buffer, e: Omit<BrokenFile, "dataset">): void => {
    out.push({ file, bytes, entry: entry(file, e.encoding, e.description, e.expected, e.problems) });
  };

  const badId = lines.map((l) => [...l]);
  badId[3][col("id_number")] = wrongCheckDigit(badId[3][col("id_number")]);
  add("bad-id-checksum.csv", Buffer.from(text(badId)), {
    encoding: "utf-8", description: "One ID number with a wrong check digit.", expected: `reject the file, or import ${ROWS - 1} rows and report row 5`,
    problems: [{ row: 5, column: "id_number", value: badId[3][col("id_number")], reason: "身份证号校验位错误" }],
  });

  const badDate = lines.map((l) => [...l]);
  badDate[1][col("judgment_date")] = "2026-02-30";
  add("impossible-date.csv", Buffer.from(text(badDate)), {
    encoding: "utf-8", description: "A judgment date that does not exist.", expected: `reject the file, or import ${ROWS - 1} rows and report row 3`,
    problems: [{ row: 3, column: "judgment_date", value: "2026-02-30", reason: "不存在的日期" }],
  });

  const idCol = col("id_number");
  const noId = lines.map((l) => l.filter((_, i) => i !== idCol));
  add("missing-required-column.csv", Buffer.from(text(noId, header(def.fields.filter((_, i) => i !== idCol)))), {
    encoding: "utf-8", description: "The required column id_number is absent from the header (and the rows).", expected: "reject the whole file before reading rows",
    problems: [{ row: 1, column: "id_number", value: null, reason: "缺少必填列" }],
  });

  const ragged = lines.map((l) => [...l]);
  ragged[1] = ragged[1].slice(0, -2);
  ragged[4] = [...ragged[4], "多余的值"];
  add("ragged-rows.csv", Buffer.from(text(ragged)), {
    encoding: "utf-8", description: "Row 3 has two columns too few; row 6 has one column too many.", expected: `reject the file, or import ${ROWS - 2} rows and report rows 3 and 6`,
    problems: [
      { row: 3, column: null, value: null, reason: `列数不符：${def.fields.length - 2} 列，应为 ${def.fields.length}` },
      { row: 6, column: null, value: "多余的值", reason: `列数不符：${def.fields.length + 1} 列，应为 ${def.fields.length}` },
    ],
  });

  const gbk = iconv.encode(text(lines), "gbk");
  add("gbk-encoded.csv", gbk, {
    encoding: "gbk", description: `Valid rows, GBK-encoded with no declaration (ASCII header); the first non-ASCII byte is at offset ${gbk.findIndex((b) => b > 0x7f)}.`,
    expected: `detect GBK (the bytes are not valid UTF-8) and import all ${ROWS} rows with the same values as UTF-8`, problems: [],
  });

  add("empty.csv", Buffer.alloc(0), {
    encoding: "utf-8", description: "A 0-byte file.", expected: "reject: empty file (no header)",
    problems: [{ row: 1, column: null, value: null, reason: "空文件" }],
  });

  add("header-only.csv", Buffer.from(header(def.fields)), {
    encoding: "utf-8", description: "A valid header and no data rows.", expected: "import 0 rows (or refuse with a clear message); never an error", problems: [],
  });

  add("utf8-bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text(lines))]), {
    encoding: "utf-8-bom", description: "Valid rows with a UTF-8 byte-order mark before the header.", expected: `strip the BOM (first column is case_no) and import all ${ROWS} rows`, problems: [],
  });

  const lastBad = lines.map((l) => [...l]);
  lastBad[ROWS - 1][col("prison_term_months")] = "十二";
  add("bad-last-row.csv", Buffer.from(text(lastBad).slice(0, -1)), {
    encoding: "utf-8", description: "The last row has a non-integer term; the file also ends without a final line break.",
    expected: `reject the file, or import ${ROWS - 1} rows and report row ${ROWS + 1}`,
    problems: [{ row: ROWS + 1, column: "prison_term_months", value: "十二", reason: "不是整数" }],
  });
  return out;
}

export async function writeBrokenFiles(ctx: GenContext, outDir: string, def: DatasetDefinition): Promise<Record<string, BrokenFile>> {
  const dir = path.join(outDir, "broken");
  await mkdir(dir, { recursive: true });
  const files = brokenFiles(def, freshJudgments(ctx));
  for (const f of files) await writeFile(path.join(dir, f.file), f.bytes);
  return Object.fromEntries(files.map((f) => [`broken/${f.file}`, f.entry[1]]));
}
