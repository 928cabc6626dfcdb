import { type DatasetDefinition, ZDatasetDefinition } from "@/lib/datasets/definition";
import bribeGiver from "./bribe_giver.json";
import civilCase from "./civil_case.json";
import communityCorrection from "./community_correction.json";
import companyRegistry from "./company_registry.json";
import criminalJudgment from "./criminal_judgment.json";
import drivingLicense from "./driving_license.json";
import insuranceClaim from "./insurance_claim.json";
import medicalSettlement from "./medical_settlement.json";
import pensionPayment from "./pension_payment.json";
import prisonAdmission from "./prison_admission.json";
import prisonRelease from "./prison_release.json";

/**
 * The datasets the built-in supervision models (DESIGN §6) read. Static JSON imports so Next can
 * bundle them; each is parsed through the catalog schema, so a bad file fails at load time.
 */
const RAW: readonly unknown[] = [
  criminalJudgment,
  prisonAdmission,
  bribeGiver,
  civilCase,
  companyRegistry,
  medicalSettlement,
  insuranceClaim,
  drivingLicense,
  communityCorrection,
  prisonRelease,
  pensionPayment,
];

export const BUILTIN_DATASETS: DatasetDefinition[] = RAW.map((raw) => ZDatasetDefinition.parse(raw));

export const BUILTIN_DATASET_KEYS = [
  "criminal_judgment",
  "prison_admission",
  "bribe_giver",
  "civil_case",
  "company_registry",
  "medical_settlement",
  "insurance_claim",
  "driving_license",
  "community_correction",
  "prison_release",
  "pension_payment",
] as const;
export type BuiltinDatasetKey = (typeof BUILTIN_DATASET_KEYS)[number];

/** The built-in definition for `key`; throws if the catalog files and the key list disagree. */
export function builtinDataset(key: BuiltinDatasetKey): DatasetDefinition {
  const def = BUILTIN_DATASETS.find((d) => d.key === key);
  if (!def) throw new Error(`内置数据资源 ${key} 未定义`);
  return def;
}
