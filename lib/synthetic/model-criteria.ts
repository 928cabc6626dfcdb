import type { ModelNo } from "./manifest";
import { PENSION_CRITERIA } from "./pension";

/**
 * The eight built-in models' criteria, stated exactly as the rules must implement them (asOf is
 * the run date; "asOf − N days" is plain calendar-day arithmetic on dates; NULL never matches a
 * comparison). The generator plants hits and near-misses against these texts, and the generator
 * test re-evaluates them independently.
 */
export const MODEL_CRITERIA: Record<ModelNo, { name: string; criteria: string; dedupKeyFields: string[] }> = {
  "1": {
    name: "审前未羁押判处实刑罪犯未交付执行",
    criteria:
      "criminal_judgment j WHERE j.sentence_type = '实刑' AND j.detained_before_trial = false AND j.effective_date < asOf − 30 days " +
      "AND NOT EXISTS (prison_admission p WHERE p.id_number = j.id_number AND p.admission_date >= j.effective_date). " +
      "An admission dated before the effective date (an earlier sentence) does not count.",
    dedupKeyFields: ["case_no", "id_number"],
  },
  "2": {
    name: "受贿行贿一起查",
    criteria:
      "bribe_giver b WHERE b.last_bribe_date >= asOf − 3650 days AND NOT EXISTS (criminal_judgment c WHERE " +
      "c.id_number = b.briber_id_number AND c.charge IN ('行贿罪', '单位行贿罪', '对有影响力的人行贿罪')). " +
      "A briber judged only for another charge is still a hit; last_bribe_date = asOf − 3650 days is a hit.",
    dedupKeyFields: ["case_no", "briber_id_number"],
  },
  "3": {
    name: "涉企民事诉讼违法公告送达",
    criteria:
      "civil_case c JOIN company_registry r ON r.credit_code = c.defendant_id WHERE c.defendant_kind = '企业' " +
      "AND c.service_method = '公告送达' AND r.status = '存续' AND r.phone IS NOT NULL AND r.phone <> '' " +
      "AND r.registered_address IS NOT NULL AND r.registered_address <> ''.",
    dedupKeyFields: ["case_no"],
  },
  "4": {
    name: "虚假诉讼（民间借贷）",
    criteria:
      "civil_case WHERE cause = '民间借贷纠纷' AND filing_date >= asOf − 365 days GROUP BY plaintiff_id " +
      "HAVING count(*) >= 5 AND count(*) FILTER (WHERE closing_method IN ('调解', '缺席判决')) >= 0.6 × count(*). " +
      "Pending cases (closing_method NULL) count in count(*) only; both bounds are inclusive.",
    dedupKeyFields: ["plaintiff_id"],
  },
  "5": {
    name: "医保门诊住院重叠",
    criteria:
      "medical_settlement o JOIN medical_settlement i ON o.id_number = i.id_number WHERE o.visit_type = '门诊' " +
      "AND i.visit_type = '住院' AND o.hospital <> i.hospital AND o.visit_date > i.admission_date " +
      "AND o.visit_date < i.discharge_date (both strict). One finding per outpatient settlement (o.settlement_no).",
    dedupKeyFields: ["settlement_no"],
  },
  "6": {
    name: "车辆保险重复理赔",
    criteria:
      "insurance_claim a JOIN insurance_claim b ON a.plate_no = b.plate_no WHERE b.accident_date > a.accident_date " +
      "AND b.accident_date <= a.accident_date + 30 days. One finding per ordered pair (a.claim_no, b.claim_no); " +
      "three claims within 30 days give up to three pairs.",
    dedupKeyFields: ["a.claim_no", "b.claim_no"],
  },
  "7": {
    name: "醉驾判刑后驾驶证未吊销",
    criteria:
      "criminal_judgment j WHERE j.charge = '危险驾驶罪' AND j.effective_date < asOf − 30 days " +
      "AND EXISTS (driving_license d WHERE d.id_number = j.id_number AND d.status = '正常').",
    dedupKeyFields: ["case_no", "id_number"],
  },
  "8": {
    name: "社区矫正人员脱管/再犯",
    criteria:
      "community_correction cc WHERE cc.status = '在矫' AND (EXISTS (criminal_judgment j WHERE j.id_number = cc.id_number " +
      "AND j.judgment_date > cc.start_date) OR cc.last_report_date < asOf − 30 days). One finding per id_number.",
    dedupKeyFields: ["id_number"],
  },
  repeated_inpatient_stays: {
    name: "频繁住院（疑似分解住院、挂床住院）",
    criteria:
      "medical_settlement i WHERE i.visit_type = '住院' AND i.admission_date IS NOT NULL, per i.id_number: the window of a stay is every stay " +
      "of the same person admitted within 90 days before it (admission_date between its admission_date − 90 and its admission_date, same-day " +
      "stays included). A person is a finding when some window holds >= 3 stays of which >= 60% are short " +
      "(discharge_date − admission_date <= 3; an empty discharge date is not short). ONE finding per person.",
    dedupKeyFields: ["id_number"],
  },
  pension_paid_in_custody: PENSION_CRITERIA,
};
