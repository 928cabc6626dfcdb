import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

// Model 3 reads company contact phones: its 命中原因 printed them in clear (page HTML, RSC payload and
// the API's explanation) beside masked evidence. Now every value leaves masked, and only the audited
// 查看 shows one in clear. The fixture's scan fails this test on any clear ID or mobile number.
const MODEL_3 = "涉企民事诉讼违法公告送达";
const MASKED_PHONE = /\d{3}\*{4}\d{4}/;

test("a model 3 clue's 命中原因 shows the company phone masked, as its evidence and the API do; only 查看 shows it", async ({ page, request }) => {
  await signIn(page, "prosecutor");
  await page.goto("/clues");
  await page.getByLabel("监督模型").selectOption({ label: MODEL_3 });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/model=/);
  await page.getByTestId("clue-row").first().getByRole("link").first().click();
  const phoneLine = page.getByTestId("why-hit").locator("li").filter({ hasText: "联系电话 不为空" });
  await expect(phoneLine).toContainText(new RegExp(`本线索：${MASKED_PHONE.source}`));
  const reveal = page.getByTestId("reveal-r.phone");
  await expect(reveal).toContainText(MASKED_PHONE);
  await screenshot(page, "clue-why-hit-masked");

  const id = new URL(page.url()).pathname.split("/").pop();
  const res = await request.get(`/api/v1/clues/${id}`, { headers: { Authorization: `Bearer ${process.env.E2E_API_KEY}` } });
  expect(res.status()).toBe(200);
  const { explanation } = (await res.json()) as { explanation: { lines: { text: string; value?: string }[] } };
  expect(explanation.lines.find((l) => l.text.includes("联系电话 不为空"))?.value).toMatch(MASKED_PHONE);

  // The audited reveal (the scan's one exemption) shows the number in clear.
  await reveal.getByRole("button", { name: "查看" }).click();
  await expect(reveal).toContainText("已记录查看");
  await expect(reveal).not.toContainText("****");
});
