// The demo history's wording: what prosecutors write at each step, and which outcomes follow.
import type { OutcomeKind } from "./schema";

export const VERIFY_NOTES: Record<string, string> = {
  pretrial_release_not_delivered: "已调取判决书及执行档案",
  bribe_givers_not_prosecuted: "已调取受贿案判决书，函询监察机关处理情况",
  company_served_by_public_notice: "已调阅民事卷宗，核对企业登记信息",
  false_litigation_private_lending: "已调阅该出借人全部民间借贷案卷",
  outpatient_during_inpatient_stay: "已向医保部门调取结算明细及住院病历",
  repeated_vehicle_claims: "已调取两次理赔案卷及事故认定书",
  drunk_driving_licence_valid: "已函询交警部门驾驶证状态",
  community_correction_lapsed: "已向司法所核实报到及矫正记录",
};
export const AGENCIES: Record<string, string> = {
  bribe_givers_not_prosecuted: "监察委员会",
  outpatient_during_inpatient_stay: "医疗保障局",
  drunk_driving_licence_valid: "公安局交通警察支队",
  community_correction_lapsed: "司法局",
  company_served_by_public_notice: "市场监督管理局",
};
export const CONFIRM_NOTES = ["经核查属实", "经调阅卷宗核实，线索属实", "经核查属实，依法启动监督程序", "核查属实，已报分管检察长同意"];
export const DISMISS_REASONS = [
  "经核查，当事人已在外省监狱收押，数据未同步",
  "经调阅卷宗，相关程序合法，不存在监督事由",
  "数据录入错误，经与法院核对后排除",
  "当事人已于线索发现前自行纠正，无监督必要",
  "经核查属正常业务往来，不构成违法",
  "相关情况已由主管部门依法处理完毕",
  "经核查，系同名同姓人员，数据误关联",
];
export const REOPEN_REASONS = ["当事人提出异议，需补充核查", "案件质量评查发现证据不足，退回重新核查", "成案认定依据不充分，请补充调查后再行认定"];
export const OUTCOME_WEIGHTS: readonly (readonly [OutcomeKind, number])[] = [
  ["recommendation", 34], ["correction_notice", 30], ["recovery", 12], ["rectification", 10], ["case_supervision", 6], ["clue_transfer", 5], ["protest", 3],
];
/** Where money was lost (insurance, medical fund, bribes, sham loans) losses are often recovered. */
export const MONEY_OUTCOME_WEIGHTS: readonly (readonly [OutcomeKind, number])[] = [
  ["recommendation", 28], ["correction_notice", 18], ["recovery", 36], ["rectification", 8], ["case_supervision", 6], ["clue_transfer", 4], ["protest", 2],
];
export const MONEY_MODELS = new Set(["outpatient_during_inpatient_stay", "repeated_vehicle_claims", "bribe_givers_not_prosecuted", "false_litigation_private_lending"]);
/** Document abbreviations per outcome kind (none for 挽回经济损失 and 整改反馈). */
export const OUTCOME_DOCS: Partial<Record<OutcomeKind, string>> = { recommendation: "建", correction_notice: "纠", case_supervision: "立监", protest: "抗", clue_transfer: "移" };
