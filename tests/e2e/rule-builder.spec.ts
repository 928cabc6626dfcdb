import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

const MODEL7 = "醉驾判刑后驾驶证未吊销";
const RUN_DATE = "2026-11-01";

/** The seeded model's hit count, from its model page's 预览命中 (the org's settings, as a run). */
async function seededCount(page: Page, name: string): Promise<number> {
  // The published built-in (another spec may have copied it under the same name as a draft).
  const links = page.getByTestId("models-table").getByRole("link", { name, exact: true });
  await page.goto("/models");
  const n = await links.count();
  for (let i = 0; i < n; i++) {
    await page.goto("/models");
    await links.nth(i).click();
    await expect(page.getByTestId("version-history")).toBeVisible();
    if ((await page.getByTestId("model-preview").count()) > 0) break;
  }
  const panel = page.getByTestId("model-preview");
  await panel.getByLabel("运行日期").fill(RUN_DATE);
  await panel.getByRole("button", { name: "预览", exact: true }).click();
  const text = await panel.getByTestId("preview-count").innerText();
  return Number(text.match(/共命中 ([\d,]+) 条/)![1].replace(/,/g, ""));
}

// 东城区院 holds the demo data: its builder's preview can be compared with the seeded model's.
test("a builder builds model 7 from scratch in the no-code builder, previews the seeded model's hits and saves it as draft v1", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "district_builder");
  const expected = await seededCount(page, MODEL7);
  expect(expected).toBeGreaterThan(0);

  await page.goto("/models/new");
  const form = page.getByTestId("new-model-form");
  await form.getByLabel("模型名称").fill("醉驾判刑后驾驶证未吊销（自建）");
  await form.getByLabel("模型标识").fill(`drunk_licence_${Date.now().toString(36)}`);
  await form.getByLabel("业务条线").selectOption("administrative");

  // The source: criminal judgments, alias j, labelled as the explanation will name them.
  const source = page.getByTestId("builder-source");
  await source.getByTestId("dataset-picker").selectOption("criminal_judgment");
  await source.getByLabel("数据来源的别名").fill("j");
  await source.getByLabel("数据来源的标签").fill("醉驾判决");

  // From scratch: the starting conditions go, a new 同时满足 group takes their place.
  const blocks = page.getByTestId("condition-block");
  await blocks.first().getByRole("button", { name: "删除条件" }).first().click();
  await expect(blocks).toHaveCount(0);
  await page.getByTestId("builder-where").getByRole("button", { name: "+ 添加条件" }).click();
  await expect(blocks.first()).toHaveAttribute("data-kind", "all");

  // 1. charge = 危险驾驶罪
  await page.getByTestId("add-condition").last().click();
  let block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("j.charge");
  await block.getByLabel("比较方式").selectOption("eq");
  await block.getByLabel("取值或运行日期", { exact: true }).fill("危险驾驶罪");

  // 2. effective date before the run date − 30 days
  await page.getByTestId("add-condition").last().click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("j.effective_date");
  await block.getByLabel("比较方式").selectOption("lt");
  await block.getByLabel("取值或运行日期：取值方式").selectOption("runDate");
  await block.getByLabel("取值或运行日期：天数").fill("30");
  await screenshot(page, "builder-step-conditions");

  // 3. a driving licence of the same ID number still 正常 exists
  await page.getByTestId("add-condition").last().click();
  block = blocks.last();
  await block.getByLabel("条件类型").selectOption("exists");
  const sub = page.getByTestId("subquery-editor");
  await sub.getByTestId("dataset-picker").selectOption("driving_license");
  await sub.getByLabel("查找数据的别名").fill("d");
  await sub.getByLabel("查找数据的标签").fill("驾驶证");
  await sub.getByRole("button", { name: "+ 查找条件" }).click();
  await sub.getByTestId("add-condition").click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("d.id_number");
  await block.getByLabel("比较对象").selectOption("ref");
  await block.getByLabel("另一字段", { exact: true }).selectOption("j.id_number");
  await sub.getByTestId("add-condition").click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("d.status");
  await block.getByLabel("取值或运行日期", { exact: true }).fill("正常");
  await screenshot(page, "builder-step-exists");

  // The clue: dedup key from the judgment's business key, title with field chips, the subject.
  const clue = page.getByTestId("builder-clue");
  while ((await clue.getByTestId("dedup-chip").count()) > 0) await clue.getByTestId("dedup-chip").first().getByRole("button").click();
  await expect(clue.getByTestId("dedup-chip")).toHaveCount(0);
  await clue.getByTestId("suggest-dedup").click();
  await expect(clue.getByTestId("dedup-chip")).toHaveCount(2);
  await clue.getByLabel("标题模板").fill("");
  await clue.getByRole("button", { name: "+ 被告人姓名" }).click();
  await clue.getByLabel("标题模板").press("End");
  await clue.getByLabel("标题模板").pressSequentially("醉驾判刑后驾驶证未吊销");
  await clue.getByLabel("主体名称").selectOption("j.defendant_name");
  await clue.getByLabel("主体证件号").selectOption("j.id_number");

  await expect(page.getByTestId("check-status")).toContainText("规则检查通过", { timeout: 15_000 });
  await screenshot(page, "builder-step-clue");

  // Preview: the same hits as the seeded model 7.
  const preview = page.getByTestId("draft-preview");
  await preview.getByLabel("预览运行日期").fill(RUN_DATE);
  await preview.getByTestId("draft-preview-run").click();
  await expect(preview.getByTestId("draft-preview-count")).toContainText(`共命中 ${expected.toLocaleString("zh-CN")} 条`, { timeout: 30_000 });
  await expect(preview.getByTestId("funnel-step")).toHaveCount(4);
  await expect(preview.getByTestId("draft-preview-row").first()).toContainText("醉驾判刑后驾驶证未吊销");
  // The compiled SQL and its plan, collapsed until asked for.
  await preview.getByTestId("draft-preview-sql").locator("summary").click();
  await expect(preview.getByTestId("draft-preview-sql")).toContainText("执行计划");
  await expect(preview.getByTestId("draft-preview-sql")).toContainText("select");
  await screenshot(page, "builder-step-preview");

  // The JSON view shows the same rule.
  await page.getByTestId("view-json").click();
  await expect(page.getByLabel("规则定义（JSON）")).toHaveValue(/"dataset": "driving_license"/);
  await page.getByTestId("view-blocks").click();

  await form.getByTestId("create-model").click();
  await expect(page).toHaveURL(/\/versions\/1$/);
  await expect(page.getByTestId("version-rule")).toContainText("驾驶证");
  await expect(page.getByTestId("draft-editor")).toBeVisible();
  await screenshot(page, "builder-step-saved");

  // The draft autosaves: an edit is there after a reload, without pressing 保存草稿.
  const title = page.getByTestId("builder-clue").getByLabel("标题模板");
  await title.fill("{j.defendant_name}醉驾后驾驶证仍正常");
  await expect(page.getByTestId("autosave-status")).toContainText("已自动保存", { timeout: 15_000 });
  await page.reload();
  await expect(page.getByTestId("builder-clue").getByLabel("标题模板")).toHaveValue("{j.defendant_name}醉驾后驾驶证仍正常");
});

test("a checker error shows on the block it concerns while the builder edits", async ({ page }) => {
  await signIn(page, "builder");
  await page.goto("/models/new");
  const block = page.getByTestId("condition-block").nth(1);
  // The template's charge condition compared with a date field's type mismatch: pick a date field, keep the text value.
  await block.getByLabel("字段", { exact: true }).selectOption("j.effective_date");
  await expect(block.getByTestId("block-issues")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("check-status")).toContainText("处问题");
  await screenshot(page, "builder-block-error");
});

test("a builder builds model 1 from scratch: a grace-days parameter from the side panel and a notExists with a date bound, the seeded model's hits", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "district_builder");
  const expected = await seededCount(page, "审前未羁押判处实刑罪犯交付执行监督");
  expect(expected).toBeGreaterThan(0);

  await page.goto("/models/new");
  const form = page.getByTestId("new-model-form");
  await form.getByLabel("模型名称").fill("判处实刑未交付执行（自建）");
  await form.getByLabel("模型标识").fill(`not_delivered_${Date.now().toString(36)}`);
  await form.getByLabel("业务条线").selectOption("criminal");
  const source = page.getByTestId("builder-source");
  await source.getByTestId("dataset-picker").selectOption("criminal_judgment");
  await source.getByLabel("数据来源的别名").fill("j");
  await source.getByLabel("数据来源的标签").fill("实刑判决");

  // The grace period, declared once in the side panel.
  const params = page.getByTestId("params-panel");
  await params.getByTestId("add-param").click();
  await params.getByLabel("参数中文名").fill("交付执行宽限天数");
  await params.getByLabel("参数标识").fill("graceDays");
  await expect(params.getByLabel("参数默认值")).toHaveValue("30");

  const blocks = page.getByTestId("condition-block");
  await blocks.first().getByRole("button", { name: "删除条件" }).first().click();
  await page.getByTestId("builder-where").getByRole("button", { name: "+ 添加条件" }).click();

  await page.getByTestId("add-condition").last().click();
  let block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("j.sentence_type");
  await block.getByLabel("取值或运行日期", { exact: true }).fill("实刑");

  await page.getByTestId("add-condition").last().click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("j.detained_before_trial");
  await block.getByLabel("取值或运行日期", { exact: true }).selectOption("false");

  await page.getByTestId("add-condition").last().click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("j.effective_date");
  await block.getByLabel("比较方式").selectOption("lt");
  await block.getByLabel("取值或运行日期：取值方式").selectOption("runDate");
  await block.getByLabel("取值或运行日期：天数：数值或参数").selectOption("param");
  await block.getByLabel("取值或运行日期：天数（参数）").selectOption("graceDays");

  // No prison admission of that ID number on or after the judgment took effect.
  await page.getByTestId("add-condition").last().click();
  block = blocks.last();
  await block.getByLabel("条件类型").selectOption("notExists");
  const sub = page.getByTestId("subquery-editor");
  await sub.getByTestId("dataset-picker").selectOption("prison_admission");
  await sub.getByLabel("查找数据的别名").fill("p");
  await sub.getByLabel("查找数据的标签").fill("监狱收押");
  await sub.getByRole("button", { name: "+ 查找条件" }).click();
  await sub.getByTestId("add-condition").click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("p.id_number");
  await block.getByLabel("比较对象").selectOption("ref");
  await block.getByLabel("另一字段", { exact: true }).selectOption("j.id_number");
  await sub.getByTestId("add-condition").click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("p.admission_date");
  await block.getByLabel("比较方式").selectOption("gte");
  await block.getByLabel("比较对象").selectOption("ref");
  await block.getByLabel("另一字段", { exact: true }).selectOption("j.effective_date");

  const clue = page.getByTestId("builder-clue");
  await clue.getByLabel("标题模板").fill("{j.defendant_name}判处实刑未交付执行（{j.case_no}）");
  await expect(page.getByTestId("check-status")).toContainText("规则检查通过", { timeout: 15_000 });
  await screenshot(page, "builder-model1-built");

  const preview = page.getByTestId("draft-preview");
  await preview.getByLabel("预览运行日期").fill(RUN_DATE);
  await preview.getByTestId("draft-preview-run").click();
  await expect(preview.getByTestId("draft-preview-count")).toContainText(`共命中 ${expected.toLocaleString("zh-CN")} 条`, { timeout: 30_000 });
  await expect(preview.getByTestId("funnel-step")).toHaveCount(5);
  await screenshot(page, "builder-model1-preview");

  await form.getByTestId("create-model").click();
  await expect(page).toHaveURL(/\/versions\/1$/);
  await expect(page.getByTestId("version-rule")).toContainText("交付执行宽限天数");
});

test("a builder builds model 4 from scratch: group by the plaintiff, at least 5 suits of which at least 0.6 × closed by mediation or default judgment", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "district_builder");
  const expected = await seededCount(page, "虚假诉讼（民间借贷）");
  expect(expected).toBeGreaterThan(0);

  await page.goto("/models/new");
  const form = page.getByTestId("new-model-form");
  await form.getByLabel("模型名称").fill("民间借贷频繁起诉（自建）");
  await form.getByLabel("模型标识").fill(`lending_${Date.now().toString(36)}`);
  await form.getByLabel("业务条线").selectOption("civil");
  const source = page.getByTestId("builder-source");
  await source.getByTestId("dataset-picker").selectOption("civil_case");
  await source.getByLabel("数据来源的别名").fill("c");
  await source.getByLabel("数据来源的标签").fill("民间借贷诉讼");

  const blocks = page.getByTestId("condition-block");
  await blocks.first().getByRole("button", { name: "删除条件" }).first().click();
  await page.getByTestId("builder-where").getByRole("button", { name: "+ 添加条件" }).click();
  await page.getByTestId("add-condition").last().click();
  let block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("c.cause");
  await block.getByLabel("取值或运行日期", { exact: true }).fill("民间借贷纠纷");
  await page.getByTestId("add-condition").last().click();
  block = blocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("c.filing_date");
  await block.getByLabel("比较方式").selectOption("gte");
  await block.getByLabel("取值或运行日期：取值方式").selectOption("runDate");
  await block.getByLabel("取值或运行日期：天数").fill("365");

  // Per plaintiff: at least 5 suits, and mediated or default-judged ones at least 0.6 × all.
  const group = page.getByTestId("builder-group");
  await group.getByLabel("分组字段", { exact: true }).selectOption("c.plaintiff_id");
  await group.getByLabel("分组字段", { exact: true }).selectOption("c.plaintiff_name");
  await expect(group.getByTestId("group-chip")).toHaveCount(2);
  await group.getByTestId("add-having").click();
  let row = group.getByTestId("having-row").last();
  await row.getByLabel("分组比较方式").selectOption("gte");
  await row.getByLabel("分组比较数值").fill("5");
  await group.getByTestId("add-having").click();
  row = group.getByTestId("having-row").last();
  await row.getByLabel("与什么比较").selectOption("times");
  await row.getByLabel("倍数").fill("0.6");
  await row.getByRole("button", { name: "+ 只统计满足条件的记录" }).first().click();
  await row.getByTestId("add-condition").click();
  block = row.getByTestId("condition-block").last();
  await block.getByLabel("条件类型").selectOption("inList");
  await block.getByLabel("字段", { exact: true }).selectOption("c.closing_method");
  await block.getByLabel("取值列表").fill("调解\n缺席判决");
  await block.getByLabel("取值列表").blur();
  await screenshot(page, "builder-model4-group");

  const clue = page.getByTestId("builder-clue");
  while ((await clue.getByTestId("dedup-chip").count()) > 0) await clue.getByTestId("dedup-chip").first().getByRole("button").click();
  await clue.getByLabel("去重字段").selectOption("c.plaintiff_id");
  await clue.getByLabel("去重字段").selectOption("c.plaintiff_name");
  await clue.getByLabel("标题模板").fill("{c.plaintiff_name}一年内民间借贷诉讼频繁且多以调解、缺席判决结案");
  await clue.getByLabel("主体名称").selectOption("c.plaintiff_name");
  await clue.getByLabel("主体证件号").selectOption("c.plaintiff_id");
  await clue.getByTestId("drop-stale-evidence").click();
  await clue.getByTestId("clue-evidence").getByLabel("原告姓名").check();
  await expect(page.getByTestId("check-status")).toContainText("规则检查通过", { timeout: 15_000 });

  const preview = page.getByTestId("draft-preview");
  await preview.getByLabel("预览运行日期").fill(RUN_DATE);
  await preview.getByTestId("draft-preview-run").click();
  await expect(preview.getByTestId("draft-preview-count")).toContainText(`共命中 ${expected.toLocaleString("zh-CN")} 条`, { timeout: 30_000 });
  await screenshot(page, "builder-model4-preview");
  await form.getByTestId("create-model").click();
  await expect(page).toHaveURL(/\/versions\/1$/);
});

test("a builder builds model 6 from scratch: a self-join of claims on the same plate within 30 days, the seeded model's hits", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "district_builder");
  const expected = await seededCount(page, "车辆保险重复理赔");
  expect(expected).toBeGreaterThan(0);

  await page.goto("/models/new");
  const form = page.getByTestId("new-model-form");
  await form.getByLabel("模型名称").fill("车辆重复理赔（自建）");
  await form.getByLabel("模型标识").fill(`repeat_claims_${Date.now().toString(36)}`);
  await form.getByLabel("业务条线").selectOption("civil");
  const source = page.getByTestId("builder-source");
  await source.getByTestId("dataset-picker").selectOption("insurance_claim");
  await source.getByLabel("数据来源的别名").fill("a");
  await source.getByLabel("数据来源的标签").fill("前次理赔");
  // No conditions on the source: the join does the work.
  await page.getByTestId("builder-where").getByRole("button", { name: "删除条件" }).first().click();

  await page.getByTestId("add-join").click();
  const join = page.getByTestId("join-row");
  await join.getByTestId("dataset-picker").selectOption("insurance_claim");
  await join.getByLabel("关联数据的别名").fill("b");
  await join.getByLabel("关联数据的标签").fill("后次理赔");
  const onBlocks = join.getByTestId("condition-block");
  await join.getByTestId("add-condition").click();
  let block = onBlocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("b.plate_no");
  await block.getByLabel("比较对象").selectOption("ref");
  await block.getByLabel("另一字段", { exact: true }).selectOption("a.plate_no");
  await join.getByTestId("add-condition").click();
  block = onBlocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("b.accident_date");
  await block.getByLabel("比较方式").selectOption("gt");
  await block.getByLabel("比较对象").selectOption("ref");
  await block.getByLabel("另一字段", { exact: true }).selectOption("a.accident_date");
  await join.getByTestId("add-condition").click();
  block = onBlocks.last();
  await block.getByLabel("字段", { exact: true }).selectOption("b.accident_date");
  await block.getByLabel("比较方式").selectOption("lte");
  await block.getByLabel("比较对象").selectOption("ref");
  await block.getByLabel("另一字段", { exact: true }).selectOption("a.accident_date");
  await block.getByLabel("另一字段加天数", { exact: true }).fill("30");

  const clue = page.getByTestId("builder-clue");
  while ((await clue.getByTestId("dedup-chip").count()) > 0) await clue.getByTestId("dedup-chip").first().getByRole("button").click();
  await clue.getByLabel("去重字段").selectOption("a.claim_no");
  await clue.getByLabel("去重字段").selectOption("b.claim_no");
  await clue.getByLabel("标题模板").fill("车辆{a.plate_no}30日内重复理赔（{a.claim_no}、{b.claim_no}）");
  await clue.getByLabel("主体名称").selectOption("a.insured_name");
  await clue.getByLabel("主体证件号").selectOption("a.insured_id");
  await clue.getByTestId("drop-stale-evidence").click();
  await clue.getByTestId("clue-evidence").first().getByLabel("理赔案件号").check();
  await expect(page.getByTestId("check-status")).toContainText("规则检查通过", { timeout: 15_000 });

  const preview = page.getByTestId("draft-preview");
  await preview.getByLabel("预览运行日期").fill(RUN_DATE);
  await preview.getByTestId("draft-preview-run").click();
  await expect(preview.getByTestId("draft-preview-count")).toContainText(`共命中 ${expected.toLocaleString("zh-CN")} 条`, { timeout: 30_000 });
  await screenshot(page, "builder-model6-preview");
  await form.getByTestId("create-model").click();
  await expect(page).toHaveURL(/\/versions\/1$/);
});
