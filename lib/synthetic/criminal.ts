import type { GenContext } from "./context";
import type { Day } from "./days";
import { writeLicense } from "./licenses";
import type { Person } from "./people";
import type { Rng } from "./prng";
import type { CriminalJudgmentRow, PrisonAdmissionRow, ReleaseType, SentenceType } from "./rows";
import { monthStart, yearOf } from "./days";
import { DISTRICTS, PRISON_FEMALE, PRISONS_MALE } from "./vocab";

/** Charges of the general criminal docket, by relative frequency. */
const GENERAL_CHARGES: readonly (readonly [string, number])[] = [
  ["危险驾驶罪", 20], ["盗窃罪", 17], ["诈骗罪", 10], ["帮助信息网络犯罪活动罪", 10], ["故意伤害罪", 7],
  ["开设赌场罪", 5], ["寻衅滋事罪", 5], ["交通肇事罪", 4], ["贩卖毒品罪", 4], ["掩饰、隐瞒犯罪所得罪", 4],
  ["职务侵占罪", 3], ["非法吸收公众存款罪", 3], ["合同诈骗罪", 3], ["容留他人吸毒罪", 2], ["受贿罪", 1], ["行贿罪", 1],
];

const GENERAL_SENTENCES: readonly (readonly [SentenceType, number])[] = [
  ["实刑", 45], ["缓刑", 35], ["拘役", 8], ["管制", 3], ["罚金", 6], ["免予刑事处罚", 3],
];

// 危险驾驶罪 carries at most 拘役, so its "缓刑" is a suspended 拘役 and 实刑 never occurs.
const DRUNK_SENTENCES: readonly (readonly [SentenceType, number])[] = [["拘役", 60], ["缓刑", 35], ["罚金", 3], ["免予刑事处罚", 2]];

export interface Court {
  court: string;
  courtCode: string;
}

export interface JudgmentInput {
  person: Person;
  charge: string;
  sentence: SentenceType;
  detained: boolean;
  judgmentDay: Day;
  effectiveDay: Day | null;
  court?: Court;
  termMonths?: number | null;
}

/** A plausible term for the sentence type: months of imprisonment, 拘役, 管制 or the suspended term. */
export function termFor(rng: Rng, sentence: SentenceType, charge: string): number | null {
  if (charge === "危险驾驶罪" && (sentence === "拘役" || sentence === "缓刑")) return rng.int(1, 6);
  switch (sentence) {
    case "实刑":
      return rng.chance(0.7) ? rng.int(6, 36) : rng.int(37, 180);
    case "缓刑":
      return rng.int(6, 36);
    case "拘役":
      return rng.int(1, 6);
    case "管制":
      return rng.int(3, 24);
    default:
      return null; // 罚金 / 免予刑事处罚: no term
  }
}

/** The effective date 11–30 days after judgment (appeal period + service), or null if not yet by asOf. */
export function effectiveAfter(rng: Rng, judgmentDay: Day, asOf: Day): Day | null {
  const day = judgmentDay + rng.int(11, 30);
  return day < asOf ? day : null;
}

export function districtCourt(rng: Rng): Court {
  return rng.pick(DISTRICTS);
}

export function buildJudgment(ctx: GenContext, rng: Rng, input: JudgmentInput): CriminalJudgmentRow {
  const court = input.court ?? districtCourt(rng);
  return {
    case_no: ctx.caseNos.next(input.judgmentDay, court.courtCode, "刑初"),
    court: court.court,
    defendant_name: input.person.name,
    id_number: input.person.idNumber,
    gender: input.person.gender,
    birth_date: input.person.birthDay,
    charge: input.charge,
    sentence_type: input.sentence,
    prison_term_months: input.termMonths !== undefined ? input.termMonths : termFor(rng, input.sentence, input.charge),
    detained_before_trial: input.detained,
    judgment_date: input.judgmentDay,
    effective_date: input.effectiveDay,
  };
}

/** Writes a 监狱出监 row for an admission (its number, prison and person). */
export function writeRelease(ctx: GenContext, a: PrisonAdmissionRow, day: Day, type: ReleaseType = "刑满释放"): void {
  ctx.out.prison_release.write({
    release_no: ctx.serials.release.next(`CJ${yearOf(day)}`),
    admission_no: a.admission_no,
    prison: a.prison,
    name: a.name,
    id_number: a.id_number,
    release_date: day,
    release_type: type,
  });
}

/**
 * Writes a 监狱收押 row for the judgment's defendant on `day`. With `releaseAtTerm`, a prisoner
 * whose term (counted from admission) ends before asOf is also released then — computed, not drawn,
 * so the random streams of the other datasets stay as they were.
 */
export function writeAdmission(ctx: GenContext, rng: Rng, j: CriminalJudgmentRow, day: Day, releaseAtTerm = true): PrisonAdmissionRow {
  const admission: PrisonAdmissionRow = {
    admission_no: ctx.serials.admission.next(`JY${yearOf(day)}`),
    prison: j.gender === "女" ? PRISON_FEMALE : rng.pick(PRISONS_MALE),
    name: j.defendant_name,
    id_number: j.id_number,
    case_no: j.case_no,
    admission_date: day,
  };
  ctx.out.prison_admission.write(admission);
  const term = j.prison_term_months;
  if (releaseAtTerm && term !== null && term > 0) {
    const release = monthStart(day, term) + Math.min(27, day - monthStart(day));
    if (release < ctx.asOf) writeRelease(ctx, admission, release);
  }
  return admission;
}

/**
 * Writes a judgment the way the justice system should have handled it: a 实刑 defendant is
 * admitted to prison 0–20 days after the effective date whenever that day is before asOf.
 * A missing admission is therefore only possible within 20 days of asOf — never a model-1 hit.
 */
export function writeJudgmentDelivered(ctx: GenContext, rng: Rng, j: CriminalJudgmentRow): void {
  ctx.out.criminal_judgment.write(j);
  if (j.sentence_type !== "实刑" || j.effective_date === null) return;
  const day = j.effective_date + rng.int(0, 20);
  if (day < ctx.asOf) writeAdmission(ctx, rng, j, day);
}

function pickSentence(rng: Rng, charge: string): SentenceType {
  return rng.weighted(charge === "危险驾驶罪" ? DRUNK_SENTENCES : GENERAL_SENTENCES);
}

function pickDetained(rng: Rng, sentence: SentenceType): boolean {
  return rng.chance(sentence === "实刑" ? 0.7 : sentence === "缓刑" ? 0.15 : 0.1);
}

/**
 * The general docket. A drunk driver's licence (80% are on file) is always 吊销 once the
 * judgment has been effective for a while, or 暂扣 before that — never 正常 (model 7).
 */
export async function generateGeneralJudgments(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("criminal/general");
  const n = ctx.count(680);
  for (let i = 0; i < n; i++) {
    if (ctx.full()) await ctx.drain();
    const person = ctx.people.next(rng, 0.85);
    const charge = rng.weighted(GENERAL_CHARGES);
    const sentence = pickSentence(rng, charge);
    const judgmentDay = ctx.asOf - rng.int(1, 6 * 365);
    const j = buildJudgment(ctx, rng, {
      person,
      charge,
      sentence,
      detained: pickDetained(rng, sentence),
      judgmentDay,
      effectiveDay: effectiveAfter(rng, judgmentDay, ctx.asOf),
    });
    writeJudgmentDelivered(ctx, rng, j);
    if (charge === "危险驾驶罪" && rng.chance(0.8)) writeConvictLicense(ctx, rng, j, person);
  }
}

function writeConvictLicense(ctx: GenContext, rng: Rng, j: CriminalJudgmentRow, person: Person): void {
  const revokedDay = j.effective_date === null ? null : j.effective_date + rng.int(3, 40);
  if (revokedDay !== null && revokedDay < ctx.asOf) {
    writeLicense(ctx, rng, person, "吊销", revokedDay);
  } else {
    writeLicense(ctx, rng, person, "暂扣", j.judgment_date - rng.int(20, 90));
  }
}
