// The "ready" banner of npm start: URL, demo accounts, demo API key, example curl (中文 + English).

export interface BannerAccount {
  username: string;
  password: string;
  name: string;
  roles: string[];
  org: string;
}

export interface BannerInput {
  url: string;
  accounts: BannerAccount[];
  apiKey: string | null;
  /** Path used in the example curl; any endpoint that accepts the API key. */
  exampleApiPath: string;
  dataDir: string;
  /** For scripts such as `npm run model`. */
  databaseUrl: string;
  mode: "production" | "dev";
}

// CJK ideographs, fullwidth forms and CJK punctuation take two terminal columns.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** A plain-text table whose columns line up even with Chinese cells. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]): string => "  " + cells.map((c, i) => pad(c, widths[i] ?? 0)).join("  ").trimEnd();
  const rule = "  " + widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)];
}

function accountLines(accounts: BannerAccount[]): string[] {
  if (accounts.length === 0) return ["  (no demo accounts / 无演示账号)"];
  return formatTable(
    ["用户名 username", "密码 password", "姓名 name", "角色 roles", "单位 org"],
    accounts.map((a) => [a.username, a.password, a.name, a.roles.join(", "), a.org]),
  );
}

function apiKeyLines(input: BannerInput): string[] {
  if (!input.apiKey) {
    return ["演示 API 密钥 / Demo API key: (unknown — set DEMO_API_KEY before the first start to choose one)"];
  }
  return [
    `演示 API 密钥 / Demo API key: ${input.apiKey}`,
    "示例 / Example:",
    `  curl -s -H "Authorization: Bearer ${input.apiKey}" ${input.url}${input.exampleApiPath}`,
  ];
}

export function formatBanner(input: BannerInput): string {
  const rule = "=".repeat(78);
  const lines = [
    "",
    rule,
    `  数字检察 · 大数据法律监督模型平台 已启动 / is running${input.mode === "dev" ? " (next dev)" : ""}`,
    rule,
    `访问地址 / Open:        ${input.url}`,
    `健康检查 / Health:      ${input.url}/api/v1/health`,
    `数据目录 / Data dir:    ${input.dataDir}`,
    `数据库 / Database:      ${input.databaseUrl}`,
    "",
    "演示账号 / Demo accounts:",
    ...accountLines(input.accounts),
    "",
    ...apiKeyLines(input),
    "",
    "按 Ctrl-C 停止全部服务 / Press Ctrl-C to stop everything.",
    rule,
    "",
  ];
  return lines.join("\n");
}
