// 来源单位 and 业务条线 are data the province admin extends (migration 0014, lib/code-lists): datasets,
// models, rules and clue filters read the lists, and every error about a code names its field
// and lists the codes that may stand there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listCodesRoute } from "@/app/api/v1/code-lists/route";
import { POST as createDatasetRoute } from "@/app/api/v1/datasets/route";
import { getDb } from "@/db/client";
import { createApiKey } from "@/lib/api-keys/commands";
import { listClues } from "@/lib/clues/queries";
import { createCode, updateCode } from "@/lib/code-lists/commands";
import { codeLabels, listCodes } from "@/lib/code-lists/queries";
import { installBuiltinDatasets, registerDataset } from "@/lib/datasets/catalog";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { createModel } from "@/lib/models/commands";
import { installBuiltinModels } from "@/lib/models/registry";
import { checkRuleFor } from "@/lib/rules/service";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
});
afterAll(async () => {
  await database.drop();
});

const SEEDED_AGENCIES = ["法院", "公安", "检察", "监狱", "司法行政", "市场监管", "医保", "人社", "民政", "教育", "税务", "交通运输", "自然资源", "生态环境", "住建", "卫健", "保险", "银行", "其他"];

const definition = (key: string, agency: unknown, businessLine: unknown = "criminal") => ({
  key,
  name: "代码测试",
  agency,
  businessLine,
  fields: [{ name: "case_no", label: "案号", type: "text", required: true }],
  businessKey: ["case_no"],
});

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("the seeded lists", () => {
  it("hold the agencies the issue names (and 公安交管, which the driving-licence data uses) and the four business lines", async () => {
    const agencies = await listCodes("agency");
    expect(agencies.map((a) => a.labelZh)).toEqual(expect.arrayContaining(SEEDED_AGENCIES));
    expect(agencies.find((a) => a.code === "traffic_police")?.labelZh).toBe("公安交管");
    expect(agencies.every((a) => a.active && a.labelEn.length > 0)).toBe(true);
    expect(agencies.at(-1)?.code).toBe("other");
    expect((await listCodes("businessLine")).map((l) => [l.code, l.labelZh])).toEqual([
      ["criminal", "刑事"],
      ["civil", "民事"],
      ["administrative", "行政"],
      ["public_interest", "公益诉讼"],
    ]);
  });

  it("cover every code the built-in datasets and models name (their install checks it)", async () => {
    const province = await orgIdByName(ORGS.province);
    expect(await installBuiltinDatasets(getDb(), province, BUILTIN_DATASETS)).toBe(BUILTIN_DATASETS.length);
    expect(await installBuiltinModels(getDb(), province, BUILTIN_MODELS)).toBe(BUILTIN_MODELS.length);
    const typo = { ...BUILTIN_DATASETS[0], key: "typo_dataset", agency: "cort" };
    await expect(installBuiltinDatasets(getDb(), province, [typo])).rejects.toThrow("typo_dataset.agency：未知的来源单位“cort”，可选：court（法院）");
  });
});

describe("registering a dataset", () => {
  it("refuses an unknown agency as 来源单位 (never 接收单位), listing every active code, with the other problems at once", async () => {
    const admin = await actorFor("data_admin");
    const error = await refusal(registerDataset(admin, { ...definition("bad_agency", "traffic", "space"), businessKey: [] }));
    expect(error.message).toContain("来源单位：未知的来源单位“traffic”，可选：court（法院）、police（公安）");
    expect(error.message).not.toContain("接收单位");
    for (const label of SEEDED_AGENCIES) expect(error.message).toContain(`（${label}）`);
    expect(error.message).toContain("业务条线：未知的业务条线“space”，可选：criminal（刑事）、civil（民事）、administrative（行政）、public_interest（公益诉讼）");
    expect(error.issues.map((i) => i.path)).toEqual(["agency", "businessLine", "businessKey"]);
  });

  it("tells a missing or non-text agency what may stand there", async () => {
    const admin = await actorFor("data_admin");
    const missing = await refusal(registerDataset(admin, definition("no_agency", undefined)));
    expect(missing.issues).toEqual([{ path: "agency", message: expect.stringMatching(/^请填写来源单位，可选：court（法院）、/) }]);
    const number = await refusal(registerDataset(admin, definition("num_agency", 7)));
    expect(number.issues[0].message).toMatch(/^来源单位应为代码文本，可选：court（法院）/);
  });

  it("answers the API with 422 naming the field and the codes", async () => {
    const key = (await createApiKey(await actorFor("admin"), { orgId: await orgIdByName(ORGS.dongcheng), name: "东城", scopes: ["data_admin"] })).key;
    const res = await createDatasetRoute(
      new Request("http://x/api/v1/datasets", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(definition("api_agency", "法院")) }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.issues).toEqual([{ path: "agency", message: expect.stringContaining("未知的来源单位“法院”，可选：court（法院）") }]);
  });
});

describe("the admin's lists", () => {
  it("adds a code a dataset may then use, renames it (the code stays), and disables it (kept for old records, refused for new ones)", async () => {
    const admin = await actorFor("admin");
    const dataAdmin = await actorFor("data_admin");
    const added = await createCode(admin, { kind: "agency", code: "water_resources", labelZh: "水利", labelEn: "Water resources" });
    expect(added).toMatchObject({ code: "water_resources", active: true });
    expect((await listCodes("agency")).at(-1)?.code).toBe("other");
    await registerDataset(dataAdmin, definition("water_permit", "water_resources"));

    await updateCode(admin, { kind: "agency", code: "water_resources", labelZh: "水利部门", labelEn: "Water authority", active: true });
    expect((await codeLabels("agency")).get("water_resources")).toMatchObject({ labelZh: "水利部门", labelEn: "Water authority" });

    await updateCode(admin, { kind: "agency", code: "water_resources", labelZh: "水利部门", labelEn: "Water authority", active: "off" });
    expect((await codeLabels("agency")).get("water_resources")?.active).toBe(false);
    const refused = await refusal(registerDataset(dataAdmin, definition("water_permit_2", "water_resources")));
    expect(refused.issues[0]).toEqual({ path: "agency", message: expect.stringMatching(/^来源单位“water_resources”（水利部门）已停用，可选：court（法院）/) });
    expect(refused.issues[0].message).not.toContain("water_resources（");
  });

  it("refuses a taken code or Chinese label (409), a malformed code (422 naming 代码), other admins and other roles (403)", async () => {
    const admin = await actorFor("admin");
    await expect(createCode(admin, { kind: "agency", code: "court", labelZh: "人民法院", labelEn: "Court" })).rejects.toBeInstanceOf(ConflictError);
    await expect(createCode(admin, { kind: "businessLine", code: "penal", labelZh: "刑事", labelEn: "Penal" })).rejects.toBeInstanceOf(ConflictError);
    const malformed = await refusal(createCode(admin, { kind: "agency", code: "Tax Office", labelZh: "税务局", labelEn: "Tax" }));
    expect(malformed.message).toContain("代码：代码只能由小写字母");
    await expect(createCode(await actorFor("city_admin"), { kind: "agency", code: "city_only", labelZh: "市级单位", labelEn: "City" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createCode(await actorFor("data_admin"), { kind: "agency", code: "mine", labelZh: "我的", labelEn: "Mine" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateCode(admin, { kind: "agency", code: "nowhere", labelZh: "无", labelEn: "None", active: true })).rejects.toThrow("来源单位“nowhere”不存在");
  });
});

describe("business lines in rules and clue filters", () => {
  it("checks a rule's clue.businessLine against the list, naming the codes", async () => {
    const admin = await actorFor("admin");
    const builder = await actorFor("builder");
    const rule = BUILTIN_MODELS[0].rule;
    const issues = await checkRuleFor(builder, { ...rule, clue: { ...rule.clue, businessLine: "juvenile" } });
    expect(issues.filter((i) => i.path === "clue.businessLine")).toEqual([
      { path: "clue.businessLine", message: "未知的业务条线“juvenile”，可选：criminal（刑事）、civil（民事）、administrative（行政）、public_interest（公益诉讼）" },
    ]);
    await createCode(admin, { kind: "businessLine", code: "juvenile", labelZh: "未成年人检察", labelEn: "Juvenile" });
    const after = await checkRuleFor(builder, { ...rule, clue: { ...rule.clue, businessLine: "juvenile" } });
    expect(after.filter((i) => i.path === "clue.businessLine")).toEqual([]);
  });

  it("refuses a new model whose business line the list lacks, naming the codes", async () => {
    const error = await refusal(createModel(await actorFor("builder"), { key: "line_test", name: "条线测试", businessLine: "space", definition: BUILTIN_MODELS[0].rule }));
    expect(error.issues).toEqual([{ path: "businessLine", message: expect.stringContaining("未知的业务条线“space”，可选：criminal（刑事）、civil（民事）") }]);
  });

  it("answers a clue filter naming an unknown line with 422 and the codes; a known line filters", async () => {
    const leader = await actorFor("leader");
    const error = await refusal(listClues(leader, { businessLine: "space" }));
    expect(error.issues).toEqual([{ path: "businessLine", message: expect.stringContaining("未知的业务条线“space”，可选：criminal（刑事）") }]);
    expect((await listClues(leader, { businessLine: "juvenile" })).items).toEqual([]);
  });

  it("serves both lists to API clients, disabled codes flagged", async () => {
    const key = (await createApiKey(await actorFor("admin"), { orgId: await orgIdByName(ORGS.dongcheng), name: "列表", scopes: ["model_builder"] })).key;
    const res = await listCodesRoute(new Request("http://x/api/v1/code-lists", { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.agencies).toEqual(expect.arrayContaining([{ code: "court", labelZh: "法院", labelEn: "Court", active: true }, expect.objectContaining({ code: "water_resources", active: false })]));
    expect(body.businessLines.map((l: { code: string }) => l.code)).toContain("juvenile");
  });
});
