import { z } from "zod";
import { ZCodeRef } from "../code-lists/schemas";
import { ZRule } from "./schema";

/** A built-in supervision model as it ships in models/rules/*.json. */
export const ZModelFile = z
  .object({
    number: z.number().int().positive(),
    key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/),
    name: z.string().min(2).max(60),
    description: z.string().max(500),
    legalBasis: z.string().max(500),
    businessLine: ZCodeRef,
    /** 监督点 code (db/migrations/0015 seeds the taxonomy). */
    supervisionPoint: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/).optional(),
    rule: ZRule,
  })
  .strict();
export type ModelFile = z.infer<typeof ZModelFile>;
