import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { screenshot, signIn, uniqueName } from "./helpers";

// The seed's `builder` (临江市) and `data_admin` (东城区) sit in different orgs, and a data admin
// decides only its own org's applications: the admin creates a model builder in 东城区 first.
// Each person gets their own browser context rather than signing out and in on one page: a
// prefetch answered after a sign-out re-issues the session cookie and undoes the sign-out.
const DONGCHENG = "　　临江市东城区人民检察院（基层院）";
const XICHENG = "　　临江市西城区人民检察院（基层院）";
const PASSWORD = "Start-Work-2026";

async function registerDataset(request: APIRequestContext, key: string, name: string): Promise<void> {
  const response = await request.post("/api/v1/datasets", {
    headers: { Authorization: `Bearer ${process.env.E2E_API_KEY}` },
    data: {
      key,
      name,
      agency: "court",
      businessLine: "criminal",
      fields: [
        { name: "case_no", label: "案号", type: "text", required: true },
        { name: "effective_date", label: "生效日期", type: "date", required: true },
      ],
      businessKey: ["case_no"],
      indexes: [],
      recordDateField: "effective_date",
    },
  });
  expect(response.status()).toBe(201);
}

/** A signed-in page for `username` in a fresh browser context (closed by the caller's context list). */
async function pageFor(browser: Browser, username: string, password?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, password);
  return page;
}

async function createUser(browser: Browser, username: string, role: string, org: string): Promise<void> {
  const page = await pageFor(browser, "admin");
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("姓名").fill("新同事");
  await page.getByLabel("所属院").selectOption({ label: org });
  await page.getByLabel("初始密码").fill(PASSWORD);
  await page.getByLabel(role).check();
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByTestId("form-success")).toContainText(`已创建用户“${username}”`);
  await page.context().close();
}

async function apply(page: Page, key: string, purpose: string): Promise<void> {
  await page.goto("/datasets/applications");
  await page.getByRole("link", { name: "申请使用数据" }).click();
  await page.getByLabel("数据资源").selectOption(key);
  await page.getByLabel("用途").fill(purpose);
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByTestId("form-success")).toContainText("申请已提交");
}

const rowOf = (page: Page, key: string) => page.locator(`[data-testid=application-row][data-dataset=${key}]`);
const tab = (page: Page, label: string) => page.getByTestId("status-tabs").getByRole("link", { name: label, exact: true });

test("a model builder applies, the org's data admin approves one and rejects one with a comment, the builder sees both", async ({ browser, request }) => {
  test.setTimeout(90_000);
  const suffix = uniqueName("x").slice(2).toLowerCase();
  const granted = `e2e_grant_${suffix}`;
  const refused = `e2e_refuse_${suffix}`;
  await registerDataset(request, granted, `减刑假释数据${suffix.slice(-4)}`);
  await registerDataset(request, refused, `社区矫正数据${suffix.slice(-4)}`);
  const username = uniqueName("dcb");
  await createUser(browser, username, "模型建设者", DONGCHENG);

  // The builder: an empty list at first, a refused form, then two pending applications.
  const builder = await pageFor(browser, username, PASSWORD);
  await builder.goto("/datasets/applications");
  await expect(builder.getByTestId("empty-state")).toContainText("您还没有提交数据申请");
  await builder.getByRole("link", { name: "申请使用数据" }).click();
  await builder.getByLabel("用途").fill("太短");
  await builder.getByRole("button", { name: "提交申请" }).click();
  await expect(builder.getByTestId("form-error")).toContainText("数据资源：请选择数据资源");
  await expect(builder.getByTestId("form-error")).toContainText("用途说明至少 10 个字");
  await expect(builder.getByLabel("用途")).toHaveValue("太短"); // what was typed survives the refusal
  await screenshot(builder, "data-application-form-errors");
  await apply(builder, granted, "用于减刑假释监督模型，核对服刑人员的刑期与计分考核记录。");
  await apply(builder, refused, "用于社区矫正脱管漏管监督模型的建设与验证。");
  await expect(rowOf(builder, granted).getByTestId("application-status")).toHaveText("待审批");
  await expect(rowOf(builder, refused).getByTestId("application-status")).toHaveText("待审批");

  // The data admin of the same org decides.
  const admin = await pageFor(browser, "data_admin");
  await admin.goto("/datasets/applications");
  await tab(admin, "待审批").click();
  await expect(admin).toHaveURL(/status=pending/);
  await screenshot(admin, "data-applications-to-decide");
  const toGrant = rowOf(admin, granted);
  await toGrant.getByLabel("审批意见").fill("同意，限建模使用");
  await toGrant.getByRole("button", { name: "批准" }).click();
  await expect(toGrant).toHaveCount(0); // no longer pending
  const toRefuse = rowOf(admin, refused);
  await toRefuse.getByRole("button", { name: "驳回" }).click();
  await expect(toRefuse.getByTestId("form-error")).toContainText("驳回时须填写审批意见");
  await toRefuse.getByLabel("审批意见").fill("用途不明确，请补充案件范围");
  await toRefuse.getByRole("button", { name: "驳回" }).click();
  await expect(toRefuse).toHaveCount(0);
  await tab(admin, "已批准").click();
  await expect(rowOf(admin, granted).getByTestId("application-status")).toHaveText("已批准");
  await expect(rowOf(admin, granted).getByRole("button", { name: "撤销授权" })).toBeVisible();

  // The builder sees the outcome and the comments.
  await builder.goto("/datasets/applications");
  await expect(rowOf(builder, granted).getByTestId("application-status")).toHaveText("已批准");
  await expect(rowOf(builder, granted)).toContainText("周强");
  await expect(rowOf(builder, granted)).toContainText("同意，限建模使用");
  await expect(rowOf(builder, refused).getByTestId("application-status")).toHaveText("已驳回");
  await expect(rowOf(builder, refused)).toContainText("用途不明确，请补充案件范围");
  await expect(builder.getByRole("button", { name: "批准" })).toHaveCount(0);
  await screenshot(builder, "data-applications");
  await Promise.all([builder.context().close(), admin.context().close()]);
});

// Attacker: a data admin of 西城区. Victim: 东城区's applications (created by the test above).
test("a data admin of another org sees none of them, and a prosecutor is refused the page", async ({ browser }) => {
  const username = uniqueName("xcda");
  await createUser(browser, username, "数据管理员", XICHENG);
  const attacker = await pageFor(browser, username, PASSWORD);
  await attacker.goto("/datasets/applications");
  await expect(attacker.getByTestId("empty-state")).toContainText("暂无数据申请");
  await expect(attacker.locator("[data-testid=application-row]")).toHaveCount(0);
  const prosecutor = await pageFor(browser, "prosecutor");
  await prosecutor.goto("/datasets/applications");
  await expect(prosecutor.getByTestId("forbidden")).toBeVisible();
  await Promise.all([attacker.context().close(), prosecutor.context().close()]);
});
