// Example models beside the built-ins: each shows a construct of the rule language on the
// generator's data (lib/synthetic plants their hits), and is not installed with the built-ins.
import { ZModelFile, type ModelFile } from "@/lib/rules/model-file";
import pensionPaidInCustody from "./pension-paid-in-custody.json";
import repeatedInpatientStays from "./repeated-inpatient-stays.json";

/** A sliding window per subject (rule.window): one clue per insured person. */
export const REPEATED_INPATIENT_STAYS: ModelFile = ZModelFile.parse(repeatedInpatientStays);

/** Calendar months (the month node): a pension paid for months its holder was in prison; one clue per admission. */
export const PENSION_PAID_IN_CUSTODY: ModelFile = ZModelFile.parse(pensionPaidInCustody);
