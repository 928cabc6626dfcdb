import { ZModelFile, type ModelFile } from "@/lib/rules/model-file";
import pretrialReleaseNotDelivered from "./1-pretrial-release-not-delivered.json";
import bribeGiversNotProsecuted from "./2-bribe-givers-not-prosecuted.json";
import companyServedByPublicNotice from "./3-company-served-by-public-notice.json";
import falseLitigationPrivateLending from "./4-false-litigation-private-lending.json";
import outpatientDuringInpatientStay from "./5-outpatient-during-inpatient-stay.json";
import repeatedVehicleClaims from "./6-repeated-vehicle-claims.json";
import drunkDrivingLicenceValid from "./7-drunk-driving-licence-valid.json";
import communityCorrectionLapsed from "./8-community-correction-lapsed.json";

/** The eight built-in supervision models (DESIGN §6), parsed so a bad file fails at load. */
export const BUILTIN_MODELS: ModelFile[] = [
  pretrialReleaseNotDelivered,
  bribeGiversNotProsecuted,
  companyServedByPublicNotice,
  falseLitigationPrivateLending,
  outpatientDuringInpatientStay,
  repeatedVehicleClaims,
  drunkDrivingLicenceValid,
  communityCorrectionLapsed,
].map((raw) => ZModelFile.parse(raw));
