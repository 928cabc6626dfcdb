import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { catalogDefinitions } from "@/lib/clues/queries";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { definitionText } from "@/lib/models/definition-text";
import { MODEL_STATUS_LABELS } from "@/lib/models/labels";
import { builderCatalog } from "@/lib/models/builder-data";
import { canEdit } from "@/lib/models/policy";
import { getVersion, getVisibleModel } from "@/lib/models/queries";
import { describeRule } from "@/lib/rules/describe";
import { RuleExplanationList } from "../../rule-explanation";
import { statusTone } from "../../version-history";
import type { JsonObject } from "@/components/rule-builder/types";
import { DraftEditor } from "./draft-editor-client";

export const metadata: Metadata = { title: "模型版本" };

async function load(actor: Awaited<ReturnType<typeof requireActor>>, id: string, v: string) {
  try {
    const { model } = await getVisibleModel(actor, id);
    const version = await getVersion(actor, model.id, /^[1-9]\d{0,8}$/.test(v) ? Number(v) : 0);
    return { model, version };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function ModelVersionPage({ params }: { params: Promise<{ id: string; v: string }> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "models.read")) return <Forbidden t={t} />;
  const { id, v } = await params;
  const { model, version } = await load(actor, id, v);
  const explanation = describeRule(version.definition, await catalogDefinitions());
  const editing = version.status === "draft" && canEdit(actor, model.ownerOrgId) && can(actor, "models.build");
  const catalog = editing ? await builderCatalog(actor) : null;
  return (
    <div className="mx-auto max-w-6xl">
      <div className="mb-2 text-sm">
        <Link href={`/models/${model.id}`} className="btn-link" prefetch={false}>
          ← {model.name}
        </Link>
      </div>
      <PageHeader
        title={`${model.name} · v${version.version}`}
        description={`${version.createdByName || "系统内置"} 创建于 ${formatDateTime(version.createdAt).slice(0, 16)}${version.basedOnVersion ? ` · 以 v${version.basedOnVersion} 为底稿` : ""} · 内容摘要 ${version.contentHash.slice(0, 12)}`}
        actions={<Badge tone={statusTone(version.status)}>{MODEL_STATUS_LABELS[version.status]}</Badge>}
      />
      <div className={`grid gap-4 ${editing ? "" : "lg:grid-cols-2"}`}>
        <section className="card p-4" data-testid="version-rule">
          <h2 className="mb-2 font-medium text-slate-800">规则（中文说明）</h2>
          <RuleExplanationList explanation={explanation} />
          {version.basedOnVersion ? (
            <p className="mt-4 text-sm">
              <Link href={`/models/${model.id}/diff?from=${version.basedOnVersion}&to=${version.version}`} className="btn-link" prefetch={false} data-testid="diff-with-base">
                与底稿 v{version.basedOnVersion} 比较 →
              </Link>
            </p>
          ) : null}
        </section>
        {editing && catalog ? null : (
          <section className="card p-4">
            <h2 className="mb-2 font-medium text-slate-800">规则定义（JSON）</h2>
            <p className="mb-2 text-xs text-slate-500">{version.status === "draft" ? "草稿由本院模型建设者编辑。" : "该版本已冻结，不能修改；修改请在模型页“编辑规则”新建草稿。"}</p>
            <pre className="max-h-[36rem] overflow-auto rounded bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-700">{definitionText(version.definition)}</pre>
          </section>
        )}
      </div>
      {editing && catalog ? (
        <section className="card mt-4 p-4">
          <h2 className="mb-3 font-medium text-slate-800">编辑草稿</h2>
          <DraftEditor modelId={model.id} version={version.version} initial={JSON.parse(definitionText(version.definition)) as JsonObject} catalog={catalog} />
        </section>
      ) : null}
    </div>
  );
}
