// The sliding-window example model (models/examples/repeated-inpatient-stays.json): the same
// insured person admitted ≥ 3 times within any 90 days, ≥ 60% of those stays lasting ≤ 3 days.
// Background people have at most two stays and model 5's people one, so only these plants can hit.
import type { GenContext } from "./context";
import type { Day } from "./days";
import { inpatientRow, outpatientRow } from "./medical";
import type { Rng } from "./prng";
import { HOSPITALS } from "./vocab";

export const WINDOW_MODEL = "repeated_inpatient_stays" as const;

/** One stay: admitted `at` days after the person's first admission, for `len` days (≤ 3 is short). */
interface PlannedStay {
  at: number;
  len: number;
}

const short = (at: number, len: 2 | 3 = 2): PlannedStay => ({ at, len });
const long = (at: number, len = 10): PlannedStay => ({ at, len });

/**
 * Writes one person's stays (all at one hospital, the last discharged 1–600 days before asOf) and, when `outpatientAt` is given, an outpatient visit on that day
 * outside every stay; answers the person's key.
 */
function plantPerson(ctx: GenContext, rng: Rng, stays: readonly PlannedStay[], outpatientAt?: number): { id_number: string } {
  const person = ctx.people.next(rng, 0.5);
  const hospital = rng.pick(HOSPITALS);
  const last = Math.max(...stays.map((s) => s.at + s.len), outpatientAt ?? 0);
  const base: Day = ctx.asOf - 1 - last - rng.int(0, 600);
  for (const s of stays) {
    ctx.out.medical_settlement.write(inpatientRow(ctx, rng, person, { hospital, admission: base + s.at, discharge: base + s.at + s.len }));
  }
  if (outpatientAt !== undefined) ctx.out.medical_settlement.write(outpatientRow(ctx, rng, person, hospital, base + outpatientAt));
  return { id_number: person.idNumber };
}

/** `n` short stays spread over at most `span` days (first on day 0, last on day `span`). */
function shortStays(rng: Rng, n: number, span: number): PlannedStay[] {
  const inner = Array.from({ length: n - 2 }, (_, i) => Math.round(((i + 1) * span) / (n - 1)) + rng.int(-2, 2));
  return [0, ...inner, span].map((at) => short(at, rng.chance(0.5) ? 2 : 3));
}

export function plantWindowModel(ctx: GenContext): void {
  const rng = ctx.rng("plant/window");
  const hits = ctx.hitCount(400, 0.01);
  const misses = ctx.nearMissCount(hits);
  const hit = (note: string | undefined, stays: PlannedStay[], outpatientAt?: number): void => ctx.manifest.hit(WINDOW_MODEL, plantPerson(ctx, rng, stays, outpatientAt), note);

  hit("3 short stays, first and last exactly 90 days apart: one window", shortStays(rng, 3, 90));
  hit("5 stays in 90 days, exactly 3 of them short (60%); every earlier window has < 3 stays or a share < 60%", [long(0), long(20), short(40), short(60, 3), short(80)]);
  hit("a 3-day stay counts as short (≤ 3): 2 of 3 short", [short(0, 2), long(30), short(60, 3)]);
  hit("two qualifying bursts a year apart (3 stays, then 4): ONE finding, the 4-stay burst its evidence", [...shortStays(rng, 3, 40), ...shortStays(rng, 4, 60).map((s) => ({ ...s, at: s.at + 400 }))]);
  hit("two admissions on the same day count as two stays", [short(0), short(30), { at: 30, len: 3 }]);
  for (let i = 5; i < hits; i++) hit(undefined, shortStays(rng, rng.int(3, 5), rng.int(40, 90)));

  for (let i = 0; i < misses; i++) {
    const miss = (what: string, stays: PlannedStay[], outpatientAt?: number): void => ctx.manifest.nearMiss(WINDOW_MODEL, what, plantPerson(ctx, rng, stays, outpatientAt));
    miss("2 short stays in every 90 days (N−1 in every window): 5 stays over 360 days", [short(0), short(60), short(151), short(211), short(302)]);
    miss("3 short stays spread over 91 days (first and last one day too far apart)", shortStays(rng, 3, 91));
    miss("7 stays in 90 days, 4 short (57%, just under 60%), and no earlier window reaches 60%", [long(0), long(10), short(20), long(30), short(45), short(60), short(75)]);
    miss("3 stays in 90 days, the second lasting 4 days (> 3): 1 of 3 short", [short(0), long(30, 4), long(60)]);
    miss("2 short stays and an outpatient visit between them: a visit is no stay (门诊, no admission date)", [short(0), short(60)], 30);
  }
}
