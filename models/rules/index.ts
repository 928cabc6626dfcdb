import { ZModelFile, type ModelFile } from "@/lib/rules/model-file";
import pretrialReleaseNotDelivered from "./1-pretrial-release-not-delivered.json";
import drunkDrivingLicenceValid from "./7-drunk-driving-licence-valid.json";

/** The built-in supervision models written so far (DESIGN §6), parsed so a bad file fails at load. */
export const BUILTIN_MODELS: ModelFile[] = [pretrialReleaseNotDelivered, drunkDrivingLicenceValid].map((raw) => ZModelFile.parse(raw));
