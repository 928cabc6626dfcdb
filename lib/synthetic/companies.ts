import type { GenContext } from "./context";
import { randomPhone } from "./codes";
import { makeCreditCode } from "@/lib/datasets/credit-code";
import { mulMod, personName, scrambleMultiplier } from "./people";
import { mix32, Rng } from "./prng";
import type { CompanyRegistryRow, CompanyStatus } from "./rows";
import { COMPANY_TRADES, COMPANY_WORDS, DISTRICTS, OTHER_REGION_CODES, STREETS } from "./vocab";

/**
 * Companies are a pure function of (seed, serial): the civil generator can look up any registry
 * company's status and phone without the registry being held in memory. Serial ranges:
 * [0, registry size) background registry, PLANTED_BASE+ planted registry rows, OUTSIDE_BASE+
 * companies registered elsewhere (never in the registry).
 */
export const PLANTED_COMPANY_BASE = 5_000_000;
const OUTSIDE_BASE = 50_000_000;
const ORG_SPACE = 100_000_000;
const ORG_MULTIPLIER = scrambleMultiplier(ORG_SPACE);

const STATUSES: readonly (readonly [CompanyStatus, number])[] = [["存续", 80], ["吊销", 12], ["注销", 8]];

export function registrySize(ctx: GenContext): number {
  return ctx.count(400);
}

function orgBody(seed: number, serial: number): string {
  const x = (mulMod(serial, ORG_MULTIPLIER, ORG_SPACE) + (mix32(seed ^ 0xc0de) % ORG_SPACE)) % ORG_SPACE;
  return String(x).padStart(8, "0");
}

export function companyName(rng: Rng, district: string): string {
  // County firms carry the county's name; city-district firms usually just the city's.
  const prefix = district.endsWith("县") ? district : rng.chance(0.7) ? "临江市" : `临江市${district}`;
  return `${prefix}${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_TRADES)}有限公司`;
}

function address(rng: Rng, district: string): string {
  const base = `临江市${district}${rng.pick(STREETS)}${rng.int(1, 399)}号`;
  // Some addresses carry an ASCII comma, so the CSV quoting is exercised on real data.
  return rng.chance(0.1) ? `${base}, ${rng.int(1, 30)}幢${rng.int(101, 2505)}室` : base;
}

/** The registry row of company `serial`. */
export function companyAt(ctx: GenContext, serial: number): CompanyRegistryRow {
  const rng = new Rng(ctx.seed, `company/${serial}`);
  const district = rng.pick(DISTRICTS);
  const status = rng.weighted(STATUSES);
  const registered = ctx.asOf - rng.int(200, 25 * 365);
  return {
    credit_code: makeCreditCode(district.code, orgBody(ctx.seed, serial)),
    company_name: companyName(rng, district.name),
    status,
    registered_address: rng.chance(0.03) ? null : address(rng, district.name),
    phone: rng.chance(status === "存续" ? 0.08 : 0.3) ? null : randomPhone(rng),
    legal_rep: personName(rng, rng.chance(0.75)),
    registration_date: registered,
    updated_date: rng.int(registered, ctx.asOf - 1),
  };
}

/** A company registered in another city: a valid credit code that the registry never lists. */
export function outsideCompany(ctx: GenContext, rng: Rng, n: number): { credit_code: string; company_name: string } {
  const city = rng.pick(["江北市", "青州市", "南平市", "安阳市"]);
  return {
    credit_code: makeCreditCode(rng.pick(OTHER_REGION_CODES), orgBody(ctx.seed, OUTSIDE_BASE + n)),
    company_name: `${city}${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_TRADES)}有限公司`,
  };
}

/** 存续 with a phone and an address: a court could have served it directly (model 3). */
export function isReachable(c: CompanyRegistryRow): boolean {
  return c.status === "存续" && !!c.phone && !!c.registered_address;
}

export async function generateRegistry(ctx: GenContext): Promise<void> {
  const n = registrySize(ctx);
  for (let serial = 0; serial < n; serial++) {
    if (ctx.full()) await ctx.drain();
    ctx.out.company_registry.write(companyAt(ctx, serial));
  }
}
