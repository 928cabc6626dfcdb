import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getMessages } from "@/lib/i18n/locale";
import { diffSummary, type DiffChange, type DiffLine } from "@/lib/models/diff";
import { compareVersions, getVisibleModel } from "@/lib/models/queries";

export const metadata: Metadata = { title: "版本差异" };

const KIND_LABELS: Record<DiffChange["kind"], string> = { added: "新增", removed: "删除", changed: "修改" };
const KIND_CLASSES: Record<DiffChange["kind"], string> = { added: "bg-emerald-100 text-emerald-800", removed: "bg-red-100 text-red-800", changed: "bg-amber-100 text-amber-800" };
const LINE_CLASSES: Record<DiffLine["op"], string> = { same: "text-slate-600", added: "bg-emerald-50 text-emerald-800", removed: "bg-red-50 text-red-700 line-through" };
const LINE_MARKS: Record<DiffLine["op"], string> = { same: " ", added: "+", removed: "−" };

const versionParam = (raw: string | string[] | undefined): number => (typeof raw === "string" && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0);

export default async function VersionDiffPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "models.read")) return <Forbidden t={t} />;
  const { id } = await params;
  const query = await searchParams;
  const from = versionParam(query.from);
  const to = versionParam(query.to);
  let loaded;
  try {
    const { model } = await getVisibleModel(actor, id);
    loaded = { model, ...(await compareVersions(actor, model.id, from, to)) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const { model, diff } = loaded;
  return (
    <div className="mx-auto max-w-6xl">
      <div className="mb-2 text-sm">
        <Link href={`/models/${model.id}`} className="btn-link" prefetch={false}>
          ← {model.name}
        </Link>
      </div>
      <PageHeader title={`版本差异：v${from} → v${to}`} description={`${model.name} · ${diffSummary(diff)}`} />
      <section className="card p-4" data-testid="diff-changes">
        <h2 className="mb-2 font-medium text-slate-800">改动</h2>
        {diff.changes.length === 0 ? (
          <p className="text-sm text-slate-500">两个版本的规则相同。</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {diff.changes.map((c, i) => (
              <li key={i} className="flex gap-2" data-testid="diff-change">
                <span className={`h-fit shrink-0 rounded px-1.5 py-0.5 text-xs ${KIND_CLASSES[c.kind]}`}>
                  {KIND_LABELS[c.kind]}
                  {c.section}
                </span>
                <span>
                  {c.before ? <span className="text-red-700 line-through">{c.before}</span> : null}
                  {c.before && c.after ? <span className="mx-1 text-slate-400">→</span> : null}
                  {c.after ? <span className="text-emerald-800">{c.after}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card mt-4 p-4" data-testid="diff-lines">
        <h2 className="mb-2 font-medium text-slate-800">规则全文（对照）</h2>
        <ul className="space-y-0.5 text-sm">
          {diff.lines.map((line, i) => (
            <li key={i} className={`rounded px-1 ${LINE_CLASSES[line.op]}`} style={{ paddingLeft: `${line.depth * 1.25 + 0.25}rem` }} data-op={line.op}>
              <span className="mr-2 inline-block w-3 font-mono text-slate-400">{LINE_MARKS[line.op]}</span>
              {line.text}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
