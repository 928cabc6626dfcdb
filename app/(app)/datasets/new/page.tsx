import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { allowedCodesText } from "@/lib/code-lists/kinds";
import { listCodes } from "@/lib/code-lists/queries";
import { FIELD_TYPES, PII_KINDS } from "@/lib/datasets/definition";
import { getMessages } from "@/lib/i18n/locale";
import { DefinitionForm } from "./definition-form-client";

export const metadata: Metadata = { title: "登记数据资源" };

const TEMPLATE = {
  key: "administrative_penalty",
  name: "行政处罚决定",
  agency: "market_regulation",
  businessLine: "administrative",
  description: "市场监管部门作出的行政处罚决定书",
  fields: [
    { name: "decision_no", label: "决定书文号", type: "text", required: true },
    { name: "party_name", label: "当事人", type: "text", pii: "name", required: true },
    { name: "party_id", label: "当事人证件号", type: "text", pii: "id_number" },
    { name: "fine_amount", label: "罚款金额", type: "numeric", nonNegative: true },
    { name: "decision_date", label: "决定日期", type: "date", required: true },
  ],
  businessKey: ["decision_no"],
  indexes: [["party_id"]],
  recordDateField: "decision_date",
  lateAfterDays: 30,
};

export default async function NewDatasetPage() {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "datasets.manage")) return <Forbidden t={t} />;
  const [agencies, lines] = await Promise.all([listCodes("agency"), listCodes("businessLine")]);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title="登记数据资源" description="以 JSON 填写数据资源定义（与内置定义文件格式相同），提交后平台校验并建立数据表。" actions={<Link href="/datasets" className="btn-secondary">返回目录</Link>} />
      <div className="grid gap-5 lg:grid-cols-[1fr_320px]">
        <div className="card p-5">
          <DefinitionForm template={JSON.stringify(TEMPLATE, null, 2)} />
        </div>
        <aside className="card space-y-3 p-5 text-sm text-slate-600">
          <h2 className="font-medium text-slate-800">填写说明</h2>
          <p>key 与字段名：小写字母、数字、下划线，字母开头。</p>
          <p data-testid="agency-codes">agency 来源单位：{allowedCodesText(agencies)}</p>
          <p data-testid="business-line-codes">businessLine 业务条线：{allowedCodesText(lines)}</p>
          <p>type 类型：{FIELD_TYPES.join("、")}</p>
          <p>pii 个人信息：{PII_KINDS.join("、")}；标注后在列表中脱敏显示，身份证号导入时校验。</p>
          <p>businessKey：判断重复的业务主键；recordDateField：判断迟填的记录日期。</p>
          <p>
            完整格式说明见 docs/datasets.md。来源单位和业务条线由省院系统管理员在“系统管理 → 代码表”中维护。
          </p>
        </aside>
      </div>
    </div>
  );
}
