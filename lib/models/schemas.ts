import { z } from "zod";
import { ZCodeRef } from "../code-lists/schemas";

/** A model's key: stable, unique within its org, used in file names and the API. */
export const ZModelKey = z.string().trim().regex(/^[a-z][a-z0-9_]{1,62}$/, "模型标识应以小写字母开头，由 2—63 位小写字母、数字或下划线组成");

const ZName = z.string().trim().min(2, "名称至少 2 个字").max(60, "名称不能超过 60 个字");
const ZLongText = (label: string) => z.string().trim().max(500, `${label}不能超过 500 个字`);


/** POST /api/v1/models: a model with its first draft. */
export const ZCreateModelInput = z
  .object({
    key: ZModelKey,
    name: ZName,
    description: ZLongText("说明").default(""),
    legalBasis: ZLongText("法律依据").default(""),
    /** A code of the 业务条线 list; lib/models/commands checks the list holds it (and names the codes). */
    businessLine: ZCodeRef,
    /** A code of the 监督点 list, checked the same way. */
    supervisionPoint: ZCodeRef.nullish(),
    definition: z.unknown(),
  })
  .strict();
export type TCreateModelInput = z.input<typeof ZCreateModelInput>;

/** POST /api/v1/models/{id}/versions: a new draft from a definition or from an existing version. */
export const ZCreateVersionInput = z
  .object({
    definition: z.unknown().optional(),
    fromVersion: z.number().int().positive().optional(),
  })
  .strict()
  .refine((v) => (v.definition === undefined) !== (v.fromVersion === undefined), { message: "请给出 definition（新的规则）或 fromVersion（以哪个版本为底稿）之一", path: ["definition"] });
export type TCreateVersionInput = z.input<typeof ZCreateVersionInput>;

/** PUT /api/v1/models/{id}/versions/{v}: a draft's new definition. */
export const ZUpdateDraftInput = z.object({ definition: z.unknown() }).strict();

/** 复制为新模型: into the actor's org; key and name default to the source's with a suffix. */
export const ZCopyModelInput = z
  .object({
    key: ZModelKey.optional(),
    name: ZName.optional(),
    fromVersion: z.number().int().positive().optional(),
  })
  .strict();
