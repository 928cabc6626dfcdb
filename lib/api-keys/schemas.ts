import { z } from "zod";
import { isIsoDate } from "../validation";
import { API_KEY_SCOPES } from "../auth/permissions";
import { expiryDayRange, MAX_KEY_LIFETIME_YEARS } from "./expiry";

const ZScopes = z
  .array(z.enum(API_KEY_SCOPES, "未知的权限范围"), "请选择权限范围")
  .min(1, "至少选择一个权限范围")
  .transform((scopes) => API_KEY_SCOPES.filter((scope) => scopes.includes(scope)));

/** The last day the key works (China calendar); empty means the default, a year from today. */
const ZExpiresOn = z
  .string()
  .trim()
  .refine(isIsoDate, "请填写有效日期（YYYY-MM-DD）")
  .refine((day) => day >= expiryDayRange().min, "有效期须晚于今天")
  .refine((day) => day <= expiryDayRange().max, `有效期最长 ${MAX_KEY_LIFETIME_YEARS} 年`)
  .optional();

export const ZCreateApiKeyInput = z.object({
  orgId: z.uuid("请选择所属院"),
  name: z.string().trim().min(2, "名称至少 2 个字").max(60, "名称不能超过 60 个字"),
  scopes: ZScopes,
  expiresOn: z.preprocess((value) => (value === "" || value === null ? undefined : value), ZExpiresOn),
});
export type TCreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;
