"use client";

import { useEffect, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { Badge } from "@/components/ui/badge";
import type { CodeEntry, CodeListKind } from "@/lib/code-lists/kinds";
import { createCodeAction, updateCodeAction } from "./actions";

function EditRow({ kind, entry, onDone }: { kind: CodeListKind; entry: CodeEntry; onDone: () => void }) {
  const [state, onSubmit, pending, action] = useKeptFormAction(updateCodeAction, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <tr data-testid="code-row" data-code={entry.code}>
      <td className="font-mono text-slate-500">{entry.code}</td>
      <td colSpan={4}>
        <form action={action} onSubmit={onSubmit} className="grid grid-cols-[10rem_14rem_auto_auto_auto] items-center gap-2" noValidate data-testid="edit-code-form">
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="code" value={entry.code} />
          <input name="labelZh" defaultValue={entry.labelZh} className="input" aria-label="中文名称" autoFocus />
          <input name="labelEn" defaultValue={entry.labelEn} className="input" aria-label="英文名称" />
          <label className="flex items-center gap-1 text-sm text-slate-600">
            <input type="checkbox" name="active" defaultChecked={entry.active} aria-label="启用" /> 启用
          </label>
          <button className="btn-primary" disabled={pending}>保存</button>
          <button type="button" className="btn-secondary" onClick={onDone}>取消</button>
          <div className="col-span-full">
            <FormMessage state={state} />
          </div>
        </form>
      </td>
    </tr>
  );
}

function Row({ kind, entry, editable }: { kind: CodeListKind; entry: CodeEntry; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  if (editing) return <EditRow kind={kind} entry={entry} onDone={() => setEditing(false)} />;
  return (
    <tr data-testid="code-row" data-code={entry.code} className={entry.active ? "" : "text-slate-400"}>
      <td className="font-mono text-slate-500">{entry.code}</td>
      <td className="font-medium">{entry.labelZh}</td>
      <td>{entry.labelEn}</td>
      <td>{entry.active ? <Badge tone="green">启用</Badge> : <Badge tone="gray">已停用</Badge>}</td>
      <td className="text-right">
        {editable ? (
          <button type="button" className="btn-link" onClick={() => setEditing(true)}>
            编辑
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function AddForm({ kind, listLabel }: { kind: CodeListKind; listLabel: string }) {
  // A refused entry stays for correction; an added one clears the fields for the next.
  const [state, onSubmit, pending, action] = useKeptFormAction(createCodeAction, null, { resetOnSuccess: true });
  return (
    <form action={action} onSubmit={onSubmit} className="grid grid-cols-[14rem_10rem_14rem_auto] items-center gap-2 border-t border-slate-100 p-3" noValidate data-testid="add-code-form">
      <input type="hidden" name="kind" value={kind} />
      <input name="code" placeholder="代码，如 water_resources" className="input font-mono" aria-label="代码" />
      <input name="labelZh" placeholder="中文名称，如 水利" className="input" aria-label="中文名称" />
      <input name="labelEn" placeholder="English, e.g. Water resources" className="input" aria-label="英文名称" />
      <button className="btn-primary justify-self-start" disabled={pending}>新增{listLabel}</button>
      <div className="col-span-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** One list: its codes (disabled ones greyed), inline editing and an add form for the province admin. */
export function CodeListTable({ kind, listLabel, entries, editable }: { kind: CodeListKind; listLabel: string; entries: CodeEntry[]; editable: boolean }) {
  return (
    <div className="card overflow-hidden">
      <table className="table" data-testid="code-list">
        <thead>
          <tr>
            <th className="w-48">代码</th>
            <th>中文名称</th>
            <th>英文名称</th>
            <th className="w-24">状态</th>
            <th className="w-20" />
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <Row key={entry.code} kind={kind} entry={entry} editable={editable} />
          ))}
        </tbody>
      </table>
      {editable ? <AddForm kind={kind} listLabel={listLabel} /> : null}
    </div>
  );
}
