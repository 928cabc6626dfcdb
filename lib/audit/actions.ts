/** Every audited action, with the label an admin reads in the log. */
export const AUDIT_ACTIONS = {
  "auth.sign_in": "登录成功",
  "auth.sign_in_failed": "登录失败",
  "auth.sign_out": "退出登录",
  "user.create": "创建用户",
  "user.update": "修改用户",
  "user.disable": "停用用户",
  "user.enable": "启用用户",
  "user.reset_password": "重置密码",
  "user.change_password": "修改本人密码",
  "org.create": "创建院",
  "org.rename": "重命名院",
  "code_list.create": "新增来源单位/业务条线",
  "code_list.update": "修改来源单位/业务条线",
  "api_key.create": "创建 API 密钥",
  "api_key.revoke": "吊销 API 密钥",
  "api.call": "API 调用",
  "dataset.create": "登记数据资源",
  "dataset.add_field": "新增数据字段",
  "dataset.import": "导入数据",
  "dataset.import_cancel": "取消导入",
  "data_application.create": "提交数据申请",
  "data_application.approve": "批准数据申请",
  "data_application.reject": "驳回数据申请",
  "data_application.revoke": "撤销数据授权",
  "run.start": "运行模型",
  "run.cancel": "取消运行",
  "run.schedule": "设置定时运行",
  "model.create": "新建模型",
  "model.copy": "复制为新模型",
  "model.version_create": "创建模型草稿",
  "model.version_update": "保存模型草稿",
  "model.set_params": "设置本院参数",
  "clue.assign": "分派线索",
  "clue.transition": "线索流转",
  "clue.outcome": "记录监督成效",
  "clue.reveal": "查看个人信息",
  "clue.export": "导出线索",
  "stats.export": "导出统计",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
