import { buildCivilCase, type CivilCaseInput, personDefendant } from "./civil";
import { companyAt, PLANTED_COMPANY_BASE } from "./companies";
import type { GenContext } from "./context";
import { randomPhone } from "./codes";
import type { Day } from "./days";
import type { Person } from "./people";
import type { Rng } from "./prng";
import type { ClosingMethod, CompanyRegistryRow, CompanyStatus, ServiceMethod } from "./rows";

const COMPANY_CAUSES = ["买卖合同纠纷", "建设工程施工合同纠纷", "服务合同纠纷", "劳动争议"] as const;

interface CompanyOverride {
  status: CompanyStatus;
  phone: boolean;
  address: boolean;
}

/** Model 3: a company sued and served by public notice although the registry shows it reachable. */
export function plantModel3(ctx: GenContext): void {
  const rng = ctx.rng("plant/model3");
  const hits = ctx.hitCount(1000, 0.01);
  const misses = ctx.nearMissCount(hits);
  let serial = PLANTED_COMPANY_BASE;

  const plant = (o: CompanyOverride, service: ServiceMethod): { case_no: string } => {
    const base = companyAt(ctx, serial++);
    const company: CompanyRegistryRow = {
      ...base,
      status: o.status,
      phone: o.phone ? (base.phone ?? randomPhone(rng)) : null,
      registered_address: o.address ? (base.registered_address ?? `临江市东城区解放路${rng.int(1, 300)}号`) : null,
    };
    ctx.out.company_registry.write(company);
    const filingDay = ctx.asOf - rng.int(60, 700);
    const row = buildCivilCase(ctx, rng, {
      plaintiff: ctx.people.next(rng, 0.6),
      defendant: { name: company.company_name, id: company.credit_code, kind: "企业" },
      cause: rng.pick(COMPANY_CAUSES),
      filingDay,
      service,
      closing: { day: filingDay + rng.int(40, 59), method: service === "公告送达" ? "缺席判决" : "判决" },
    });
    ctx.out.civil_case.write(row);
    return { case_no: row.case_no };
  };

  const reachable: CompanyOverride = { status: "存续", phone: true, address: true };
  for (let i = 0; i < hits; i++) ctx.manifest.hit("3", plant(reachable, "公告送达"));
  for (let i = 0; i < misses; i++) {
    ctx.manifest.nearMiss("3", "company 吊销 (served by public notice)", plant({ ...reachable, status: "吊销" }, "公告送达"));
    ctx.manifest.nearMiss("3", "company 注销 (served by public notice)", plant({ ...reachable, status: "注销" }, "公告送达"));
    ctx.manifest.nearMiss("3", "company 存续 but no phone on file (served by public notice)", plant({ ...reachable, phone: false }, "公告送达"));
    ctx.manifest.nearMiss("3", "company 存续 but no registered address (served by public notice)", plant({ ...reachable, address: false }, "公告送达"));
    ctx.manifest.nearMiss("3", "reachable company served directly (直接送达)", plant(reachable, "直接送达"));
  }
}

interface Suit {
  /** Days before asOf the suit was filed. */
  ago: number;
  /** Closing method, or null for a pending suit. */
  method: ClosingMethod | null;
  cause?: string;
}

/** Writes one lender's loan suits; each suit's borrower is a different person. */
function plantLender(ctx: GenContext, rng: Rng, suits: readonly Suit[]): { plaintiff_id: string } {
  const lender: Person = ctx.people.next(rng, 0.7);
  for (const s of suits) {
    const filingDay: Day = ctx.asOf - s.ago;
    const input: CivilCaseInput = {
      plaintiff: lender,
      defendant: personDefendant(ctx.people.next(rng, 0.6)),
      cause: s.cause ?? "民间借贷纠纷",
      filingDay,
      service: s.method === "缺席判决" ? "公告送达" : "直接送达",
      closing: s.method === null ? null : { day: Math.min(ctx.asOf - 1, filingDay + rng.int(15, 45)), method: s.method },
    };
    ctx.out.civil_case.write(buildCivilCase(ctx, rng, input));
  }
  return { plaintiff_id: lender.idNumber };
}

/** `n` suits filed 60–360 days before asOf, the first `collusive` of them mediated or default-judged. */
function suits(rng: Rng, n: number, collusive: number): Suit[] {
  return Array.from({ length: n }, (_, i): Suit => ({
    ago: rng.int(60, 360),
    method: i < collusive ? rng.pick(["调解", "缺席判决"] as const) : rng.pick(["判决", "撤诉", null] as const),
  }));
}

/** Model 4: one lender, ≥ 5 loan suits in 365 days, ≥ 60% mediated or default-judged. */
export function plantModel4(ctx: GenContext): void {
  const rng = ctx.rng("plant/model4");
  const hits = ctx.hitCount(1000, 0.005);
  const misses = ctx.nearMissCount(hits);

  for (let i = 0; i < hits - 2; i++) {
    const n = rng.int(5, 9);
    ctx.manifest.hit("4", plantLender(ctx, rng, suits(rng, n, rng.int(Math.ceil(0.6 * n), n))));
  }
  ctx.manifest.hit("4", plantLender(ctx, rng, suits(rng, 5, 3)), "exactly 5 suits, exactly 3 mediated/default: 3 >= 0.6 × 5");
  const edge = suits(rng, 5, 5);
  edge[0].ago = 365;
  ctx.manifest.hit("4", plantLender(ctx, rng, edge), "5 suits, one filed exactly 365 days before asOf (>=): all count");

  for (let i = 0; i < misses; i++) {
    ctx.manifest.nearMiss("4", "only 4 loan suits, all mediated/default", plantLender(ctx, rng, suits(rng, 4, 4)));
    ctx.manifest.nearMiss("4", "5 loan suits, only 2 mediated/default (< 60%)", plantLender(ctx, rng, suits(rng, 5, 2)));
    const stale = suits(rng, 5, 5);
    stale[0].ago = 366;
    ctx.manifest.nearMiss("4", "5 mediated loan suits, one filed 366 days before asOf (4 in the window)", plantLender(ctx, rng, stale));
    const mixed = suits(rng, 6, 6);
    mixed[4].cause = "买卖合同纠纷";
    mixed[5].cause = "买卖合同纠纷";
    ctx.manifest.nearMiss("4", "6 mediated suits, but only 4 are 民间借贷纠纷", plantLender(ctx, rng, mixed));
  }
}
