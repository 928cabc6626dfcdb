"use client";

import { useActionState, type MouseEvent } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { decideAction, revokeAction } from "./actions";

/** Approve or reject one pending application; the pressed button carries the decision. */
export function DecisionForm({ id }: { id: string }) {
  // A refused decision keeps the comment; the pressed button adds decision=approve|reject.
  const [state, onSubmit, pending, action] = useKeptFormAction(decideAction, null);
  return (
    <form action={action} onSubmit={onSubmit} className="w-60 space-y-2" noValidate data-testid="decision-form">
      <input type="hidden" name="id" value={id} />
      <textarea name="comment" rows={2} maxLength={500} className="input" placeholder="审批意见（驳回时必填）" aria-label="审批意见" />
      <div className="flex gap-2">
        <button type="submit" name="decision" value="approve" className="btn-primary" disabled={pending}>
          批准
        </button>
        <button type="submit" name="decision" value="reject" className="btn-danger" disabled={pending}>
          驳回
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

function confirmRevoke(event: MouseEvent<HTMLButtonElement>): void {
  if (!window.confirm("撤销后该数据资源立即停止授权，本院的建模与运行将不能再使用。确定撤销吗？")) event.preventDefault();
}

/** Ends an approved grant at once. */
export function RevokeForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState(revokeAction, null);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="btn-danger" disabled={pending} onClick={confirmRevoke}>
        撤销授权
      </button>
      <FormMessage state={state} />
    </form>
  );
}
