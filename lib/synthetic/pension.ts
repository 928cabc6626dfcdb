// 养老金发放 (人社) and the pension-type example model: a basic pension is suspended while its
// holder serves a prison sentence — from the month after admission until the month of release —
// so a payment for a month strictly between the two is a finding (models/examples/
// pension-paid-in-custody.json). Months are calendar months; the rule looks back 24 months.
import type { GenContext } from "./context";
import { buildJudgment, writeAdmission, writeRelease } from "./criminal";
import { monthStart, type Day } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import { yuan, type PrisonAdmissionRow } from "./rows";
import { DISTRICTS } from "./vocab";

/** The example model's key in the manifest (models/examples/pension-paid-in-custody.json). */
export const PENSION_MODEL = "pension_paid_in_custody" as const;
/** How many calendar months before the run date's month the model looks back. */
export const PENSION_LOOKBACK_MONTHS = 24;
/** Payments are on file from this many months before the run date's month (a little beyond the lookback). */
const PAID_FROM = -27;
const CUSTODY_CHARGES = ["诈骗罪", "合同诈骗罪", "故意伤害罪", "非法吸收公众存款罪", "职务侵占罪"] as const;
const MIN_PENSION_AGE_DAYS = Math.round(62 * 365.25);

export const PENSION_CRITERIA = {
  name: "服刑期间违规领取养老金",
  criteria:
    "pension_payment p JOIN prison_admission a ON a.id_number = p.id_number WHERE month(p.pay_month) > month(a.admission_date) " +
    `AND month(p.pay_month) >= month(asOf) − ${PENSION_LOOKBACK_MONTHS} months AND NOT EXISTS (prison_release r WHERE ` +
    "r.admission_no = a.admission_no AND month(r.release_date) <= month(p.pay_month)). month() is the calendar month; the month " +
    "of admission and the month of release are paid lawfully. One finding per admission (a.admission_no, p.id_number).",
  dedupKeyFields: ["admission_no", "id_number"],
};

interface Pensioner {
  person: Person;
  amount: string;
  office: string;
}

/** A person of 62–80 with a monthly pension (people are 22–80: draw until one is old enough). */
function pensioner(ctx: GenContext, rng: Rng): Pensioner {
  let person = ctx.people.next(rng, 0.55);
  while (ctx.asOf - person.birthDay < MIN_PENSION_AGE_DAYS) person = ctx.people.next(rng, 0.55);
  const office = rng.pick(DISTRICTS).court.replace("人民法院", "社会保险事业管理中心");
  return { person, amount: yuan(rng.int(150_000, 600_000)), office };
}

/** One payment a month for each month (a first day) that `paid` accepts, over the months on file. */
function writePayments(ctx: GenContext, rng: Rng, p: Pensioner, paid: (month: Day) => boolean): void {
  for (let k = PAID_FROM; k <= -1; k++) {
    const month = monthStart(ctx.asOf, k);
    if (!paid(month)) continue;
    ctx.out.pension_payment.write({
      payment_no: ctx.serials.payment.next("YL"),
      id_number: p.person.idNumber,
      name: p.person.name,
      pay_month: month,
      amount: p.amount,
      pay_date: month + rng.int(4, 14),
      office: p.office,
    });
  }
}

interface Custody {
  admission: PrisonAdmissionRow;
  /** First days of the months of admission and release (release: null while still inside). */
  admittedMonth: Day;
  releasedMonth: Day | null;
}

/** Sentenced (detained before trial, so no other model's finding), admitted on `admitted`, released on `released`. */
function imprison(ctx: GenContext, rng: Rng, person: Person, admitted: Day, released: Day | null): Custody {
  const effective = admitted - rng.int(3, 20);
  const j = buildJudgment(ctx, rng, {
    person, charge: rng.pick(CUSTODY_CHARGES), sentence: "实刑", detained: true, judgmentDay: effective - rng.int(11, 30), effectiveDay: effective,
    termMonths: released === null ? rng.int(36, 120) : Math.max(6, Math.round((released - admitted) / 30)),
  });
  ctx.out.criminal_judgment.write(j);
  const admission = writeAdmission(ctx, rng, j, admitted, false);
  if (released !== null) writeRelease(ctx, admission, released, rng.chance(0.8) ? "刑满释放" : "假释");
  return { admission, admittedMonth: monthStart(admitted), releasedMonth: released === null ? null : monthStart(released) };
}

/** Paid as the law says: up to the month of admission, and again from the month of release. */
function lawful(c: Custody): (month: Day) => boolean {
  return (m) => m <= c.admittedMonth || (c.releasedMonth !== null && m >= c.releasedMonth);
}

/** A pensioner admitted on `admitted` (released on `released`), paid for the months `paid` accepts. */
function plant(ctx: GenContext, rng: Rng, admitted: Day, released: Day | null, paid: (c: Custody) => (month: Day) => boolean): { admission_no: string; id_number: string } {
  const p = pensioner(ctx, rng);
  const custody = imprison(ctx, rng, p.person, admitted, released);
  writePayments(ctx, rng, p, paid(custody));
  return { admission_no: custody.admission.admission_no, id_number: p.person.idNumber };
}

/** Planted hits and near-misses of the pension example (manifest.models.pension_paid_in_custody). */
export function plantPension(ctx: GenContext): void {
  const rng = ctx.rng("plant/pension");
  const hits = ctx.hitCount(40, 0.25);
  const misses = ctx.nearMissCount(hits);
  const month = (k: number): Day => monthStart(ctx.asOf, k);
  const dayIn = (k: number): Day => month(k) + rng.int(1, 26);
  const hit = (key: { admission_no: string; id_number: string }, note?: string): void => ctx.manifest.hit(PENSION_MODEL, key, note);
  const miss = (what: string, key: { admission_no: string; id_number: string }): void => ctx.manifest.nearMiss(PENSION_MODEL, what, key);

  for (let i = 0; i < hits - 4; i++) {
    const admitted = dayIn(-rng.int(4, 20));
    const release = admitted + rng.int(75, 100);
    const released = rng.chance(0.4) && release < ctx.asOf ? release : null;
    hit(plant(ctx, rng, admitted, released, () => () => true));
  }
  const next = (c: Custody): Day => monthStart(c.admittedMonth, 1);
  hit(plant(ctx, rng, dayIn(-9), null, (c) => (m) => lawful(c)(m) || m === next(c)), "paid for one custody month only: the month after admission");
  hit(plant(ctx, rng, month(-11) - 1, null, (c) => (m) => lawful(c)(m) || m === next(c)), "admitted on the last day of a month, paid for the next month");
  hit(plant(ctx, rng, dayIn(-14), dayIn(-6), (c) => (m) => lawful(c)(m) || m === monthStart(c.releasedMonth!, -1)), "released; paid for the month before the month of release");
  hit(plant(ctx, rng, dayIn(-26), dayIn(-20), (c) => (m) => lawful(c)(m) || m === month(-PENSION_LOOKBACK_MONTHS)), `paid in custody for the month exactly ${PENSION_LOOKBACK_MONTHS} months before the run date's month`);

  for (let i = 0; i < misses; i++) {
    miss("paid for the month of admission and the month of release, none between", plant(ctx, rng, dayIn(-16), dayIn(-7), lawful));
    miss("admitted on the first day of a month, paid for that month", plant(ctx, rng, month(-12), null, lawful));
    miss("released on the last day of a month, paid for that month", plant(ctx, rng, dayIn(-18), month(-4) - 1, lawful));
    miss("paid up to the month before admission, stopped a month early", plant(ctx, rng, dayIn(-10), null, (c) => (m) => m < c.admittedMonth));
    miss(
      `paid in custody only ${PENSION_LOOKBACK_MONTHS + 1} months before the run date's month (outside the lookback)`,
      plant(ctx, rng, dayIn(-27), dayIn(-21), (c) => (m) => lawful(c)(m) || m === month(-PENSION_LOOKBACK_MONTHS - 1)),
    );
    miss("released years ago, paid every month since", plant(ctx, rng, dayIn(-70), dayIn(-40), () => () => true));
  }
}

/** Pensioners paid every month, and pensioners who served a sentence and were paid as the law says. */
export async function generatePensions(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("pension/background");
  const n = ctx.count(30);
  for (let i = 0; i < n; i++) {
    if (ctx.full()) await ctx.drain();
    writePayments(ctx, rng, pensioner(ctx, rng), () => true);
  }
  const prisoners = ctx.count(6);
  for (let i = 0; i < prisoners; i++) {
    if (ctx.full()) await ctx.drain();
    const admitted = monthStart(ctx.asOf, -rng.int(2, 30)) + rng.int(0, 27);
    const release = admitted + rng.int(120, 1500);
    const p = pensioner(ctx, rng);
    const custody = imprison(ctx, rng, p.person, admitted, release < ctx.asOf ? release : null);
    writePayments(ctx, rng, p, lawful(custody));
  }
}
