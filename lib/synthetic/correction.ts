import type { GenContext } from "./context";
import { buildJudgment, writeJudgmentDelivered } from "./criminal";
import type { Day } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import type { CommunityCorrectionRow, SentenceType } from "./rows";
import { DISTRICTS, TOWNSHIPS } from "./vocab";

const CORRECTION_CHARGES: readonly (readonly [string, number])[] = [
  ["危险驾驶罪", 25], ["盗窃罪", 20], ["帮助信息网络犯罪活动罪", 15], ["诈骗罪", 10], ["故意伤害罪", 10],
  ["交通肇事罪", 10], ["开设赌场罪", 5], ["寻衅滋事罪", 5],
];
const REOFFENCE_CHARGES = ["盗窃罪", "诈骗罪", "故意伤害罪", "寻衅滋事罪", "开设赌场罪"] as const;

function office(rng: Rng): string {
  return `${rng.pick(DISTRICTS).justiceBureau}${rng.pick(TOWNSHIPS)}司法所`;
}

/**
 * The sentence that put the person under correction, dated before start_date: 缓刑/管制 shortly
 * before, or (parole, 假释) a delivered prison sentence years before.
 */
function writeOriginalJudgment(ctx: GenContext, rng: Rng, person: Person, startDay: Day): void {
  const parole = rng.chance(0.1);
  const charge = parole ? "盗窃罪" : rng.weighted(CORRECTION_CHARGES);
  const sentence: SentenceType = parole ? "实刑" : rng.chance(0.85) ? "缓刑" : "管制";
  const judgmentDay = startDay - (parole ? rng.int(400, 2000) : rng.int(25, 60));
  const j = buildJudgment(ctx, rng, {
    person, charge, sentence, detained: parole || rng.chance(0.1), judgmentDay, effectiveDay: judgmentDay + rng.int(11, 14),
  });
  writeJudgmentDelivered(ctx, rng, j);
}

/** A later criminal case of the same person (custodial and delivered, so it trips no other model). */
function writeNewCase(ctx: GenContext, rng: Rng, person: Person, judgmentDay: Day): void {
  const effective = judgmentDay + rng.int(11, 30);
  const j = buildJudgment(ctx, rng, {
    person, charge: rng.pick(REOFFENCE_CHARGES), sentence: "实刑", detained: true, judgmentDay,
    effectiveDay: effective < ctx.asOf ? effective : null,
  });
  writeJudgmentDelivered(ctx, rng, j);
}

function writeCorrection(ctx: GenContext, rng: Rng, row: Omit<CommunityCorrectionRow, "supervising_office">): void {
  ctx.out.community_correction.write({ ...row, supervising_office: office(rng) });
}

interface Active {
  person: Person;
  start: Day;
}

/** An active (在矫) person with a recent report on `reportDay` and their original judgment. */
function writeActive(ctx: GenContext, rng: Rng, start: Day, reportDay: Day): Active {
  const person = ctx.people.next(rng, 0.8);
  writeOriginalJudgment(ctx, rng, person, start);
  writeCorrection(ctx, rng, {
    id_number: person.idNumber, name: person.name, start_date: start, end_date: ctx.asOf + rng.int(30, 900), status: "在矫", last_report_date: reportDay,
  });
  return { person, start };
}

/** Background: 在矫 people report within the last 25 days and have no case after their start. */
export async function generateCorrections(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("correction/background");
  const n = ctx.count(200);
  for (let i = 0; i < n; i++) {
    if (ctx.full()) await ctx.drain();
    if (rng.chance(0.6)) {
      const start = ctx.asOf - rng.int(10, 3 * 365);
      writeActive(ctx, rng, start, Math.max(start, ctx.asOf - rng.int(1, 25)));
      continue;
    }
    const person = ctx.people.next(rng, 0.8);
    const end = ctx.asOf - rng.int(1, 1500);
    const start = end - rng.int(180, 1500);
    writeOriginalJudgment(ctx, rng, person, start);
    writeCorrection(ctx, rng, {
      id_number: person.idNumber, name: person.name, start_date: start, end_date: end, status: "解矫", last_report_date: end - rng.int(0, 25),
    });
  }
}

/** Model 8: 在矫 and (a judgment after start_date, or no report for more than 30 days). */
export function plantModel8(ctx: GenContext): void {
  const rng = ctx.rng("plant/model8");
  const hits = ctx.hitCount(200, 0.03);
  const misses = ctx.nearMissCount(hits);
  const recentReport = (): Day => ctx.asOf - rng.int(1, 20);
  const key = (a: Active): { id_number: string } => ({ id_number: a.person.idNumber });

  const reoffenders = Math.ceil((hits - 1) / 2);
  for (let i = 0; i < reoffenders; i++) {
    const a = writeActive(ctx, rng, ctx.asOf - rng.int(90, 900), recentReport());
    writeNewCase(ctx, rng, a.person, rng.int(a.start + 1, ctx.asOf - 1));
    ctx.manifest.hit("8", key(a));
  }
  for (let i = reoffenders; i < hits - 1; i++) {
    ctx.manifest.hit("8", key(writeActive(ctx, rng, ctx.asOf - rng.int(240, 900), ctx.asOf - rng.int(31, 200))));
  }
  const boundary = writeActive(ctx, rng, ctx.asOf - rng.int(240, 900), ctx.asOf - 31);
  ctx.manifest.hit("8", key(boundary), "last report exactly 31 days before asOf: the first day that counts");

  for (let i = 0; i < misses; i++) {
    const released = ctx.people.next(rng, 0.8);
    const start = ctx.asOf - rng.int(500, 900);
    writeOriginalJudgment(ctx, rng, released, start);
    writeCorrection(ctx, rng, {
      id_number: released.idNumber, name: released.name, start_date: start, end_date: ctx.asOf - 100, status: "解矫", last_report_date: ctx.asOf - 120,
    });
    writeNewCase(ctx, rng, released, ctx.asOf - rng.int(40, 90));
    ctx.manifest.nearMiss("8", "status 解矫 (stopped reporting and re-offended, but released)", { id_number: released.idNumber });
    const r29 = writeActive(ctx, rng, ctx.asOf - rng.int(240, 900), ctx.asOf - 29);
    ctx.manifest.nearMiss("8", "last report 29 days before asOf", key(r29));
    const r30 = writeActive(ctx, rng, ctx.asOf - rng.int(240, 900), ctx.asOf - 30);
    ctx.manifest.nearMiss("8", "last report exactly 30 days before asOf (strict <)", key(r30));
    const before = writeActive(ctx, rng, ctx.asOf - rng.int(240, 900), recentReport());
    writeNewCase(ctx, rng, before.person, before.start - rng.int(400, 900));
    ctx.manifest.nearMiss("8", "another judgment, dated before start_date", key(before));
    const sameDay = writeActive(ctx, rng, ctx.asOf - rng.int(240, 900), recentReport());
    writeNewCase(ctx, rng, sameDay.person, sameDay.start);
    ctx.manifest.nearMiss("8", "a judgment dated exactly on start_date (strict >)", key(sameDay));
  }
}
