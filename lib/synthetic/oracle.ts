import type { KeyValues, ModelNo } from "./manifest";
import type { DatasetKey } from "./rows";

/**
 * The eight criteria of model-criteria.ts evaluated the obvious way, row by row over the CSV
 * text values ("" = NULL, dates compared as YYYY-MM-DD strings). Written independently of the
 * generator so the test proves the planted hits are exactly what the criteria return.
 */
export type Row = Record<string, string>;
export type Tables = Record<DatasetKey, Row[]>;

export function minusDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function groupBy(rows: Row[], field: string): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    const list = map.get(r[field]);
    if (list) list.push(r);
    else map.set(r[field], [r]);
  }
  return map;
}

/** Model 1 with its grace days (the rule's parameter graceDays; 30 by default). */
export function model1(t: Tables, asOf: string, graceDays = 30): KeyValues[] {
  const cutoff = minusDays(asOf, graceDays);
  const admissions = groupBy(t.prison_admission, "id_number");
  return t.criminal_judgment
    .filter((j) => j.sentence_type === "实刑" && j.detained_before_trial === "false" && j.effective_date !== "" && j.effective_date < cutoff)
    .filter((j) => !(admissions.get(j.id_number) ?? []).some((p) => p.admission_date >= j.effective_date))
    .map((j) => ({ case_no: j.case_no, id_number: j.id_number }));
}

const BRIBERY_CHARGES = new Set(["行贿罪", "单位行贿罪", "对有影响力的人行贿罪"]);

function model2(t: Tables, asOf: string): KeyValues[] {
  const cutoff = minusDays(asOf, 3650);
  const judgments = groupBy(t.criminal_judgment, "id_number");
  return t.bribe_giver
    .filter((b) => b.last_bribe_date >= cutoff)
    .filter((b) => !(judgments.get(b.briber_id_number) ?? []).some((c) => BRIBERY_CHARGES.has(c.charge)))
    .map((b) => ({ case_no: b.case_no, briber_id_number: b.briber_id_number }));
}

function model3(t: Tables): KeyValues[] {
  const registry = groupBy(t.company_registry, "credit_code");
  return t.civil_case
    .filter((c) => c.defendant_kind === "企业" && c.service_method === "公告送达")
    .filter((c) => (registry.get(c.defendant_id) ?? []).some((r) => r.status === "存续" && r.phone !== "" && r.registered_address !== ""))
    .map((c) => ({ case_no: c.case_no }));
}

/** Model 4 with its parameters windowDays (365), minSuits (5) and minShare (0.6, a whole number of tenths). */
export function model4(t: Tables, asOf: string, { windowDays = 365, minSuits = 5, minShareTenths = 6 } = {}): KeyValues[] {
  const from = minusDays(asOf, windowDays);
  const loans = t.civil_case.filter((c) => c.cause === "民间借贷纠纷" && c.filing_date >= from);
  const hits: KeyValues[] = [];
  for (const [plaintiffId, suits] of groupBy(loans, "plaintiff_id")) {
    const collusive = suits.filter((s) => s.closing_method === "调解" || s.closing_method === "缺席判决").length;
    // collusive >= 0.6 × n, in integers: 10 × collusive >= 6 × n.
    if (suits.length >= minSuits && 10 * collusive >= minShareTenths * suits.length) hits.push({ plaintiff_id: plaintiffId });
  }
  return hits;
}

function model5(t: Tables): KeyValues[] {
  const stays = groupBy(t.medical_settlement.filter((s) => s.visit_type === "住院"), "id_number");
  return t.medical_settlement
    .filter((o) => o.visit_type === "门诊")
    .filter((o) =>
      (stays.get(o.id_number) ?? []).some(
        (i) => o.hospital !== i.hospital && i.admission_date !== "" && i.discharge_date !== "" && o.visit_date > i.admission_date && o.visit_date < i.discharge_date,
      ),
    )
    .map((o) => ({ settlement_no: o.settlement_no }));
}

function model6(t: Tables): KeyValues[] {
  const hits: KeyValues[] = [];
  for (const claims of groupBy(t.insurance_claim, "plate_no").values()) {
    for (const a of claims) {
      const limit = minusDays(a.accident_date, -30);
      for (const b of claims) {
        if (b.accident_date > a.accident_date && b.accident_date <= limit) hits.push({ "a.claim_no": a.claim_no, "b.claim_no": b.claim_no });
      }
    }
  }
  return hits;
}

function model7(t: Tables, asOf: string): KeyValues[] {
  const cutoff = minusDays(asOf, 30);
  const licences = groupBy(t.driving_license, "id_number");
  return t.criminal_judgment
    .filter((j) => j.charge === "危险驾驶罪" && j.effective_date !== "" && j.effective_date < cutoff)
    .filter((j) => (licences.get(j.id_number) ?? []).some((d) => d.status === "正常"))
    .map((j) => ({ case_no: j.case_no, id_number: j.id_number }));
}

function model8(t: Tables, asOf: string): KeyValues[] {
  const cutoff = minusDays(asOf, 30);
  const judgments = groupBy(t.criminal_judgment, "id_number");
  const ids = new Set<string>();
  for (const cc of t.community_correction) {
    if (cc.status !== "在矫") continue;
    const reoffended = (judgments.get(cc.id_number) ?? []).some((j) => j.judgment_date > cc.start_date);
    const lapsed = cc.last_report_date !== "" && cc.last_report_date < cutoff;
    if (reoffended || lapsed) ids.add(cc.id_number);
  }
  return [...ids].map((id) => ({ id_number: id }));
}

function dayNumber(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / 86_400_000;
}

/** The sliding-window example: ≥ 3 stays within the 90 days up to some stay, ≥ 60% of them short. */
function repeatedInpatientStays(t: Tables): KeyValues[] {
  const stays = t.medical_settlement.filter((s) => s.visit_type === "住院" && s.admission_date !== "");
  const hits: KeyValues[] = [];
  for (const [idNumber, own] of groupBy(stays, "id_number")) {
    const days = own.map((s) => ({ at: dayNumber(s.admission_date), short: s.discharge_date !== "" && dayNumber(s.discharge_date) - dayNumber(s.admission_date) <= 3 }));
    const qualifies = days.some((end) => {
      const inWindow = days.filter((d) => d.at >= end.at - 90 && d.at <= end.at);
      const short = inWindow.filter((d) => d.short).length;
      // short >= 0.6 × n, in integers.
      return inWindow.length >= 3 && 5 * short >= 3 * inWindow.length;
    });
    if (qualifies) hits.push({ id_number: idNumber });
  }
  return hits;
}

export function evaluateCriteria(t: Tables, asOf: string): Record<ModelNo, KeyValues[]> {
  return {
    "1": model1(t, asOf), "2": model2(t, asOf), "3": model3(t), "4": model4(t, asOf),
    "5": model5(t), "6": model6(t), "7": model7(t, asOf), "8": model8(t, asOf),
    repeated_inpatient_stays: repeatedInpatientStays(t), pension_paid_in_custody: pension(t, asOf),
  };
}

/** "YYYY-MM" of a YYYY-MM-DD date, and a month `n` months on — plain calendar arithmetic. */
function monthPlus(isoDate: string, n: number): string {
  const index = Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Pension paid for a month strictly after the month of admission and before the month of release, within 24 months. */
function pension(t: Tables, asOf: string): KeyValues[] {
  const earliest = monthPlus(asOf, -24);
  const payments = groupBy(t.pension_payment, "id_number");
  const releases = groupBy(t.prison_release, "admission_no");
  const hits: KeyValues[] = [];
  for (const a of t.prison_admission) {
    const inCustody = (p: Row): boolean => {
      const month = monthPlus(p.pay_month, 0);
      if (month <= monthPlus(a.admission_date, 0) || month < earliest) return false;
      return !(releases.get(a.admission_no) ?? []).some((r) => monthPlus(r.release_date, 0) <= month);
    };
    if ((payments.get(a.id_number) ?? []).some(inCustody)) hits.push({ admission_no: a.admission_no, id_number: a.id_number });
  }
  return hits;
}

/** A key's canonical string, for set comparisons. */
export function keyString(key: KeyValues, fields: readonly string[]): string {
  return fields.map((f) => key[f]).join("|");
}
