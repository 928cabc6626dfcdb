import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { screenshot, signIn, uniqueName } from "./helpers";

// Issue #12 item 17: the seed's `builder` works at 临江市院, which has no data admin; its applications
// go to the nearest data admin up the tree (the seed's `province_data_admin`, 江南省院), and the
// builder is told so before and after submitting.
const PROVINCE_ADMINS = "江南省人民检察院数据管理员";

async function registerDataset(request: APIRequestContext, key: string): Promise<void> {
  const response = await request.post("/api/v1/datasets", {
    headers: { Authorization: `Bearer ${process.env.E2E_API_KEY}` },
    data: { key, name: `减刑假释${key.slice(-4)}`, agency: "prison", businessLine: "criminal", fields: [{ name: "case_no", label: "案号", type: "text", required: true }], businessKey: ["case_no"], indexes: [] },
  });
  expect(response.status()).toBe(201);
}

async function pageFor(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

test("a 临江市院 builder sees who decides the application: 江南省人民检察院数据管理员, who approves it", async ({ browser, request }) => {
  const key = `e2e_route_${uniqueName("x").slice(2).toLowerCase()}`;
  await registerDataset(request, key);

  const builder = await pageFor(browser, "builder");
  await builder.goto("/datasets/applications/new");
  await expect(builder.getByTestId("application-decider")).toContainText(`审批人：${PROVINCE_ADMINS}`);
  await expect(builder.getByTestId("application-decider")).toContainText("本院没有数据管理员，由上级院审批");
  await builder.getByLabel("数据资源").selectOption(key);
  await builder.getByLabel("用途").fill("用于减刑假释监督模型，核对服刑人员的计分考核记录。");
  await builder.getByRole("button", { name: "提交申请" }).click();
  await expect(builder.getByTestId("form-success")).toHaveText(`申请已提交，等待${PROVINCE_ADMINS}审批。`);
  const row = builder.locator(`[data-testid=application-row][data-dataset=${key}]`);
  await expect(row.getByTestId("application-decider")).toHaveText(`待${PROVINCE_ADMINS}审批`);
  await screenshot(builder, "data-application-decider-list");
  await row.getByRole("link").first().click();
  await expect(builder.getByTestId("application-detail").getByTestId("application-decider")).toHaveText(PROVINCE_ADMINS);
  await screenshot(builder, "data-application-detail");

  const admin = await pageFor(browser, "province_data_admin");
  await admin.goto("/datasets/applications?status=pending");
  const toDecide = admin.locator(`[data-testid=application-row][data-dataset=${key}]`);
  await expect(toDecide).toContainText("临江市人民检察院");
  await toDecide.getByLabel("审批意见").fill("同意，限建模使用");
  await toDecide.getByRole("button", { name: "批准" }).click();
  await expect(toDecide).toHaveCount(0);

  await builder.goto("/datasets/applications");
  await expect(row.getByTestId("application-status")).toHaveText("已批准");
  await expect(row).toContainText("钱卫东");
  await Promise.all([builder.context().close(), admin.context().close()]);
});
