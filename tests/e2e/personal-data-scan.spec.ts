import http from "node:http";
import type { AddressInfo } from "node:net";
import { idNumberCheckDigit } from "../../lib/datasets/id-number";
import { expect, findClearPersonalData, test } from "./fixtures";

// The scan in ./fixtures fails a test whose traffic carries clear personal data. These tests
// prove it bites (a response that leaks must fail the test) and that the audited reveal passes.

const ID17 = "32010219900307123";
const CLEAR_ID = `${ID17}${idNumberCheckDigit(ID17)}`;

test("the scanner recognises clear ID numbers (valid check character) and mobile numbers, not masked ones", () => {
  expect(findClearPersonalData(`{"subject":"${CLEAR_ID}","phone":"13812345678"}`)).toEqual([`身份证号 ${CLEAR_ID}`, "手机号 13812345678"]);
  expect(findClearPersonalData(`${ID17}0 3201**********123X 138****5678 138123456789 a13812345678b`)).toEqual([]);
});

test("a page response carrying a clear ID number fails the test", async ({ page }) => {
  test.fail(true, "the fixture must fail this test: the page below leaks an ID number");
  await page.route("**/leak-probe", (route) => route.fulfill({ contentType: "text/html", body: `<p>身份证号 ${CLEAR_ID}</p>` }));
  await page.goto("/leak-probe");
  await expect(page.getByText(CLEAR_ID)).toBeVisible();
});

test("an API response carrying a clear mobile number fails the test", async ({ request }) => {
  test.fail(true, "the fixture must fail this test: the answer below carries a phone number");
  // A throwaway server stands in for a leaking route: the platform itself must have none.
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"phone":"13812345678"}'));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const res = await request.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(res.ok()).toBe(true);
  } finally {
    server.close();
  }
});
