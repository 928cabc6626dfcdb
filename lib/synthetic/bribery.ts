import type { GenContext } from "./context";
import { buildJudgment, districtCourt, effectiveAfter, writeJudgmentDelivered } from "./criminal";
import type { Day } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import { type BribeGiverRow, type CriminalJudgmentRow, type SentenceType, yuan } from "./rows";
import { INTERMEDIATE_COURT } from "./vocab";

const BRIBERY_CHARGES: readonly (readonly [string, number])[] = [["行贿罪", 80], ["单位行贿罪", 15], ["对有影响力的人行贿罪", 5]];
const BRIBER_SENTENCES: readonly (readonly [SentenceType, number])[] = [["缓刑", 55], ["实刑", 30], ["罚金", 10], ["免予刑事处罚", 5]];

/** The official's 受贿罪 judgment (detained under 留置, real prison, delivered): the bribery-taking case. */
function writeOfficialCase(ctx: GenContext, rng: Rng, judgmentDay: Day): CriminalJudgmentRow {
  const j = buildJudgment(ctx, rng, {
    person: ctx.people.next(rng, 0.85),
    charge: "受贿罪",
    sentence: "实刑",
    detained: true,
    judgmentDay,
    effectiveDay: judgmentDay + rng.int(11, 30),
    court: rng.chance(0.6) ? INTERMEDIATE_COURT : districtCourt(rng),
    termMonths: rng.int(36, 180),
  });
  writeJudgmentDelivered(ctx, rng, j);
  return j;
}

function writeBriber(ctx: GenContext, rng: Rng, official: CriminalJudgmentRow, briber: Person, lastBribeDay: Day): BribeGiverRow {
  const row: BribeGiverRow = {
    case_no: official.case_no,
    official_name: official.defendant_name,
    briber_name: briber.name,
    briber_id_number: briber.idNumber,
    bribe_amount: yuan(rng.logUniform(20_000, 5_000_000) * 100),
    last_bribe_date: lastBribeDay,
  };
  ctx.out.bribe_giver.write(row);
  return row;
}

/** The briber's own judgment, dated around the official's. */
function prosecuteBriber(ctx: GenContext, rng: Rng, official: CriminalJudgmentRow, briber: Person, charge: string): void {
  const judgmentDay = Math.min(ctx.asOf - 1, official.judgment_date + rng.int(-60, 200));
  const sentence = rng.weighted(BRIBER_SENTENCES);
  const j = buildJudgment(ctx, rng, {
    person: briber,
    charge,
    sentence,
    detained: sentence === "实刑" && rng.chance(0.4),
    judgmentDay,
    effectiveDay: effectiveAfter(rng, judgmentDay, ctx.asOf),
  });
  writeJudgmentDelivered(ctx, rng, j);
}

/**
 * Background bribery cases. Recent bribers are always prosecuted for a bribery charge; only in old
 * cases (last bribe > 10 years before asOf, outside the window) may a briber go unprosecuted.
 */
export async function generateBribery(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("bribery/background");
  const cases = ctx.count(36);
  for (let c = 0; c < cases; c++) {
    if (ctx.full()) await ctx.drain();
    const old = rng.chance(0.1);
    const official = writeOfficialCase(ctx, rng, ctx.asOf - (old ? rng.int(3730, 4400) : rng.int(60, 5 * 365)));
    const bribers = rng.int(1, 4);
    for (let b = 0; b < bribers; b++) {
      const briber = ctx.people.next(rng, 0.8);
      writeBriber(ctx, rng, official, briber, official.judgment_date - rng.int(200, 1500));
      if (!old || rng.chance(0.5)) prosecuteBriber(ctx, rng, official, briber, rng.weighted(BRIBERY_CHARGES));
    }
  }
}

function keyOf(row: BribeGiverRow): { case_no: string; briber_id_number: string } {
  return { case_no: row.case_no, briber_id_number: row.briber_id_number };
}

/** Model 2: bribers within 3650 days and never judged for a bribery charge. */
export function plantModel2(ctx: GenContext): void {
  const rng = ctx.rng("plant/model2");
  const hits = ctx.hitCount(100, 0.03);
  const misses = ctx.nearMissCount(hits);
  /** A case whose single briber last paid on `lastBribeDay`. */
  const plantCase = (lastBribeDay: Day): { official: CriminalJudgmentRow; briber: Person; row: BribeGiverRow } => {
    const official = writeOfficialCase(ctx, rng, Math.min(ctx.asOf - 60, lastBribeDay + rng.int(200, 900)));
    const briber = ctx.people.next(rng, 0.8);
    return { official, briber, row: writeBriber(ctx, rng, official, briber, lastBribeDay) };
  };

  for (let i = 0; i < hits - 2; i++) ctx.manifest.hit("2", keyOf((plantCase(ctx.asOf - rng.int(300, 3000))).row));
  const otherCharge = plantCase(ctx.asOf - rng.int(300, 3000));
  prosecuteBriber(ctx, rng, otherCharge.official, otherCharge.briber, rng.pick(["串通投标罪", "非法经营罪", "诈骗罪"]));
  ctx.manifest.hit("2", keyOf(otherCharge.row), "judged, but only for a non-bribery charge: still a hit");
  const boundary = plantCase(ctx.asOf - 3650);
  ctx.manifest.hit("2", keyOf(boundary.row), "last bribe exactly 3650 days before asOf (>=): still within the window");

  for (let i = 0; i < misses; i++) {
    const judged = plantCase(ctx.asOf - rng.int(300, 3000));
    prosecuteBriber(ctx, rng, judged.official, judged.briber, "行贿罪");
    ctx.manifest.nearMiss("2", "prosecuted for 行贿罪", keyOf(judged.row));
    const influence = plantCase(ctx.asOf - rng.int(300, 3000));
    prosecuteBriber(ctx, rng, influence.official, influence.briber, "对有影响力的人行贿罪");
    ctx.manifest.nearMiss("2", "prosecuted for 对有影响力的人行贿罪", keyOf(influence.row));
    const stale = plantCase(ctx.asOf - 3651);
    ctx.manifest.nearMiss("2", "last bribe 3651 days before asOf (outside the window), never prosecuted", keyOf(stale.row));
  }
}
