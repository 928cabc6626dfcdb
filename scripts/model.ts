// `npm run model -- check|sql|run <file.json> [--org <org name>] [--date YYYY-MM-DD] [--limit N] [--param name=value …]`
// for builders and scripts: a rule file (or a model file with a "rule") is checked against the
// catalog and the org's grants; `sql` prints the compiled statement and its plan; `run` prints the
// hits, with the rule's parameters at their defaults or at the values given by --param (checked
// against the declarations, as the API checks them). Uses DATABASE_URL (the database of a running `npm start`, printed in its banner).
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { closeConnections, getDb } from "../db/client";
import { orgs } from "../db/schema";
import { makeActor } from "../lib/auth/actor";
import { ValidationError } from "../lib/errors";
import { describeParams } from "../lib/rules/params";
import { DATE_MESSAGE, isIsoDate } from "../lib/validation";
import { explainRule, previewRule, ruleContextFor, checkDefinition } from "../lib/rules/service";

interface Args {
  command: "check" | "sql" | "run";
  file: string;
  org: string;
  date?: string;
  limit: number;
  /** --param graceDays=45: a number when it reads as one, else text. */
  params: Record<string, string | number>;
}

function paramFlags(rest: string[]): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  rest.forEach((arg, i) => {
    if (arg !== "--param") return;
    const [name, ...value] = (rest[i + 1] ?? "").split("=");
    if (!name || value.length === 0) throw new Error(`--param 应写作 名称=取值，如 --param graceDays=45`);
    const text = value.join("=");
    params[name] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  });
  return params;
}

function parseArgs(argv: string[]): Args {
  const [command, file, ...rest] = argv;
  if (command !== "check" && command !== "sql" && command !== "run") throw new Error("用法：npm run model -- check|sql|run <rule.json> [--org 院名称] [--date YYYY-MM-DD] [--limit N] [--param 名称=取值]");
  if (!file || !fs.existsSync(file)) throw new Error(`找不到规则文件：${file ?? "（未指定）"}`);
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const date = flag("date");
  // `sql` sends the date to PostgreSQL as is (explain): the same check as the API's runDate.
  if (date !== undefined && !isIsoDate(date)) throw new Error(`--date ${date}：${DATE_MESSAGE}`);
  return { command, file, org: flag("org") ?? "临江市东城区人民检察院", date, limit: Number(flag("limit") ?? 20), params: paramFlags(rest) };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const raw = JSON.parse(fs.readFileSync(args.file, "utf8")) as { rule?: unknown };
  const definition = raw.rule ?? raw;
  const [org] = await getDb().select().from(orgs).where(eq(orgs.name, args.org));
  if (!org) throw new Error(`没有名为“${args.org}”的院`);
  const actor = makeActor("system", "cli", "命令行", org, ["prosecutor"]);
  if (args.command === "check") {
    const { issues } = await checkDefinition(definition, await ruleContextFor(org.id));
    for (const i of issues) console.log(`${i.path}: ${i.message}`);
    console.log(issues.length === 0 ? "规则检查通过" : `共 ${issues.length} 处问题`);
    return issues.length === 0 ? 0 : 1;
  }
  if (args.command === "sql") {
    const explained = await explainRule(actor, definition, args.date);
    console.log(`${explained.sql}\n\n-- 参数：${describeParams(explained.params)}\n\n${explained.plan}`);
    return 0;
  }
  const result = await previewRule(actor, { definition, limit: args.limit, runDate: args.date, params: args.params });
  console.log(`命中 ${result.count} 条${result.count > result.clues.length ? `（列出前 ${result.clues.length} 条）` : ""}`);
  for (const clue of result.clues) console.log(`- ${clue.title}  ${JSON.stringify(clue.dedupKey)}`);
  return 0;
}

main()
  .then(async (code) => {
    await closeConnections();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    if (error instanceof ValidationError) for (const i of error.issues) console.error(`${i.path}: ${i.message}`);
    console.error(error instanceof Error ? error.message : error);
    await closeConnections();
    process.exit(1);
  });
