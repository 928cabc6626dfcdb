import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { getDatasetSummary, type DatasetSummary } from "@/lib/datasets/catalog";
import { codeLabel } from "@/lib/code-lists/kinds";
import { codeLabels } from "@/lib/code-lists/queries";
import { formatCount } from "@/lib/datasets/labels";
import { NotFoundError } from "@/lib/errors";
import { getMessages } from "@/lib/i18n/locale";
import { FieldsTab } from "./fields-tab";
import { ImportsTab } from "./imports-tab";
import { QualityTab } from "./quality-tab";
import { RowsTab } from "./rows-tab";

export const metadata: Metadata = { title: "数据资源" };

const TABS = [
  { key: "fields", label: "字段定义" },
  { key: "rows", label: "数据预览" },
  { key: "imports", label: "导入记录" },
  { key: "quality", label: "数据质量" },
] as const;
type Tab = (typeof TABS)[number]["key"];

type Search = { tab?: string; cursor?: string; rowId?: string };

async function load(actor: Parameters<typeof getDatasetSummary>[0], key: string): Promise<DatasetSummary> {
  try {
    return await getDatasetSummary(actor, key);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "datasets.read")) return <Forbidden t={t} />;
  const { key } = await params;
  const search = await searchParams;
  const [dataset, agencies, lines] = await Promise.all([load(actor, key), codeLabels("agency"), codeLabels("businessLine")]);
  const tab: Tab = TABS.some((x) => x.key === search.tab) ? (search.tab as Tab) : "fields";
  const def = dataset.definition;
  return (
    <div className="mx-auto max-w-7xl">
      <div className="mb-2 text-sm">
        <Link href="/datasets" className="btn-link">
          数据资源目录
        </Link>
        <span className="mx-1 text-slate-400">/</span>
        <span className="text-slate-500">{dataset.name}</span>
      </div>
      <PageHeader
        title={dataset.name}
        description={`${codeLabel(agencies, def.agency, locale)} · ${codeLabel(lines, def.businessLine, locale)} · ${def.key} · 可见数据 ${formatCount(dataset.rowCount)} 行${def.description ? ` · ${def.description}` : ""}`}
      />
      <nav className="mb-4 flex gap-1 border-b border-slate-200" aria-label="数据资源标签页">
        {TABS.map((x) => (
          <Link
            key={x.key}
            href={`/datasets/${key}?tab=${x.key}`}
            className={`-mb-px border-b-2 px-4 py-2 text-sm ${tab === x.key ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
            aria-current={tab === x.key ? "page" : undefined}
          >
            {x.label}
          </Link>
        ))}
      </nav>
      {tab === "fields" ? <FieldsTab definition={def} /> : null}
      {tab === "rows" ? <RowsTab actor={actor} datasetKey={key} cursor={search.cursor} rowId={search.rowId} /> : null}
      {tab === "imports" ? <ImportsTab actor={actor} dataset={dataset} /> : null}
      {tab === "quality" ? <QualityTab actor={actor} dataset={dataset} /> : null}
    </div>
  );
}
