"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import type { ClueStatus } from "@/db/schema";
import { bulkAssignAction } from "./actions";
import { ClueStatusBadge } from "./status-badge";

export interface ClueRow {
  id: number;
  title: string;
  status: ClueStatus;
  modelName: string;
  businessLine: string;
  orgName: string;
  subjectName: string | null;
  subjectId: string | null;
  assigneeName: string | null;
  firstSeen: string;
  assignable: boolean;
}

/** The clue table; rows that can still be assigned get a checkbox for bulk assignment. */
export function ClueTable({ rows, assignees, showOrg }: { rows: ClueRow[]; assignees: { id: string; name: string }[]; showOrg: boolean }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [state, onSubmit, pending, action] = useKeptFormAction(bulkAssignAction, null);
  // Assigned clues leave the selection; a refused assignment keeps it and the chosen assignee.
  useEffect(() => {
    if (state?.ok) setSelected(new Set());
  }, [state]);
  const selectable = rows.filter((r) => r.assignable);
  const canBulk = assignees.length > 0 && selectable.length > 0;
  const toggle = (id: number): void =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = selectable.length > 0 && selectable.every((r) => selected.has(r.id));
  return (
    <form action={action} onSubmit={onSubmit}>
      {canBulk ? (
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2 text-sm" data-testid="bulk-assign">
          <span className="text-slate-500">已选 {selected.size} 条</span>
          <select name="assigneeId" defaultValue={assignees.length === 1 ? assignees[0].id : ""} className="input w-40" aria-label="分派给">
            {assignees.length > 1 ? <option value="">分派给…</option> : null}
            {assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="submit" className="btn-secondary" disabled={pending || selected.size === 0}>
            {pending ? "分派中…" : "批量分派"}
          </button>
          <div className="min-w-0 flex-1">
            <FormMessage state={state} />
          </div>
        </div>
      ) : null}
      <table className="table" data-testid="clue-table">
        <thead>
          <tr>
            {canBulk ? (
              <th className="w-8">
                <input
                  type="checkbox"
                  aria-label="全选本页可分派的线索"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(selectable.map((r) => r.id)))}
                />
              </th>
            ) : null}
            <th>线索</th>
            <th>状态</th>
            <th>当事人</th>
            <th>监督模型</th>
            {showOrg ? <th>所属院</th> : null}
            <th>承办人</th>
            <th>发现时间</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="clue-row">
              {canBulk ? (
                <td>
                  {r.assignable ? <input type="checkbox" name="ids" value={r.id} checked={selected.has(r.id)} onChange={() => toggle(r.id)} aria-label={`选择线索 ${r.id}`} /> : null}
                </td>
              ) : null}
              <td className="max-w-md">
                <Link href={`/clues/${r.id}`} className="font-medium text-slate-800 hover:text-brand-700 hover:underline" prefetch={false}>
                  {r.title}
                </Link>
                <div className="text-xs text-slate-400">#{r.id}</div>
              </td>
              <td className="whitespace-nowrap">
                <ClueStatusBadge status={r.status} />
              </td>
              <td className="whitespace-nowrap">
                <div>{r.subjectName ?? "—"}</div>
                {r.subjectId ? <div className="font-mono text-xs text-slate-400">{r.subjectId}</div> : null}
              </td>
              <td className="max-w-xs text-slate-600">
                <div className="truncate" title={r.modelName}>
                  {r.modelName}
                </div>
                <div className="text-xs text-slate-400">{r.businessLine}</div>
              </td>
              {showOrg ? <td className="whitespace-nowrap text-slate-600">{r.orgName}</td> : null}
              <td className="whitespace-nowrap">{r.assigneeName ?? <span className="text-slate-400">未分派</span>}</td>
              <td className="whitespace-nowrap tabular-nums text-slate-500">{r.firstSeen}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </form>
  );
}
