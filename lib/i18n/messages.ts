/** UI strings. Chinese is the product's language; English is the switch. */
const zh = {
  app: { name: "数字检察", fullName: "大数据法律监督模型平台", tagline: "数据碰撞 · 线索发现 · 监督成效" },
  nav: {
    home: "工作台",
    clues: "线索",
    models: "模型",
    market: "模型超市",
    datasets: "数据",
    stats: "统计",
    admin: "系统管理",
    orgs: "院管理",
    users: "用户管理",
    audit: "审计日志",
    apiKeys: "API 密钥",
  },
  header: { signOut: "退出登录", language: "English", roles: "角色" },
  login: {
    title: "登录",
    subtitle: "请使用本院分配的账号登录",
    username: "用户名",
    password: "密码",
    submit: "登录",
    submitting: "正在登录…",
    invalid: "用户名或密码错误",
    disabled: "该账号已停用，请联系本院系统管理员",
    rateLimited: "登录失败次数过多，账号已临时锁定，请 {minutes} 分钟后再试",
    expired: "登录已过期，请重新登录",
    footer: "检察工作网内部系统 · 未经授权禁止访问",
  },
  common: {
    save: "保存",
    cancel: "取消",
    create: "新建",
    edit: "编辑",
    search: "查询",
    reset: "重置",
    all: "全部",
    actions: "操作",
    loading: "加载中…",
    empty: "暂无数据",
    nextPage: "下一页",
    firstPage: "回到第一页",
    saved: "已保存",
    forbiddenTitle: "无权访问",
    forbiddenBody: "您的角色无权访问此页面。如需开通，请联系本院系统管理员。",
    notFoundTitle: "页面不存在",
    notFoundBody: "您访问的内容不存在，或不在您的权限范围内。",
    backHome: "返回工作台",
    comingSoonBadge: "建设中",
  },
  home: {
    greeting: "您好，{name}",
    subtitle: "以下是今天等待您处理的事项",
    waiting: "待办事项",
    nothingWaiting: "暂无待办",
  },
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Messages = Shape<typeof zh>;

const en: Messages = {
  app: { name: "Digital Procuratorate", fullName: "Legal-Supervision Model Platform", tagline: "Data collision · Clue discovery · Supervision outcomes" },
  nav: {
    home: "Workbench",
    clues: "Clues",
    models: "Models",
    market: "Model market",
    datasets: "Data",
    stats: "Statistics",
    admin: "Administration",
    orgs: "Organisations",
    users: "Users",
    audit: "Audit log",
    apiKeys: "API keys",
  },
  header: { signOut: "Sign out", language: "中文", roles: "Roles" },
  login: {
    title: "Sign in",
    subtitle: "Use the account your procuratorate issued to you",
    username: "Username",
    password: "Password",
    submit: "Sign in",
    submitting: "Signing in…",
    invalid: "Wrong username or password",
    disabled: "This account is disabled; contact your administrator",
    rateLimited: "Too many failed attempts; the account is locked. Try again in {minutes} minutes",
    expired: "Your session expired; please sign in again",
    footer: "Internal system of the procuratorial network · Authorised use only",
  },
  common: {
    save: "Save",
    cancel: "Cancel",
    create: "New",
    edit: "Edit",
    search: "Search",
    reset: "Reset",
    all: "All",
    actions: "Actions",
    loading: "Loading…",
    empty: "Nothing here yet",
    nextPage: "Next page",
    firstPage: "First page",
    saved: "Saved",
    forbiddenTitle: "Access denied",
    forbiddenBody: "Your role may not open this page. Ask your administrator if you need it.",
    notFoundTitle: "Not found",
    notFoundBody: "This does not exist, or it is outside your scope.",
    backHome: "Back to the workbench",
    comingSoonBadge: "In progress",
  },
  home: {
    greeting: "Hello, {name}",
    subtitle: "Here is what is waiting for you today",
    waiting: "Waiting for you",
    nothingWaiting: "Nothing waiting",
  },
};

export const MESSAGES = { zh, en } as const;
export type Locale = keyof typeof MESSAGES;
export const LOCALES: Locale[] = ["zh", "en"];

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
