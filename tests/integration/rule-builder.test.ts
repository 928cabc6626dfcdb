// The no-code builder's server side: what it offers (the registry's metadata, the catalog with the
// org's grants) and the live check it calls on every edit, on the demo database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { builderCatalog } from "@/lib/models/builder-data";
import { NODE_KINDS } from "@/lib/rules/nodes/index";
import { checkRuleFor, explainRule } from "@/lib/rules/service";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase({ withData: true });
});
afterAll(async () => {
  await database.drop();
});

describe("the rule builder's catalog", () => {
  it("offers every registered condition kind with its key, and every dataset with the org's grant", async () => {
    const builder = await actorFor("builder");
    const catalog = await builderCatalog(builder);
    expect(catalog.meta.conditions.map((m) => m.kind)).toEqual(NODE_KINDS.map((k) => k.meta.kind));
    expect(catalog.keys.exists).toBe("exists");
    expect(catalog.keys.comparison).toBeNull();
    const judgment = catalog.datasets.find((d) => d.key === "criminal_judgment");
    // 临江市院 holds no grant on the demo data: offered greyed, to apply for.
    expect(judgment?.granted).toBe(false);
    expect(judgment?.fields.find((f) => f.name === "charge")?.label).toBe("罪名");
    expect(judgment?.businessKey).toEqual(["case_no", "id_number"]);
  });

  it("is for model builders only", async () => {
    const prosecutor = await actorFor("prosecutor");
    await expect(builderCatalog(prosecutor)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("has the live check tell an ungranted dataset at its block's path", async () => {
    const issues = await checkRuleFor(await actorFor("builder"), BUILTIN_MODELS.find((m) => m.number === 7)!.rule);
    expect(issues.map((i) => i.path)).toEqual(["from.dataset", "where.all[2].exists.from.dataset"]);
    expect(issues[0].message).toContain("未获本院授权");
  });
});


describe("the builder's SQL and plan (explain)", () => {
  it("refuses a run date that is no date with a Chinese message at runDate, before PostgreSQL sees it", async () => {
    const rule = BUILTIN_MODELS.find((m) => m.number === 3)!.rule;
    for (const runDate of ["2026-02-30", "明天", "2026-11-01'; drop table x"]) {
      const error = await explainRule(await actorFor("builder"), rule, runDate).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ path: "runDate", message: expect.stringContaining("运行日期应为") }]);
    }
  });
});
