import { z } from "zod";
import { CODE_LIST_KINDS } from "./kinds";

/** A stable code: lowercase letters, digits and underscores, as migration 0014's CHECK demands. */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * Where a document names a code of a list (a model's businessLine): text shaped like a code; whether
 * the list holds it is checked against the database, with the codes that may stand there.
 */
export const ZCodeRef = z.string("应为代码文本，如 criminal").regex(CODE_PATTERN, "应为代码（小写字母、数字和下划线），如 criminal");

const ZKind = z.enum(CODE_LIST_KINDS, "列表取值无效，应为 agency（来源单位）、businessLine（业务条线）或 supervisionPoint（监督点）");
const ZLabelZh = z.string("请填写中文名称").trim().min(1, "请填写中文名称").max(30, "中文名称不能超过 30 个字");
const ZLabelEn = z.string("请填写英文名称").trim().min(1, "请填写英文名称").max(60, "英文名称不能超过 60 个字符");
const ZCode = z.string("请填写代码").trim().regex(CODE_PATTERN, "代码只能由小写字母、数字和下划线组成，以字母开头，2—40 位（如 tax_bureau）");
// A checkbox sends "on" or nothing; the API sends a boolean.
const ZActive = z.preprocess((v) => (v === "on" || v === "true" ? true : v === "off" || v === "false" ? false : v), z.boolean("启用状态应为是或否"));

export const ZCreateCodeInput = z.object({ kind: ZKind, code: ZCode, labelZh: ZLabelZh, labelEn: ZLabelEn });
export type TCreateCodeInput = z.infer<typeof ZCreateCodeInput>;

/** The code itself never changes: only its labels and whether it is offered. */
export const ZUpdateCodeInput = z.object({ kind: ZKind, code: ZCode, labelZh: ZLabelZh, labelEn: ZLabelEn, active: ZActive });
export type TUpdateCodeInput = z.infer<typeof ZUpdateCodeInput>;
