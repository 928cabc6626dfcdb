// The monthly briefing (.docx) and the report workbook (.xlsx), read back: the figures in the
// files are the dashboard's, the orgs below the floor are named, and each export is audited.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, clues, models } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { actOnClue } from "@/lib/clues/commands";
import { chinaToday } from "@/lib/calendar/china-date";
import { ForbiddenError } from "@/lib/errors";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { buildBriefing, buildStatsWorkbook } from "@/lib/stats/briefing";
import { getDashboard } from "@/lib/stats/dashboard";
import { monthLabel } from "@/lib/stats/period";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

let database: TestDatabase;
let leader: Actor;
const month = chinaToday().slice(0, 7);

beforeAll(async () => {
  usePrivateRedis(6);
  database = await setupDemoDatabase({ withData: true, clues: false });
  leader = await actorFor("leader");
  // This month: 东城区 runs model 1 and closes three clues (two confirmed, one dismissed); 南湖区 dismisses two.
  for (const [username, confirm, dismiss] of [["prosecutor", 2, 1], ["prosecutor_nanhu", 0, 2]] as const) {
    const prosecutor = await actorFor(username);
    const [m] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, "pretrial_release_not_delivered"));
    const run = await startRun(prosecutor, m.id, { runDate: "2026-11-01" });
    await executeRun(run.id, { finalAttempt: true });
    const found = await getDb().select({ id: clues.id }).from(clues).where(eq(clues.orgId, prosecutor.orgId)).limit(confirm + dismiss);
    for (const [i, { id }] of found.entries()) {
      await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id });
      await actOnClue(prosecutor, id, { action: "verify" });
      if (i < confirm) await actOnClue(prosecutor, id, { action: "confirm", caseNo: `检监〔2026〕${i + 1}号` });
      else await actOnClue(prosecutor, id, { action: "dismiss", reason: "经核查已收监" });
    }
  }
}, 240_000);
afterAll(async () => {
  await database.drop();
});

async function documentText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file("word/document.xml")!.async("string");
  // Paragraph text without the markup (runs split words across tags).
  return xml.replace(/<w:p[ >]/g, "\n$&").replace(/<[^>]+>/g, "");
}

describe("月度通报", () => {
  it("is a Word document with the title, period, summary from the figures, tables and the orgs below the floor", async () => {
    const d = await getDashboard(leader, { month });
    const { buffer, fileName } = await buildBriefing(leader, { month });
    expect(fileName).toBe(`月度通报_江南省人民检察院_${month}.docx`);
    const text = await documentText(buffer);
    expect(text).toContain("大数据法律监督模型应用情况通报");
    expect(text).toContain(`（${monthLabel(month)}）`);
    expect(text).toContain(`共发现监督线索${d.current.found}条`);
    expect(d.current.confirmed).toBe(2);
    expect(d.current.dismissed).toBe(3);
    expect(text).toContain("成案2条、不成案3条");
    expect(text).toContain("成案率40.0%");
    // Each city is a row of the ranking; 青山市 (0 of 2) is named below the floor, 临江市 (2 of 3) is not.
    expect(text).toContain("临江市人民检察院");
    expect(text).toMatch(/成案率低于10\.0%底线的单位：青山市人民检察院（0\.0%）。/);
    expect(text).toContain("审前未羁押判处实刑罪犯交付执行监督");
    const audits = await getDb().select().from(auditLog).where(eq(auditLog.action, "stats.export"));
    expect(audits.some((a) => (a.detail as { kind?: string }).kind === "月度通报")).toBe(true);
  });

  it("covers only the chosen subtree: the 临江 city leader's briefing never names 青山", async () => {
    const cityLeader = await actorFor("city_leader");
    const text = await documentText((await buildBriefing(cityLeader, { month })).buffer);
    expect(text).toContain("临江市东城区人民检察院");
    expect(text).not.toContain("青山");
    expect(text).toContain("成案2条、不成案1条");
  });

  it("is refused to a prosecutor", async () => {
    await expect(buildBriefing(await actorFor("prosecutor"), { month })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("统计报表 workbook", () => {
  it("holds the overview, the org ranking and the model table with the dashboard's numbers", async () => {
    const d = await getDashboard(leader, { month });
    const { buffer, fileName } = await buildStatsWorkbook(leader, { month });
    expect(fileName).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["概况", "各单位", "模型"]);
    const overview = book.getWorksheet("概况")!;
    expect(overview.getRow(2).getCell(1).value).toBe("发现线索");
    expect(overview.getRow(2).getCell(2).value).toBe(d.current.found);
    const orgs = book.getWorksheet("各单位")!;
    expect(orgs.getRow(1).getCell(2).value).toBe("单位");
    expect(orgs.rowCount - 1).toBe(d.orgs.length);
    expect(orgs.getRow(2).getCell(2).value).toBe("临江市人民检察院");
    expect(book.getWorksheet("模型")!.rowCount - 1).toBe(d.byModel.length);
  });
});
