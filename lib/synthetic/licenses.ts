import type { GenContext } from "./context";
import type { Day } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import type { LicenseStatus } from "./rows";

const CLASSES: readonly (readonly [string, number])[] = [
  ["C1", 70], ["C2", 10], ["B2", 5], ["A2", 3], ["B1", 3], ["A1", 2], ["D", 4], ["E", 3],
];

const BACKGROUND_STATUS: readonly (readonly [LicenseStatus, number])[] = [["正常", 85], ["注销", 10], ["暂扣", 3], ["吊销", 2]];

/** First licensed at 18–45 (but at least a year before the status change, if any). */
function issueDay(rng: Rng, person: Person, before: Day): Day {
  const earliest = person.birthDay + 18 * 366;
  const latest = Math.min(person.birthDay + 45 * 365, before - 365);
  // A very young driver: licensed shortly before the change rather than after it.
  return latest <= earliest ? Math.min(earliest, before - 30) : rng.int(earliest, latest);
}

/** Writes one 驾驶证; `statusDay` is when a non-正常 status took effect (null for 正常). */
export function writeLicense(ctx: GenContext, rng: Rng, person: Person, status: LicenseStatus, statusDay: Day | null): void {
  ctx.out.driving_license.write({
    license_no: ctx.serials.license.next("3601"),
    id_number: person.idNumber,
    name: person.name,
    license_class: rng.weighted(CLASSES),
    status,
    issue_date: issueDay(rng, person, statusDay ?? ctx.asOf),
    status_date: statusDay,
  });
}

/** Licence holders with no criminal record (the judgments' drunk drivers add their own rows). */
export async function generateLicenses(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("licenses/background");
  const n = ctx.count(480);
  for (let i = 0; i < n; i++) {
    if (ctx.full()) await ctx.drain();
    const person = ctx.people.next(rng, 0.6);
    const status = rng.weighted(BACKGROUND_STATUS);
    writeLicense(ctx, rng, person, status, status === "正常" ? null : ctx.asOf - rng.int(1, 700));
  }
}
