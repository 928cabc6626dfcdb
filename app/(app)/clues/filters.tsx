import Link from "next/link";
import type { ClueFilter } from "@/lib/clues/filter";

export interface FilterOptions {
  models: { id: string; name: string }[];
  orgs: { id: string; name: string }[];
  assignees: { id: string; name: string }[];
  /** The 业务条线 list (disabled lines too: their clues remain). */
  businessLines: { code: string; label: string }[];
}

/** The list's filters as a plain GET form: every filtered view is a URL a prosecutor can bookmark. */
export function ClueFilters({ filter, options }: { filter: Partial<ClueFilter>; options: FilterOptions }) {
  return (
    <form method="get" action="/clues" className="card mb-3 grid grid-cols-2 gap-3 p-3 md:grid-cols-4 xl:grid-cols-8" data-testid="clue-filters">
      {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
      <label className="col-span-2 block">
        <span className="mb-1 block text-xs text-slate-500">搜索</span>
        <input name="q" defaultValue={filter.q ?? ""} className="input" placeholder="当事人姓名或案号" aria-label="搜索当事人姓名或案号" />
      </label>
      <label className="col-span-2 block">
        <span className="mb-1 block text-xs text-slate-500">监督模型</span>
        <select name="model" defaultValue={filter.model ?? ""} className="input" aria-label="监督模型">
          <option value="">全部模型</option>
          {options.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="mb-1 block text-xs text-slate-500">业务条线</span>
        <select name="businessLine" defaultValue={filter.businessLine ?? ""} className="input" aria-label="业务条线">
          <option value="">全部</option>
          {options.businessLines.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="mb-1 block text-xs text-slate-500">承办人</span>
        <select name="assignee" defaultValue={filter.assignee ?? ""} className="input" aria-label="承办人">
          <option value="">全部</option>
          <option value="me">我承办的</option>
          <option value="none">未分派</option>
          {options.assignees.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      {options.orgs.length > 1 ? (
        <label className="col-span-2 block">
          <span className="mb-1 block text-xs text-slate-500">所属院</span>
          <select name="org" defaultValue={filter.org ?? ""} className="input" aria-label="所属院">
            <option value="">全部（含下级院）</option>
            {options.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="block">
        <span className="mb-1 block text-xs text-slate-500">发现日期自</span>
        <input type="date" name="from" defaultValue={filter.from ?? ""} className="input" aria-label="发现日期自" />
      </label>
      <label className="block">
        <span className="mb-1 block text-xs text-slate-500">至</span>
        <input type="date" name="to" defaultValue={filter.to ?? ""} className="input" aria-label="发现日期至" />
      </label>
      <label className="block">
        <span className="mb-1 block text-xs text-slate-500">排序</span>
        <select name="sort" defaultValue={filter.sort ?? "newest"} className="input" aria-label="排序">
          <option value="newest">最新发现在前</option>
          <option value="oldest">最早发现在前</option>
        </select>
      </label>
      <div className="col-span-2 flex items-end gap-2 md:col-span-1">
        <button type="submit" className="btn-primary">
          筛选
        </button>
        <Link href="/clues" className="btn-secondary" prefetch={false}>
          重置
        </Link>
      </div>
    </form>
  );
}
