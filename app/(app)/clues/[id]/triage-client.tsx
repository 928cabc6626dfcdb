"use client";

import { useState, type ReactNode } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { CLUE_ACTION_LABELS, type ClueAction } from "@/lib/clues/labels";
import { clueAction } from "../actions";

interface Option {
  id: string;
  name: string;
}

export interface TriageProps {
  clueId: number;
  offered: ClueAction[];
  assignees: Option[];
  orgs: Option[];
  selfId: string;
}

function ActionForm({ clueId, action, children, submit, tone = "primary" }: { clueId: number; action: ClueAction; children?: ReactNode; submit: string; tone?: "primary" | "danger" | "secondary" }) {
  // A refused step keeps what was typed; an accepted one empties the form (a 备注 stays on this tab).
  const [state, onSubmit, pending, formAction] = useKeptFormAction(clueAction, null, { resetOnSuccess: true });
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-2" noValidate data-testid={`action-${action}`}>
      <input type="hidden" name="clueId" value={clueId} />
      <input type="hidden" name="action" value={action} />
      {children}
      <button type="submit" className={tone === "danger" ? "btn-danger" : tone === "secondary" ? "btn-secondary" : "btn-primary"} disabled={pending}>
        {pending ? "提交中…" : submit}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

// The usual next step comes first, so it is the open tab.
const TABS: ClueAction[] = ["verify", "confirm", "dismiss", "transfer", "assign", "reopen", "comment"];

/** The triage actions this user may take now; lib/clues re-checks every one of them. */
export function TriagePanel({ clueId, offered, assignees, orgs, selfId }: TriageProps) {
  const available = TABS.filter((a) => offered.includes(a));
  const [current, setCurrent] = useState<ClueAction | undefined>(available[0]);
  if (available.length === 0) return <p className="text-sm text-slate-500">您对该线索没有可执行的操作。</p>;
  const selfOnly = assignees.length === 1 && assignees[0].id === selfId;
  return (
    <div>
      <div className="mb-3 flex flex-wrap gap-1" role="tablist">
        {available.map((a) => (
          <button
            key={a}
            type="button"
            role="tab"
            aria-selected={a === current}
            onClick={() => setCurrent(a)}
            className={`rounded px-2.5 py-1 text-sm ${a === current ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600 hover:bg-slate-200"}`}
          >
            {a === "assign" && selfOnly ? "分派给我" : CLUE_ACTION_LABELS[a]}
          </button>
        ))}
      </div>
      {current === "assign" ? (
        <ActionForm clueId={clueId} action="assign" submit={selfOnly ? "分派给我" : "分派"}>
          {selfOnly ? (
            <input type="hidden" name="assigneeId" value={selfId} />
          ) : (
            <select name="assigneeId" defaultValue="" className="input" aria-label="承办检察官">
              <option value="" disabled>
                选择承办检察官
              </option>
              {assignees.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
          <textarea name="comment" rows={2} className="input" placeholder="说明（可选）" aria-label="说明" />
        </ActionForm>
      ) : null}
      {current === "verify" ? (
        <ActionForm clueId={clueId} action="verify" submit="开始核查">
          <textarea name="comment" rows={2} className="input" placeholder="核查计划（可选），如：调取判决书、执行通知书" aria-label="说明" />
        </ActionForm>
      ) : null}
      {current === "confirm" ? (
        <ActionForm clueId={clueId} action="confirm" submit="确认成案">
          <input name="caseNo" className="input" placeholder="监督案件号，如 东检监〔2026〕12号" aria-label="监督案件号" />
          <textarea name="comment" rows={2} className="input" placeholder="核查结论（可选）" aria-label="说明" />
        </ActionForm>
      ) : null}
      {current === "dismiss" ? (
        <ActionForm clueId={clueId} action="dismiss" submit="不成案" tone="danger">
          <textarea name="reason" rows={3} className="input" placeholder="不成案理由（必填），如：经核查已于外省收监" aria-label="不成案理由" />
        </ActionForm>
      ) : null}
      {current === "transfer" ? (
        <ActionForm clueId={clueId} action="transfer" submit="移送" tone="secondary">
          <select name="targetOrgId" defaultValue="" className="input" aria-label="接收检察院">
            <option value="">移送至检察院…</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <input name="agency" className="input" placeholder="或外部单位名称，如 临江市公安局" aria-label="外部单位" />
          <textarea name="comment" rows={2} className="input" placeholder="移送说明（可选）" aria-label="说明" />
        </ActionForm>
      ) : null}
      {current === "reopen" ? (
        <ActionForm clueId={clueId} action="reopen" submit="重新打开" tone="secondary">
          <textarea name="reason" rows={2} className="input" placeholder="重新打开的理由（必填）" aria-label="重新打开理由" />
        </ActionForm>
      ) : null}
      {current === "comment" ? (
        <ActionForm clueId={clueId} action="comment" submit="添加备注" tone="secondary">
          <textarea name="text" rows={3} className="input" placeholder="备注内容" aria-label="备注" />
        </ActionForm>
      ) : null}
    </div>
  );
}
