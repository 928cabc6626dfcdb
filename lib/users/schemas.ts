import { z } from "zod";
import { ROLES } from "../auth/permissions";

export const ZPassword = z
  .string()
  .min(8, "密码至少 8 位")
  .max(128, "密码不能超过 128 位")
  .regex(/[A-Za-z]/, "密码须包含字母")
  .regex(/[0-9]/, "密码须包含数字");

const ZRoles = z
  .array(z.enum(ROLES, "未知角色"))
  .min(1, "至少选择一个角色")
  .transform((roles) => [...new Set(roles)]);

const ZName = z.string().trim().min(1, "请输入姓名").max(40, "姓名不能超过 40 个字");

export const ZCreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .min(3, "用户名至少 3 位")
    .max(32, "用户名不能超过 32 位")
    .regex(/^[A-Za-z0-9_.-]+$/, "用户名只能包含字母、数字、下划线、点和连字符"),
  name: ZName,
  orgId: z.uuid("请选择所属院"),
  roles: ZRoles,
  password: ZPassword,
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

export const ZSetDisabledInput = z.object({
  id: z.uuid("用户标识无效"),
  disabled: z.boolean(),
});

export const ZUserFilter = z.object({
  q: z.string().trim().max(40).optional(),
  orgId: z.uuid().optional(),
  status: z.enum(["active", "disabled", "all"]).default("all"),
});
export type TUserFilter = z.infer<typeof ZUserFilter>;
