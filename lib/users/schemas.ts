import { z } from "zod";
import { containsUsername, isCommonPassword, PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "../auth/password-policy";
import { ROLES } from "../auth/permissions";
import { ZQueryText } from "../validation";

/** Length and commonness; whether it contains the username is checked where the username is known. */
export const ZPassword = z
  .string("请输入密码")
  .min(PASSWORD_MIN_LENGTH, { message: PASSWORD_MESSAGES.tooShort, abort: true })
  .max(PASSWORD_MAX_LENGTH, { message: PASSWORD_MESSAGES.tooLong, abort: true })
  .refine((password) => !isCommonPassword(password), PASSWORD_MESSAGES.common);

const ZUsername = z
  .string()
  .trim()
  .min(3, "用户名至少 3 位")
  .max(32, "用户名不能超过 32 位")
  .regex(/^[A-Za-z0-9_.-]+$/, "用户名只能包含字母、数字、下划线、点和连字符");

const ZRoles = z
  .array(z.enum(ROLES, "未知角色"))
  .min(1, "至少选择一个角色")
  .transform((roles) => [...new Set(roles)]);

const ZName = z.string().trim().min(1, "请输入姓名").max(40, "姓名不能超过 40 个字");

export const ZCreateUserInput = z
  .object({ username: ZUsername, name: ZName, orgId: z.uuid("请选择所属院"), roles: ZRoles, password: ZPassword })
  .refine((data) => !containsUsername(data.password, data.username), {
    path: ["password"],
    message: PASSWORD_MESSAGES.containsUsername,
    // Checked even when another field is wrong, so the form names every problem at once.
    when: (payload) => hasStrings(payload.value, "password", "username"),
  });
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZUpdateUserInput = z.object({
  id: z.uuid("用户标识无效"),
  name: ZName,
  orgId: z.uuid("请选择所属院"),
  roles: ZRoles,
});
export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>;

export const ZResetPasswordInput = z.object({
  id: z.uuid("用户标识无效"),
  password: ZPassword,
});

/** A signed-in user changing their own password: the current one, the new one twice. */
export const ZChangeOwnPasswordInput = z
  .object({
    currentPassword: z.string("请输入当前密码").min(1, "请输入当前密码").max(256),
    newPassword: ZPassword,
    confirmPassword: z.string("请再次输入新密码"),
  })
  .refine((data) => data.confirmPassword === data.newPassword, {
    path: ["confirmPassword"],
    message: "两次输入的新密码不一致",
    when: (payload) => hasStrings(payload.value, "newPassword", "confirmPassword"),
  })
  .refine((data) => data.newPassword !== data.currentPassword, {
    path: ["newPassword"],
    message: "新密码不能与当前密码相同",
    when: (payload) => hasStrings(payload.value, "newPassword", "currentPassword"),
  });
export type TChangeOwnPasswordInput = z.infer<typeof ZChangeOwnPasswordInput>;

export const ZSetDisabledInput = z.object({
  id: z.uuid("用户标识无效"),
  disabled: z.boolean(),
});

export const ZUserFilter = z.object({
  q: ZQueryText.trim().max(40, "搜索词不能超过 40 字").optional(),
  orgId: z.uuid().optional(),
  status: z.enum(["active", "disabled", "all"]).default("all"),
});
export type TUserFilter = z.infer<typeof ZUserFilter>;

function hasStrings(value: unknown, ...keys: string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return keys.every((key) => typeof record[key] === "string");
}
