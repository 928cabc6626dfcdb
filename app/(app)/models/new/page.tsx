import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { listCodes } from "@/lib/code-lists/queries";
import { getMessages } from "@/lib/i18n/locale";
import { builderCatalog } from "@/lib/models/builder-data";
import { NewModelForm } from "./new-model-client";

export const metadata: Metadata = { title: "新建模型" };

/** A starting rule a builder edits: judgments of one charge, one clue per case and person. */
const TEMPLATE = {
  from: { dataset: "criminal_judgment", as: "j" },
  where: { all: [{ field: "j.charge", op: "eq", value: "危险驾驶罪" }] },
  clue: {
    dedupKey: ["j.case_no", "j.id_number"],
    title: "{j.defendant_name}（{j.case_no}）",
    subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" },
    evidence: { j: ["case_no", "court", "charge", "effective_date"] },
  },
};

export default async function NewModelPage() {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "models.build")) return <Forbidden t={t} />;
  const [lines, points, catalog] = await Promise.all([listCodes("businessLine"), listCodes("supervisionPoint"), builderCatalog(actor)]);
  const options = (list: typeof lines) => list.filter((e) => e.active).map((e) => ({ value: e.code, label: e.labelZh }));
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader title="新建模型" description={`${actor.orgName}的模型：先保存为草稿 v1，在模型页继续编辑、比较版本。`} actions={<Link href="/models" className="btn-secondary">返回模型列表</Link>} />
      <div className="card p-5">
        <NewModelForm lines={options(lines)} points={options(points)} template={TEMPLATE} catalog={catalog} />
      </div>
    </div>
  );
}
