// Example models beside the built-ins: each shows a construct of the rule language on the
// generator's data (lib/synthetic plants their hits), and is not installed with the built-ins.
import { ZModelFile, type ModelFile } from "@/lib/rules/model-file";
import repeatedInpatientStays from "./repeated-inpatient-stays.json";

/** A sliding window per subject (rule.window): one clue per insured person. */
export const REPEATED_INPATIENT_STAYS: ModelFile = ZModelFile.parse(repeatedInpatientStays);
