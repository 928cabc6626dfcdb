import "server-only";
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import ExcelJS from "exceljs";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit/record";
import { getDashboard, type Dashboard } from "./dashboard";
import { formatPercent } from "../format";
import { monthLabel } from "./period";
import { briefingSummary, floorSentence } from "./summary";

const TITLE_FONT = { ascii: "SimHei", eastAsia: "黑体", hAnsi: "SimHei" };
const BODY_FONT = { ascii: "FangSong", eastAsia: "仿宋", hAnsi: "FangSong" };


function text(value: string, opts: { bold?: boolean; size?: number; font?: typeof BODY_FONT } = {}): TextRun {
  return new TextRun({ text: value, bold: opts.bold, size: opts.size ?? 28, font: opts.font ?? BODY_FONT });
}

function body(value: string): Paragraph {
  return new Paragraph({ children: [text(value)], indent: { firstLine: 560 }, spacing: { line: 440 } });
}

function heading(value: string): Paragraph {
  return new Paragraph({ children: [text(value, { bold: true, font: TITLE_FONT })], spacing: { before: 240, after: 120 } });
}

function cell(value: string, header = false): TableCell {
  return new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [text(value, { bold: header, size: 21 })] })] });
}

function table(headers: string[], rows: string[][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

/** Orgs ranked by conversion (then confirmed): the briefing's league table. */
export function orgRanking(d: Dashboard): string[][] {
  return [...d.orgs]
    .sort((a, b) => (b.conversion ?? -1) - (a.conversion ?? -1) || b.confirmed - a.confirmed)
    .map((o, i) => [String(i + 1), o.name, String(o.found), String(o.confirmed), String(o.dismissed), formatPercent(o.conversion), String(o.backlog), o.recovered.toLocaleString("zh-CN")]);
}

export function modelRows(d: Dashboard): string[][] {
  return d.byModel.map((m, i) => [String(i + 1), m.name, String(m.found), String(m.confirmed), String(m.dismissed), formatPercent(m.conversion), m.recovered.toLocaleString("zh-CN"), String(m.adopters)]);
}

const ORG_HEADERS = ["排名", "单位", "发现", "成案", "不成案", "成案率", "积压", "挽回损失（元）"];
const MODEL_HEADERS = ["序号", "监督模型", "发现", "成案", "不成案", "成案率", "挽回损失（元）", "使用院数"];

function fileStem(d: Dashboard): string {
  return `${d.org.name}_${d.month}`;
}

/** 月度通报 as a Word document: title, period, summary from the figures, the two tables, the orgs below the floor. */
export async function buildBriefing(actor: Actor, input: unknown): Promise<{ buffer: Buffer; fileName: string }> {
  const d = await getDashboard(actor, input);
  const doc = new Document({
    creator: actor.name,
    title: `大数据法律监督模型应用情况通报（${monthLabel(d.month)}）`,
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [text(`${d.org.name}`, { size: 36, font: TITLE_FONT })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [text("大数据法律监督模型应用情况通报", { size: 44, bold: true, font: TITLE_FONT })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [text(`（${monthLabel(d.month)}）`, { size: 32 })] }),
          body(briefingSummary(d)),
          heading(d.orgs.length > 1 ? "一、各单位应用情况" : "一、本院应用情况"),
          table(ORG_HEADERS, orgRanking(d)),
          heading("二、模型应用情况"),
          d.byModel.length > 0 ? table(MODEL_HEADERS, modelRows(d)) : body("本月各模型均未发现线索。"),
          heading("三、需要关注的问题"),
          body(floorSentence(d)),
          ...d.byBusinessLine.map((l) => body(`${l.label}检察：发现线索${l.found}条，成案${l.confirmed}条。`)),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [text(d.org.name)] }),
        ],
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  await recordAudit(actor, { action: "stats.export", orgId: d.org.id, targetType: "org", targetId: d.org.id, detail: { kind: "月度通报", month: d.month } });
  return { buffer, fileName: `月度通报_${fileStem(d)}.docx` };
}

/** The same tables as an .xlsx workbook (概况, 各单位, 模型). */
export async function buildStatsWorkbook(actor: Actor, input: unknown): Promise<{ buffer: Buffer; fileName: string }> {
  const d = await getDashboard(actor, input);
  const book = new ExcelJS.Workbook();
  const overview = book.addWorksheet("概况");
  overview.columns = [
    { header: "指标", key: "k", width: 22 },
    { header: monthLabel(d.month), key: "v", width: 16 },
    { header: "上月", key: "p", width: 16 },
  ];
  const c = d.current;
  const p = d.previous;
  const lines: [string, string | number, string | number][] = [
    ["发现线索", c.found, p.found],
    ["接收移送", c.received, p.received],
    ["分派核查", c.triaged, p.triaged],
    ["成案", c.confirmed, p.confirmed],
    ["不成案", c.dismissed, p.dismissed],
    ["移送", c.transferred, p.transferred],
    ["重新打开", c.reopened, p.reopened],
    ["成案率", formatPercent(c.conversion), formatPercent(p.conversion)],
    ["挽回经济损失（元）", c.recovered, p.recovered],
    ["月末积压", c.backlog, p.backlog],
    ["积压中位时长（天）", c.backlogMedianDays ?? "—", p.backlogMedianDays ?? "—"],
  ];
  for (const [k, v, prev] of lines) overview.addRow({ k, v, p: prev });
  for (const [name, headers, rows] of [
    ["各单位", ORG_HEADERS, orgRanking(d)],
    ["模型", MODEL_HEADERS, modelRows(d)],
  ] as const) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([...headers]).font = { bold: true };
    for (const r of rows) sheet.addRow(r);
    sheet.columns.forEach((col, i) => (col.width = i === 1 ? 36 : 12));
  }
  overview.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  await recordAudit(actor, { action: "stats.export", orgId: d.org.id, targetType: "org", targetId: d.org.id, detail: { kind: "统计报表", month: d.month } });
  return { buffer, fileName: `统计报表_${fileStem(d)}.xlsx` };
}
