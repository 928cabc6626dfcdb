// Small datasets the import tests register for themselves (one definition each, not one per file).
import type { Actor } from "@/lib/auth/actor";
import { registerDataset } from "@/lib/datasets/catalog";
import type { z } from "zod";
import type { ZDatasetField } from "@/lib/datasets/definition";

/** A field as written in a definition (defaults left to the schema). */
type DatasetField = z.input<typeof ZDatasetField>;

const CASE_NO: DatasetField = { name: "case_no", label: "案号", type: "text", required: true };

const FIELDS = {
  /** Case number, a person's ID number and a judgment date: rows a worker test can generate by the million. */
  judgment: [
    CASE_NO,
    { name: "id_number", label: "身份证号", type: "text", pii: "id_number", required: true },
    { name: "judgment_date", label: "判决日期", type: "date", required: true },
  ],
  /** Case number and an optional integer: the smallest file that still has a typed cell. */
  amount: [CASE_NO, { name: "amount", label: "金额", type: "integer" }],
} satisfies Record<string, DatasetField[]>;

export async function registerTestDataset(actor: Actor, key: string, name: string, fields: keyof typeof FIELDS): Promise<void> {
  await registerDataset(actor, { key, name, agency: "court", businessLine: "criminal", fields: FIELDS[fields], businessKey: ["case_no"] });
}
