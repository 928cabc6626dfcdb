import { randomVin } from "./codes";
import type { GenContext } from "./context";
import type { Day } from "./days";
import { yearOf } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import { type InsuranceClaimRow, yuan } from "./rows";
import { INSURERS } from "./vocab";

interface Vehicle {
  plate: string;
  vin: string;
  owner: Person;
  insurer: readonly [string, string];
}

function newVehicle(ctx: GenContext, rng: Rng): Vehicle {
  return { plate: ctx.plates.next(rng), vin: randomVin(rng), owner: ctx.people.next(rng, 0.65), insurer: rng.pick(INSURERS) };
}

/** One claim; the claim is reported 0–15 days after the accident. */
function claimRow(ctx: GenContext, rng: Rng, v: Vehicle, driver: Person, accidentDay: Day): InsuranceClaimRow {
  const claimDay = Math.min(ctx.asOf - 1, accidentDay + rng.int(0, 15));
  return {
    claim_no: ctx.serials.claim.next(`LP${v.insurer[1]}${yearOf(claimDay)}`),
    plate_no: v.plate,
    vin: v.vin,
    insured_name: v.owner.name,
    insured_id: v.owner.idNumber,
    driver_name: driver.name,
    driver_id: driver.idNumber,
    accident_date: accidentDay,
    claim_date: claimDay,
    amount: yuan(rng.logUniform(500, 80_000) * 100),
    insurer: v.insurer[0],
  };
}

function driverOf(ctx: GenContext, rng: Rng, v: Vehicle): Person {
  return rng.chance(0.8) ? v.owner : ctx.people.next(rng, 0.7);
}

const CLAIMS_PER_VEHICLE: readonly (readonly [number, number])[] = [[1, 85], [2, 13], [3, 2]];

/** Background vehicles: repeat claims on one plate are always at least 45 days apart (model 6). */
export async function generateClaims(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("insurance/background");
  const n = ctx.count(430);
  for (let i = 0; i < n; i++) {
    if (ctx.full()) await ctx.drain();
    const v = newVehicle(ctx, rng);
    const claims = rng.weighted(CLAIMS_PER_VEHICLE);
    let day = ctx.asOf - rng.int(20, 3 * 365);
    for (let c = 0; c < claims && day < ctx.asOf - 15; c++) {
      ctx.out.insurance_claim.write(claimRow(ctx, rng, v, driverOf(ctx, rng, v), day));
      day += rng.int(45, 400);
    }
  }
}

/** Model 6: two claims on one plate, the later accident within 30 days after the earlier. */
export function plantModel6(ctx: GenContext): void {
  const rng = ctx.rng("plant/model6");
  const hits = ctx.hitCount(500, 0.02);
  const misses = ctx.nearMissCount(hits);
  /** Claims on one new vehicle at the given day offsets; returns their claim numbers. */
  const plant = (offsets: readonly number[]): string[] => {
    const v = newVehicle(ctx, rng);
    const start = ctx.asOf - rng.int(80, 900);
    const nos: string[] = [];
    for (const off of offsets) {
      const row = claimRow(ctx, rng, v, driverOf(ctx, rng, v), start + off);
      ctx.out.insurance_claim.write(row);
      nos.push(row.claim_no);
    }
    return nos;
  };
  const pair = (a: string, b: string): { "a.claim_no": string; "b.claim_no": string } => ({ "a.claim_no": a, "b.claim_no": b });

  const [t1, t2, t3] = plant([0, 10, 25]);
  const tripleNote = "three claims within 30 days on one plate: every ordered pair is a finding";
  ctx.manifest.hit("6", pair(t1, t2), tripleNote);
  ctx.manifest.hit("6", pair(t2, t3), tripleNote);
  ctx.manifest.hit("6", pair(t1, t3), tripleNote);
  const [e1, e2] = plant([0, 30]);
  ctx.manifest.hit("6", pair(e1, e2), "accidents exactly 30 days apart (<=)");
  for (let i = 4; i < hits; i++) {
    const [a, b] = plant([0, rng.int(1, 29)]);
    ctx.manifest.hit("6", pair(a, b));
  }

  for (let i = 0; i < misses; i++) {
    const [a, b] = plant([0, 31]);
    ctx.manifest.nearMiss("6", "same plate, accidents 31 days apart", pair(a, b));
    const driver = ctx.people.next(rng, 0.8);
    const day = ctx.asOf - rng.int(80, 900);
    const first = claimRow(ctx, rng, newVehicle(ctx, rng), driver, day);
    const second = claimRow(ctx, rng, newVehicle(ctx, rng), driver, day + rng.int(1, 10));
    ctx.out.insurance_claim.write(first);
    ctx.out.insurance_claim.write(second);
    ctx.manifest.nearMiss("6", "same driver, different plates, 1–10 days apart", pair(first.claim_no, second.claim_no));
  }
}
