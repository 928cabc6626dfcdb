import type { Day } from "./days";

/**
 * One interface per built-in dataset, field names exactly as in models/datasets/<key>.json
 * (the generator test checks every header against its definition). Dates are Day numbers and
 * amounts are pre-formatted decimal strings; the CSV sink formats cells by the definition's types.
 */
export interface CriminalJudgmentRow {
  case_no: string;
  court: string;
  defendant_name: string;
  id_number: string;
  gender: string;
  birth_date: Day;
  charge: string;
  sentence_type: SentenceType;
  prison_term_months: number | null;
  detained_before_trial: boolean;
  judgment_date: Day;
  effective_date: Day | null;
}

export type SentenceType = "实刑" | "缓刑" | "管制" | "拘役" | "罚金" | "免予刑事处罚";

export interface PrisonAdmissionRow {
  admission_no: string;
  prison: string;
  name: string;
  id_number: string;
  case_no: string;
  admission_date: Day;
}

export interface BribeGiverRow {
  case_no: string;
  official_name: string;
  briber_name: string;
  briber_id_number: string;
  bribe_amount: string;
  last_bribe_date: Day;
}

export type ClosingMethod = "判决" | "调解" | "缺席判决" | "撤诉";
export type ServiceMethod = "直接送达" | "邮寄送达" | "公告送达";

export interface CivilCaseRow {
  case_no: string;
  court: string;
  cause: string;
  plaintiff_name: string;
  plaintiff_id: string;
  defendant_name: string;
  defendant_id: string;
  defendant_kind: "个人" | "企业";
  filing_date: Day;
  closing_date: Day | null;
  closing_method: ClosingMethod | null;
  service_method: ServiceMethod;
  claim_amount: string;
}

export type CompanyStatus = "存续" | "吊销" | "注销";

export interface CompanyRegistryRow {
  credit_code: string;
  company_name: string;
  status: CompanyStatus;
  registered_address: string | null;
  phone: string | null;
  legal_rep: string;
  registration_date: Day;
  updated_date: Day;
}

export interface MedicalSettlementRow {
  settlement_no: string;
  id_number: string;
  name: string;
  hospital: string;
  visit_type: "门诊" | "住院";
  visit_date: Day;
  admission_date: Day | null;
  discharge_date: Day | null;
  amount: string;
  fund_paid: string;
}

export interface InsuranceClaimRow {
  claim_no: string;
  plate_no: string;
  vin: string;
  insured_name: string;
  insured_id: string;
  driver_name: string;
  driver_id: string;
  accident_date: Day;
  claim_date: Day;
  amount: string;
  insurer: string;
}

export type LicenseStatus = "正常" | "暂扣" | "吊销" | "注销";

export interface DrivingLicenseRow {
  license_no: string;
  id_number: string;
  name: string;
  license_class: string;
  status: LicenseStatus;
  issue_date: Day;
  status_date: Day | null;
}

export interface CommunityCorrectionRow {
  id_number: string;
  name: string;
  start_date: Day;
  end_date: Day;
  status: "在矫" | "解矫";
  last_report_date: Day;
  supervising_office: string;
}

export type ReleaseType = "刑满释放" | "假释" | "暂予监外执行";

export interface PrisonReleaseRow {
  release_no: string;
  admission_no: string;
  prison: string;
  name: string;
  id_number: string;
  release_date: Day;
  release_type: ReleaseType;
}

export interface PensionPaymentRow {
  payment_no: string;
  id_number: string;
  name: string;
  /** The first day of the month paid for. */
  pay_month: Day;
  amount: string;
  pay_date: Day;
  office: string;
}

/** Dataset key → row type. */
export interface RowsByDataset {
  criminal_judgment: CriminalJudgmentRow;
  prison_admission: PrisonAdmissionRow;
  bribe_giver: BribeGiverRow;
  civil_case: CivilCaseRow;
  company_registry: CompanyRegistryRow;
  medical_settlement: MedicalSettlementRow;
  insurance_claim: InsuranceClaimRow;
  driving_license: DrivingLicenseRow;
  community_correction: CommunityCorrectionRow;
  prison_release: PrisonReleaseRow;
  pension_payment: PensionPaymentRow;
}

export type DatasetKey = keyof RowsByDataset;

/** Yuan from whole fen, always with two decimals (numeric columns never see float noise). */
export function yuan(fen: number): string {
  const f = Math.round(fen);
  return `${Math.floor(f / 100)}.${String(f % 100).padStart(2, "0")}`;
}
