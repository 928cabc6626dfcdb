import type { GenContext } from "./context";
import type { Day } from "./days";
import { yearOf } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import { type MedicalSettlementRow, yuan } from "./rows";
import { HOSPITALS } from "./vocab";

export interface Stay {
  hospital: string;
  admission: Day;
  discharge: Day;
}

function settlementNo(ctx: GenContext, day: Day): string {
  return ctx.serials.settlement.next(`JS${yearOf(day)}`);
}

export function inpatientRow(ctx: GenContext, rng: Rng, person: Person, stay: Stay): MedicalSettlementRow {
  const fen = Math.round(rng.logUniform(3_000, 80_000) * 100);
  return {
    settlement_no: settlementNo(ctx, stay.discharge),
    id_number: person.idNumber,
    name: person.name,
    hospital: stay.hospital,
    visit_type: "住院",
    visit_date: stay.admission,
    admission_date: stay.admission,
    discharge_date: stay.discharge,
    amount: yuan(fen),
    fund_paid: yuan(fen * (0.55 + rng.float() * 0.3)),
  };
}

export function outpatientRow(ctx: GenContext, rng: Rng, person: Person, hospital: string, day: Day): MedicalSettlementRow {
  const fen = Math.round(rng.logUniform(30, 1_500) * 100);
  return {
    settlement_no: settlementNo(ctx, day),
    id_number: person.idNumber,
    name: person.name,
    hospital,
    visit_type: "门诊",
    visit_date: day,
    admission_date: null,
    discharge_date: null,
    amount: yuan(fen),
    fund_paid: yuan(fen * (0.4 + rng.float() * 0.3)),
  };
}

function stayAt(rng: Rng, hospital: string, admission: Day, minDays = 2, maxDays = 25): Stay {
  return { hospital, admission, discharge: admission + rng.int(minDays, maxDays) };
}

/** Up to two non-overlapping stays, all discharged before asOf. */
function backgroundStays(ctx: GenContext, rng: Rng): Stay[] {
  const r = rng.float();
  if (r < 0.65) return [];
  const first = stayAt(rng, rng.pick(HOSPITALS), ctx.asOf - rng.int(30, 1000));
  if (r < 0.93) return [first];
  const second = stayAt(rng, rng.pick(HOSPITALS), first.discharge + rng.int(10, 300));
  return second.discharge < ctx.asOf ? [first, second] : [first];
}

/**
 * Background people: an outpatient visit that falls strictly inside a stay is moved to that
 * stay's hospital (a same-hospital settlement is allowed), so no background row is a model-5 hit.
 */
export async function generateMedical(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("medical/background");
  const n = ctx.count(400);
  for (let i = 0; i < n; i++) {
    if (ctx.full()) await ctx.drain();
    const person = ctx.people.next(rng, 0.5);
    const stays = backgroundStays(ctx, rng);
    const rows = stays.map((s) => inpatientRow(ctx, rng, person, s));
    const visits = stays.length === 0 ? rng.int(1, 4) : rng.int(0, 3);
    for (let v = 0; v < visits; v++) {
      const day = ctx.asOf - rng.int(1, 1000);
      const during = stays.find((s) => day > s.admission && day < s.discharge);
      rows.push(outpatientRow(ctx, rng, person, during ? during.hospital : rng.pick(HOSPITALS), day));
    }
    rows.sort((a, b) => a.visit_date - b.visit_date);
    for (const row of rows) ctx.out.medical_settlement.write(row);
  }
}

function otherHospital(rng: Rng, not: string): string {
  const h = rng.pick(HOSPITALS);
  return h === not ? HOSPITALS[(HOSPITALS.indexOf(h) + 1) % HOSPITALS.length] : h;
}

/** Model 5: an outpatient settlement at another hospital strictly inside an inpatient stay. */
export function plantModel5(ctx: GenContext): void {
  const rng = ctx.rng("plant/model5");
  const hits = ctx.hitCount(1000, 0.015);
  const misses = ctx.nearMissCount(hits);
  /** One person with a 5–20 day stay; returns the outpatient rows made by `visits`. */
  const plant = (visits: (stay: Stay) => { hospital: string; day: Day }[]): { settlement_no: string }[] => {
    const person = ctx.people.next(rng, 0.5);
    const stay = stayAt(rng, rng.pick(HOSPITALS), ctx.asOf - rng.int(40, 700), 5, 20);
    ctx.out.medical_settlement.write(inpatientRow(ctx, rng, person, stay));
    const keys: { settlement_no: string }[] = [];
    for (const v of visits(stay)) {
      const row = outpatientRow(ctx, rng, person, v.hospital, v.day);
      ctx.out.medical_settlement.write(row);
      keys.push({ settlement_no: row.settlement_no });
    }
    return keys;
  };

  const [before] = plant((s) => [{ hospital: otherHospital(rng, s.hospital), day: s.discharge - 1 }]);
  ctx.manifest.hit("5", before, "outpatient the day before discharge: still strictly inside the stay");
  const [first, second] = plant((s) => {
    const a = otherHospital(rng, s.hospital);
    const b = otherHospital(rng, s.hospital);
    return [{ hospital: a, day: s.admission + 1 }, { hospital: b, day: s.admission + 3 }];
  });
  ctx.manifest.hit("5", first, "two outpatient visits during one stay: each is a finding");
  ctx.manifest.hit("5", second, "two outpatient visits during one stay: each is a finding");
  for (let i = 3; i < hits; i++) {
    const [key] = plant((s) => [{ hospital: otherHospital(rng, s.hospital), day: rng.int(s.admission + 1, s.discharge - 1) }]);
    ctx.manifest.hit("5", key);
  }

  for (let i = 0; i < misses; i++) {
    const [onDischarge] = plant((s) => [{ hospital: otherHospital(rng, s.hospital), day: s.discharge }]);
    ctx.manifest.nearMiss("5", "outpatient at another hospital on the discharge day (strict <)", onDischarge);
    const [onAdmission] = plant((s) => [{ hospital: otherHospital(rng, s.hospital), day: s.admission }]);
    ctx.manifest.nearMiss("5", "outpatient at another hospital on the admission day (strict >)", onAdmission);
    const [same] = plant((s) => [{ hospital: s.hospital, day: rng.int(s.admission + 1, s.discharge - 1) }]);
    ctx.manifest.nearMiss("5", "outpatient at the same hospital during the stay", same);
  }
}
