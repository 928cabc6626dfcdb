import { ZModelFile, type ModelFile } from "@/lib/rules/model-file";
import pretrialReleaseNotDelivered from "./1-pretrial-release-not-delivered.json";
import bribeGiversNotProsecuted from "./2-bribe-givers-not-prosecuted.json";
import companyServedByPublicNotice from "./3-company-served-by-public-notice.json";
import outpatientDuringInpatientStay from "./5-outpatient-during-inpatient-stay.json";
import repeatedVehicleClaims from "./6-repeated-vehicle-claims.json";
import drunkDrivingLicenceValid from "./7-drunk-driving-licence-valid.json";
import communityCorrectionLapsed from "./8-community-correction-lapsed.json";

/**
 * The built-in supervision models written so far (DESIGN §6), parsed so a bad file fails at load.
 * Model 4 (虚假诉讼) needs aggregates, which the rule language does not have yet.
 */
export const BUILTIN_MODELS: ModelFile[] = [
  pretrialReleaseNotDelivered,
  bribeGiversNotProsecuted,
  companyServedByPublicNotice,
  outpatientDuringInpatientStay,
  repeatedVehicleClaims,
  drunkDrivingLicenceValid,
  communityCorrectionLapsed,
].map((raw) => ZModelFile.parse(raw));
