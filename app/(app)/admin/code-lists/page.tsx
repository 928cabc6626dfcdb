import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { canEditCodeLists } from "@/lib/code-lists/commands";
import { CODE_LIST_KINDS, CODE_LIST_LABELS, type CodeListKind } from "@/lib/code-lists/kinds";
import { listCodes } from "@/lib/code-lists/queries";
import { getMessages } from "@/lib/i18n/locale";
import { CodeListTable } from "./code-list-client";

export const metadata: Metadata = { title: "代码表" };

/** What each list is for, in the words of the people who fill the forms that use it. */
const PURPOSE: Record<CodeListKind, string> = {
  agency: "登记数据资源时填写的来源单位（agency）：数据由哪个单位提供。",
  businessLine: "模型及其线索所属的业务条线（businessLine），统计按条线汇总。",
  supervisionPoint: "模型归属的监督点（supervisionPoint），模型超市按监督点归类。",
};

export default async function CodeListsPage({ searchParams }: { searchParams: Promise<{ list?: string }> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.code_lists")) return <Forbidden t={t} />;
  const { list } = await searchParams;
  const kind: CodeListKind = CODE_LIST_KINDS.find((k) => k === list) ?? "agency";
  const entries = await listCodes(kind);
  const editable = canEditCodeLists(actor);
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title={t.nav.codeLists}
        description="全省共用的代码表。代码一经创建不再修改（数据资源、模型和线索按代码保存）；名称可以修改，不再使用的代码停用而不删除，已有记录照常显示。"
      />
      <nav className="mb-3 flex gap-1 border-b border-slate-200" aria-label="代码表" data-testid="code-list-tabs">
        {CODE_LIST_KINDS.map((k) => (
          <Link
            key={k}
            href={`/admin/code-lists?list=${k}`}
            prefetch={false}
            aria-current={k === kind ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${k === kind ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
          >
            {CODE_LIST_LABELS[k][locale]}
          </Link>
        ))}
      </nav>
      <p className="mb-3 text-sm text-slate-600">
        {PURPOSE[kind]}
        {editable ? null : <span data-testid="read-only-note"> 代码表由省院系统管理员维护，本页仅供查看。</span>}
      </p>
      <CodeListTable kind={kind} listLabel={CODE_LIST_LABELS[kind].zh} entries={entries} editable={editable} />
    </div>
  );
}
