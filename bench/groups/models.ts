// models: each built-in model's compiled statement over the generated data (1M judgments at
// --scale 1) beside a hand-written reference query for the same finding, in the same run; and
// the compiler's own time per rule.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb, getSql } from "../../db/client";
import { orgs } from "../../db/schema";
import { makeActor } from "../../lib/auth/actor";
import { recordImport } from "../../lib/datasets/import/commands";
import { runImport } from "../../lib/datasets/import/run-import";
import { compileRule } from "../../lib/rules/compile";
import { statementParams, type StatementScope, type StatementValue } from "../../lib/rules/params";
import { BUILTIN_DATASETS } from "../../models/datasets";
import { REPEATED_INPATIENT_STAYS } from "../../models/examples";
import { BUILTIN_MODELS } from "../../models/rules";
import { ZRule, type Rule } from "../../lib/rules/schema";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";
import { generatedDir } from "./generated";

/** The same findings written by hand ($1 org, $2 run date), to judge the compiler's SQL. */
const HANDWRITTEN: Record<number, string> = {
  1: `select count(*) from ds.criminal_judgment j where j.org_id = $1 and j.sentence_type = '实刑' and not j.detained_before_trial
      and j.effective_date < $2::date - 30
      and not exists (select 1 from ds.prison_admission p where p.org_id = $1 and p.id_number = j.id_number and p.admission_date >= j.effective_date)`,
  2: `select count(*) from ds.bribe_giver b where b.org_id = $1 and b.last_bribe_date >= $2::date - 3650
      and not exists (select 1 from ds.criminal_judgment c where c.org_id = $1 and c.id_number = b.briber_id_number and c.charge in ('行贿罪', '单位行贿罪', '对有影响力的人行贿罪'))`,
  3: `select count(*) from ds.civil_case c join ds.company_registry r on r.org_id = $1 and r.credit_code = c.defendant_id
      where c.org_id = $1 and $2::date is not null and c.defendant_kind = '企业' and c.service_method = '公告送达' and r.status = '存续' and r.phone <> '' and r.registered_address <> ''`,
  4: `select count(*) from (select c.plaintiff_id from ds.civil_case c where c.org_id = $1 and c.cause = '民间借贷纠纷' and c.filing_date >= $2::date - 365
      group by c.plaintiff_id having count(*) >= 5 and count(*) filter (where c.closing_method in ('调解', '缺席判决')) >= 0.6 * count(*)) g`,
  5: `select count(*) from ds.medical_settlement o where o.org_id = $1 and $2::date is not null and o.visit_type = '门诊'
      and exists (select 1 from ds.medical_settlement i where i.org_id = $1 and i.id_number = o.id_number and i.visit_type = '住院'
                  and i.hospital <> o.hospital and o.visit_date > i.admission_date and o.visit_date < i.discharge_date)`,
  6: `select count(*) from ds.insurance_claim a join ds.insurance_claim b on b.org_id = $1 and b.plate_no = a.plate_no
      and b.accident_date > a.accident_date and b.accident_date <= a.accident_date + 30 where a.org_id = $1 and $2::date is not null`,
  7: `select count(*) from ds.criminal_judgment j where j.org_id = $1 and j.charge = '危险驾驶罪' and j.effective_date < $2::date - 30
      and exists (select 1 from ds.driving_license d where d.org_id = $1 and d.id_number = j.id_number and d.status = '正常')`,
  8: `select count(*) from ds.community_correction cc where cc.org_id = $1 and cc.status = '在矫'
      and (exists (select 1 from ds.criminal_judgment j where j.org_id = $1 and j.id_number = cc.id_number and j.judgment_date > cc.start_date)
           or cc.last_report_date < $2::date - 30)`,
};

/**
 * Sliding windows per subject (rule.window) against the query one would write by hand: the
 * example model (inpatient stays, a sixth of the settlements) and the same construct over every
 * settlement (1M rows at --scale 1: ≥ 4 settlements within any 30 days, half of them inpatient).
 */
const WINDOW_1M_RULE: Rule = ZRule.parse({
  from: { dataset: "medical_settlement", as: "s" },
  window: { by: ["s.id_number"], date: "s.visit_date", days: 30, atLeast: 4, share: { where: { field: "s.visit_type", op: "eq", value: "住院" }, atLeast: 0.5 } },
  clue: { dedupKey: ["s.id_number"], title: "{s.name}30日内频繁就医", subject: { kind: "person", name: "s.name", idNumber: "s.id_number" }, evidence: { s: ["settlement_no", "hospital", "visit_type", "visit_date", "amount"] } },
});

const WINDOWS: { name: string; rule: Rule; handwritten: string }[] = [
  {
    name: "window_model",
    rule: REPEATED_INPATIENT_STAYS.rule,
    handwritten: `select count(*) from (select distinct id_number from (
        select i.id_number, count(*) over w as n, count(*) filter (where i.discharge_date - i.admission_date <= 3) over w as short
        from ds.medical_settlement i where i.org_id = $1 and $2::date is not null and i.visit_type = '住院' and i.admission_date is not null
        window w as (partition by i.id_number order by i.admission_date range between interval '90 days' preceding and current row)) x
      where n >= 3 and short >= 0.6 * n) y`,
  },
  {
    name: "window_1m",
    rule: WINDOW_1M_RULE,
    handwritten: `select count(*) from (select distinct id_number from (
        select s.id_number, count(*) over w as n, count(*) filter (where s.visit_type = '住院') over w as inpatient
        from ds.medical_settlement s where s.org_id = $1 and $2::date is not null
        window w as (partition by s.id_number order by s.visit_date range between interval '30 days' preceding and current row)) x
      where n >= 4 and inpatient >= 0.5 * n) y`,
  },
];

const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };

async function timeQuery(label: string, text: string, values: StatementValue[]): Promise<{ seconds: number; count: number }> {
  const started = performance.now();
  try {
    const [row] = await getSql().unsafe<{ count: string }[]>(text, values);
    return { seconds: (performance.now() - started) / 1000, count: Number(row.count) };
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
}

async function bestOf(run: () => Promise<{ seconds: number; count: number }>): Promise<{ seconds: number; count: number }> {
  let best = await run();
  for (let i = 0; i < 2; i++) {
    const next = await run();
    if (next.seconds < best.seconds) best = next;
  }
  return best;
}

/** Imports every generated dataset into the org (the 1M scale at --scale 1) and analyzes it. */
export async function loadData(dir: string, orgId: string): Promise<void> {
  const [org] = await getDb().select().from(orgs).where(eq(orgs.id, orgId));
  const actor = makeActor("system", "bench", "基准测试", org, ["data_admin"]);
  for (const def of BUILTIN_DATASETS) {
    const imp = await recordImport(actor, { datasetKey: def.key, fileName: `${def.key}.csv`, body: fs.createReadStream(path.join(dir, `${def.key}.csv`)), options: { mode: "strict" } });
    const done = await runImport(imp.id, { finalAttempt: true, quality: false });
    if (done.status !== "succeeded") throw new Error(`bench import of ${def.key} failed: ${done.message}`);
    await getSql().unsafe(`analyze ds.${def.key}`);
  }
}

/** Each window rule's compiled statement (its evidence included) beside the hand-written count. */
async function windowFigures(scope: StatementScope): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const [{ rows }] = await getSql()<{ rows: number }[]>`select count(*)::int as rows from ds.medical_settlement where org_id = ${scope.orgId}`;
  figures.window_rows = rows;
  for (const w of WINDOWS) {
    const compiled = compileRule(w.rule, ctx);
    const params = statementParams(scope, []);
    await timeQuery(`${w.name} hand-written`, w.handwritten, params);
    // Alternated, the best of five each: on a shared machine a single slow round says nothing.
    let mine = { seconds: Infinity, count: -1 };
    let hand = { seconds: Infinity, count: -1 };
    for (let round = 0; round < 5; round++) {
      const m = await timeQuery(`${w.name} compiled`, `select count(*) from (${compiled.text}) q`, statementParams(scope, compiled.values));
      const h = await timeQuery(`${w.name} hand-written`, w.handwritten, params);
      if (m.seconds < mine.seconds) mine = m;
      if (h.seconds < hand.seconds) hand = h;
    }
    if (mine.count !== hand.count) throw new Error(`${w.name}: compiled ${mine.count} subjects, hand-written ${hand.count}`);
    figures[`${w.name}_hits`] = mine.count;
    figures[`${w.name}_s`] = Math.round(mine.seconds * 1000) / 1000;
    figures[`${w.name}_vs_handwritten_ratio`] = Math.round((mine.seconds / hand.seconds) * 100) / 100;
  }
  return figures;
}

function compileMs(): number {
  const rounds = 200;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) for (const m of BUILTIN_MODELS) compileRule(m.rule, ctx);
  return (performance.now() - started) / (rounds * BUILTIN_MODELS.length);
}

export const modelsGroup: BenchGroup = {
  name: "models",
  description: "each built-in model's compiled SQL vs a hand-written reference; compile time",
  run: async (scale) => {
    const { dir, manifest } = await generatedDir(scale);
    return withBenchDatabase("models", async ({ district }) => {
      await loadData(dir, district.id);
      const figures: Record<string, number> = {};
      let maxRatio = 0;
      for (const model of BUILTIN_MODELS) {
        const compiled = compileRule(model.rule, ctx);
        const scope = { orgId: district.id, runDate: manifest.asOf };
        const params = statementParams(scope, []);
        // Warm the cache, then the best of three for each (single timings on 2 cores are noisy).
        await timeQuery(`model ${model.number} hand-written`, HANDWRITTEN[model.number], params);
        const mine = await bestOf(() => timeQuery(`model ${model.number} compiled`, `select count(*) from (${compiled.text}) q`, statementParams(scope, compiled.values)));
        const hand = await bestOf(() => timeQuery(`model ${model.number} hand-written`, HANDWRITTEN[model.number], params));
        if (mine.count !== hand.count) throw new Error(`model ${model.number}: compiled ${mine.count} rows, hand-written ${hand.count}`);
        const ratio = mine.seconds / hand.seconds;
        maxRatio = Math.max(maxRatio, ratio);
        figures[`model_${model.number}_s`] = Math.round(mine.seconds * 1000) / 1000;
        figures[`model_${model.number}_vs_handwritten_ratio`] = Math.round(ratio * 100) / 100;
      }
      figures.model_ratio_max = Math.round(maxRatio * 100) / 100;
      Object.assign(figures, await windowFigures({ orgId: district.id, runDate: manifest.asOf }));
      figures.compile_ms = Math.round(compileMs() * 1000) / 1000;
      return figures;
    });
  },
};
