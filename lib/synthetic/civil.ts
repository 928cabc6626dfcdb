import { companyAt, isReachable, outsideCompany, registrySize } from "./companies";
import type { GenContext } from "./context";
import type { Day } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import { type CivilCaseRow, type ClosingMethod, type ServiceMethod, yuan } from "./rows";
import { DISTRICTS } from "./vocab";

type DefendantKind = CivilCaseRow["defendant_kind"];

/** Causes of action with the share of company defendants each typically has. */
const CAUSES: readonly (readonly [{ cause: string; companyShare: number }, number])[] = [
  [{ cause: "民间借贷纠纷", companyShare: 0.1 }, 40],
  [{ cause: "买卖合同纠纷", companyShare: 0.6 }, 18],
  [{ cause: "劳动争议", companyShare: 1 }, 8],
  [{ cause: "房屋租赁合同纠纷", companyShare: 0.4 }, 8],
  [{ cause: "机动车交通事故责任纠纷", companyShare: 0.3 }, 8],
  [{ cause: "离婚纠纷", companyShare: 0 }, 6],
  [{ cause: "服务合同纠纷", companyShare: 0.5 }, 6],
  [{ cause: "建设工程施工合同纠纷", companyShare: 1 }, 4],
];

// Suits per background plaintiff: never 5, so no background lender can reach model 4's threshold.
const SUITS_PER_PLAINTIFF: readonly (readonly [number, number])[] = [[1, 75], [2, 17], [3, 6], [4, 2]];

export interface Defendant {
  name: string;
  id: string;
  kind: DefendantKind;
}

export function personDefendant(p: Person): Defendant {
  return { name: p.name, id: p.idNumber, kind: "个人" };
}

export interface CivilCaseInput {
  plaintiff: Person;
  defendant: Defendant;
  cause: string;
  filingDay: Day;
  service: ServiceMethod;
  /** null = still pending at asOf. */
  closing: { day: Day; method: ClosingMethod } | null;
}

export function buildCivilCase(ctx: GenContext, rng: Rng, c: CivilCaseInput): CivilCaseRow {
  const court = rng.pick(DISTRICTS);
  return {
    case_no: ctx.caseNos.next(c.filingDay, court.courtCode, "民初"),
    court: court.court,
    cause: c.cause,
    plaintiff_name: c.plaintiff.name,
    plaintiff_id: c.plaintiff.idNumber,
    defendant_name: c.defendant.name,
    defendant_id: c.defendant.id,
    defendant_kind: c.defendant.kind,
    filing_date: c.filingDay,
    closing_date: c.closing?.day ?? null,
    closing_method: c.closing?.method ?? null,
    service_method: c.service,
    claim_amount: yuan(rng.logUniform(3_000, 3_000_000) * 100),
  };
}

/** Closed 20–240 days after filing with a method that fits the service, or pending if that is after asOf. */
export function closingFor(rng: Rng, ctx: GenContext, filingDay: Day, service: ServiceMethod): CivilCaseInput["closing"] {
  const day = filingDay + rng.int(20, 240);
  if (day >= ctx.asOf) return null;
  const method: ClosingMethod =
    service === "公告送达"
      ? rng.weighted([["缺席判决", 60], ["判决", 30], ["撤诉", 10]] as const)
      : rng.weighted([["判决", 45], ["调解", 32], ["撤诉", 15], ["缺席判决", 8]] as const);
  return { day, method };
}

/**
 * A company defendant: usually from the registry, sometimes from another city. 公告送达 only ever
 * goes to a company the registry shows as unreachable or does not list (model 3).
 */
function companyDefendant(ctx: GenContext, rng: Rng, outsideSerial: number): { defendant: Defendant; service: ServiceMethod } {
  if (rng.chance(0.8)) {
    const c = companyAt(ctx, rng.int(0, registrySize(ctx) - 1));
    const defendant: Defendant = { name: c.company_name, id: c.credit_code, kind: "企业" };
    if (isReachable(c)) return { defendant, service: rng.chance(0.6) ? "直接送达" : "邮寄送达" };
    return { defendant, service: rng.weighted([["公告送达", 40], ["邮寄送达", 40], ["直接送达", 20]] as const) };
  }
  const o = outsideCompany(ctx, rng, outsideSerial);
  return { defendant: { name: o.company_name, id: o.credit_code, kind: "企业" }, service: rng.weighted([["公告送达", 30], ["邮寄送达", 70]] as const) };
}

export async function generateCivilCases(ctx: GenContext): Promise<void> {
  const rng = ctx.rng("civil/background");
  const target = ctx.count(950);
  let written = 0;
  let outside = 0;
  while (written < target) {
    if (ctx.full()) await ctx.drain();
    const plaintiff = ctx.people.next(rng, 0.6);
    const suits = rng.weighted(SUITS_PER_PLAINTIFF);
    for (let s = 0; s < suits; s++) {
      const { cause, companyShare } = rng.weighted(CAUSES);
      const filingDay = ctx.asOf - rng.int(1, 3 * 365);
      let defendant: Defendant;
      let service: ServiceMethod;
      if (rng.chance(companyShare)) {
        ({ defendant, service } = companyDefendant(ctx, rng, outside++));
      } else {
        defendant = personDefendant(ctx.people.next(rng, 0.6));
        service = rng.weighted([["直接送达", 55], ["邮寄送达", 35], ["公告送达", 10]] as const);
      }
      const closing = closingFor(rng, ctx, filingDay, service);
      ctx.out.civil_case.write(buildCivilCase(ctx, rng, { plaintiff, defendant, cause, filingDay, service, closing }));
      written++;
    }
  }
}
