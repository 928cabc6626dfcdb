import { z } from "zod";

const ZOrgName = z
  .string()
  .trim()
  .min(2, "院名称至少 2 个字")
  .max(60, "院名称不能超过 60 个字");

export const ZCreateOrgInput = z.object({
  parentId: z.uuid("请选择上级院"),
  name: ZOrgName,
});
export type TCreateOrgInput = z.infer<typeof ZCreateOrgInput>;

export const ZRenameOrgInput = z.object({
  id: z.uuid("院标识无效"),
  name: ZOrgName,
});
export type TRenameOrgInput = z.infer<typeof ZRenameOrgInput>;
