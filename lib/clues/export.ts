import "server-only";
import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { codeLabel } from "../code-lists/kinds";
import { codeLabels } from "../code-lists/queries";
import { parseInput } from "../validation";
import { ZClueFilter } from "./filter";
import { CLUE_STATUS_LABELS } from "./labels";
import { listClues } from "./queries";

/** An export is for work lists, not bulk extraction. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 200;

const COLUMNS: Partial<ExcelJS.Column>[] = [
  { header: "线索编号", key: "id", width: 10 },
  { header: "标题", key: "title", width: 48 },
  { header: "状态", key: "status", width: 10 },
  { header: "监督模型", key: "model", width: 36 },
  { header: "业务条线", key: "line", width: 10 },
  { header: "所属院", key: "org", width: 26 },
  { header: "当事人", key: "subject", width: 12 },
  { header: "证件号码（已脱敏）", key: "subjectId", width: 22 },
  { header: "承办人", key: "assignee", width: 10 },
  { header: "发现时间", key: "seen", width: 20 },
];

function chinaTime(date: Date): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "short", hour12: false }).format(date);
}

/**
 * The filtered list as an .xlsx stream with Chinese headers, written page by page (keyset), PII
 * masked as on screen. The export itself is audited with its filter.
 */
export async function exportClues(actor: Actor, input: unknown): Promise<{ stream: Readable; fileName: string }> {
  requirePermission(actor, "clues.read");
  const filter = parseInput(ZClueFilter, { ...(input as object), cursor: undefined, limit: PAGE });
  // Fails before any byte is sent when the filter is out of scope or invalid.
  const first = await listClues(actor, filter);
  const lines = await codeLabels("businessLine");
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet("线索");
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  const write = async (): Promise<number> => {
    let page = first;
    let written = 0;
    for (;;) {
      for (const c of page.items) {
        sheet
          .addRow({
            id: c.id,
            title: c.title,
            status: CLUE_STATUS_LABELS[c.status],
            model: c.modelName,
            line: codeLabel(lines, c.businessLine),
            org: c.orgName,
            subject: c.subjectName ?? "",
            subjectId: c.subjectId ?? "",
            assignee: c.assigneeName ?? "",
            seen: chinaTime(c.firstSeenAt),
          })
          .commit();
        written++;
      }
      if (!page.nextCursor || written >= EXPORT_MAX_ROWS) break;
      page = await listClues(actor, { ...filter, cursor: page.nextCursor });
    }
    await workbook.commit();
    return written;
  };
  void write()
    .then((rows) => recordAudit(actor, { action: "clue.export", orgId: actor.orgId, targetType: "clue", detail: { rows, filter: { ...filter, cursor: undefined, limit: undefined } } }))
    .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  return { stream: out, fileName: `监督线索_${stamp}.xlsx` };
}
