import http from "node:http";
import type { AddressInfo } from "node:net";
import ExcelJS from "exceljs";
import { idNumberCheckDigit } from "../../lib/datasets/id-number";
import { expect, findClearPersonalData, test } from "./fixtures";

// The scan in ./fixtures fails a test whose traffic carries clear personal data. These tests make
// responses that leak and check the scanner caught exactly that (then forget it, or they would fail).
// The audited reveal passing the scan is shown by clues.spec.ts, which reveals an ID number.

const ID17 = "32010219900307123";
const CLEAR_ID = `${ID17}${idNumberCheckDigit(ID17)}`;

test("the scanner recognises clear ID numbers (valid check character) and mobile numbers, not masked ones", () => {
  expect(findClearPersonalData(`{"subject":"${CLEAR_ID}","phone":"13812345678"}`)).toEqual([`身份证号 ${CLEAR_ID}`, "手机号 13812345678"]);
  expect(findClearPersonalData(`${ID17}0 3201**********123X 138****5678 138123456789 a13812345678b`)).toEqual([]);
});

test("a page response carrying a clear ID number is caught", async ({ page, leakScanner }) => {
  await page.route("**/leak-probe", (route) => route.fulfill({ contentType: "text/html", body: `<p>身份证号 ${CLEAR_ID}</p>` }));
  await page.goto("/leak-probe");
  await expect(page.getByText(CLEAR_ID)).toBeVisible();
  expect(await leakScanner.takeFindings()).toEqual([`GET /leak-probe (200): 身份证号 ${CLEAR_ID}`]);
});

test("an API response carrying a clear mobile number is caught", async ({ request, leakScanner }) => {
  // A throwaway server stands in for a leaking route: the platform itself must have none.
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"phone":"13812345678"}'));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const res = await request.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(res.ok()).toBe(true);
    expect(await leakScanner.takeFindings()).toEqual(["GET / (200): 手机号 13812345678"]);
  } finally {
    server.close();
  }
});

test("a downloaded .xlsx carrying a clear ID number is caught", async ({ page, leakScanner }) => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("线索").addRow(["身份证号", CLEAR_ID]);
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  // A real server: Chromium fetches a download itself, past page.route.
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "content-disposition": "attachment; filename=leak.xlsx" }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await page.goto("/login");
    const download = page.waitForEvent("download");
    await page.evaluate((href) => {
      const a = document.createElement("a");
      a.href = href;
      document.body.append(a);
      a.click();
    }, `http://127.0.0.1:${(server.address() as AddressInfo).port}/leak.xlsx`);
    expect((await download).suggestedFilename()).toBe("leak.xlsx");
    expect(await leakScanner.takeFindings()).toContainEqual(expect.stringMatching(new RegExp(`^下载 leak\\.xlsx .*身份证号 ${CLEAR_ID}$`)));
  } finally {
    server.close();
  }
});
