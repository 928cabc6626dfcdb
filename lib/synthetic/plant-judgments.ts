import type { GenContext } from "./context";
import { buildJudgment, writeAdmission, writeJudgmentDelivered } from "./criminal";
import type { Day } from "./days";
import { writeLicense } from "./licenses";
import type { Person } from "./people";
import type { Rng } from "./prng";
import type { CriminalJudgmentRow, SentenceType } from "./rows";

const PRISON_CHARGES = ["盗窃罪", "诈骗罪", "故意伤害罪", "贩卖毒品罪", "开设赌场罪", "寻衅滋事罪", "合同诈骗罪"] as const;

interface PlantedJudgment {
  person?: Person;
  charge: string;
  sentence: SentenceType;
  detained: boolean;
  effectiveDay: Day;
}

/** A judgment whose effective date is fixed; written WITHOUT any automatic prison admission. */
function plantJudgment(ctx: GenContext, rng: Rng, p: PlantedJudgment): CriminalJudgmentRow {
  const j = buildJudgment(ctx, rng, {
    person: p.person ?? ctx.people.next(rng, 0.85),
    charge: p.charge,
    sentence: p.sentence,
    detained: p.detained,
    judgmentDay: p.effectiveDay - rng.int(11, 30),
    effectiveDay: p.effectiveDay,
  });
  ctx.out.criminal_judgment.write(j);
  return j;
}

function keyOf(j: CriminalJudgmentRow): { case_no: string; id_number: string } {
  return { case_no: j.case_no, id_number: j.id_number };
}

/** Model 1: 实刑, free before trial, effective > 30 days ago, no admission on/after that day. */
export function plantModel1(ctx: GenContext): void {
  const rng = ctx.rng("plant/model1");
  const hits = ctx.hitCount(1000, 0.015);
  const misses = ctx.nearMissCount(hits);
  const undelivered = (effectiveDay: Day, person?: Person): PlantedJudgment => ({
    person, charge: rng.pick(PRISON_CHARGES), sentence: "实刑", detained: false, effectiveDay,
  });

  for (let i = 0; i < hits - 2; i++) {
    ctx.manifest.hit("1", keyOf(plantJudgment(ctx, rng, undelivered(ctx.asOf - rng.int(31, 400)))));
  }
  const boundary = plantJudgment(ctx, rng, undelivered(ctx.asOf - 31));
  ctx.manifest.hit("1", keyOf(boundary), "effective exactly 31 days before asOf: the first day that counts");

  // A repeat offender: admitted years ago for an earlier case, which must not cover the new one.
  const person = ctx.people.next(rng, 1);
  const earlierDay = ctx.asOf - rng.int(1500, 2000);
  const earlier = buildJudgment(ctx, rng, {
    person, charge: "盗窃罪", sentence: "实刑", detained: true, judgmentDay: earlierDay - 15, effectiveDay: earlierDay, termMonths: 12,
  });
  writeJudgmentDelivered(ctx, rng, earlier);
  const repeat = plantJudgment(ctx, rng, undelivered(ctx.asOf - rng.int(60, 300), person));
  ctx.manifest.hit("1", keyOf(repeat), "has a prison admission, but dated before this judgment's effective date (an earlier sentence)");

  for (let i = 0; i < misses; i++) {
    const m29 = plantJudgment(ctx, rng, undelivered(ctx.asOf - 29));
    ctx.manifest.nearMiss("1", "effective 29 days before asOf", keyOf(m29));
    const m30 = plantJudgment(ctx, rng, undelivered(ctx.asOf - 30));
    ctx.manifest.nearMiss("1", "effective exactly 30 days before asOf (the comparison is strict <)", keyOf(m30));
    const detained = plantJudgment(ctx, rng, { ...undelivered(ctx.asOf - rng.int(60, 400)), detained: true });
    ctx.manifest.nearMiss("1", "detained before trial (no admission on file)", keyOf(detained));
    const suspended = plantJudgment(ctx, rng, { ...undelivered(ctx.asOf - rng.int(60, 400)), sentence: "缓刑" });
    ctx.manifest.nearMiss("1", "缓刑, not 实刑 (no admission on file)", keyOf(suspended));
    const effective = ctx.asOf - rng.int(60, 400);
    const admittedSameDay = plantJudgment(ctx, rng, undelivered(effective));
    writeAdmission(ctx, rng, admittedSameDay, effective);
    ctx.manifest.nearMiss("1", "admitted to prison exactly on the effective date (>=)", keyOf(admittedSameDay));
  }
}

/** Model 7: 危险驾驶罪 effective > 30 days ago, licence still 正常. */
export function plantModel7(ctx: GenContext): void {
  const rng = ctx.rng("plant/model7");
  const hits = ctx.hitCount(1000, 0.01);
  const misses = ctx.nearMissCount(hits);
  const drunk = (effectiveDay: Day, charge = "危险驾驶罪"): PlantedJudgment => ({
    charge, sentence: rng.chance(0.6) ? "拘役" : "缓刑", detained: false, effectiveDay,
  });
  const plant = (effectiveDay: Day, status: "正常" | "吊销" | "暂扣", charge?: string): CriminalJudgmentRow => {
    const person = ctx.people.next(rng, 0.9);
    const j = plantJudgment(ctx, rng, { ...drunk(effectiveDay, charge), person });
    writeLicense(ctx, rng, person, status, status === "正常" ? null : effectiveDay + rng.int(3, 20));
    return j;
  };

  for (let i = 0; i < hits - 1; i++) ctx.manifest.hit("7", keyOf(plant(ctx.asOf - rng.int(31, 700), "正常")));
  ctx.manifest.hit("7", keyOf(plant(ctx.asOf - 31, "正常")), "effective exactly 31 days before asOf: the first day that counts");

  for (let i = 0; i < misses; i++) {
    ctx.manifest.nearMiss("7", "licence 吊销", keyOf(plant(ctx.asOf - rng.int(60, 700), "吊销")));
    ctx.manifest.nearMiss("7", "licence 暂扣", keyOf(plant(ctx.asOf - rng.int(60, 700), "暂扣")));
    ctx.manifest.nearMiss("7", "effective 10 days before asOf (licence 正常)", keyOf(plant(ctx.asOf - 10, "正常")));
    ctx.manifest.nearMiss("7", "effective exactly 30 days before asOf (strict <; licence 正常)", keyOf(plant(ctx.asOf - 30, "正常")));
    const other = plant(ctx.asOf - rng.int(60, 700), "正常", "交通肇事罪");
    ctx.manifest.nearMiss("7", "交通肇事罪, not 危险驾驶罪 (licence 正常)", keyOf(other));
  }
}
