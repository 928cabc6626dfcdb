"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { OUTCOME_KINDS, type OutcomeKind } from "@/db/schema";
import { OUTCOME_KIND_LABELS } from "@/lib/clues/labels";
import { outcomeAction } from "../actions";

/** Records one outcome; the amount and feedback date appear for the kinds that need them. */
export function OutcomeForm({ clueId }: { clueId: number }) {
  const [state, action, pending] = useActionState(outcomeAction, null);
  const [kind, setKind] = useState<OutcomeKind | "">("");
  return (
    <form action={action} className="space-y-2" noValidate data-testid="outcome-form">
      <input type="hidden" name="clueId" value={clueId} />
      <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as OutcomeKind)} className="input" aria-label="成效类型">
        <option value="" disabled>
          选择成效类型
        </option>
        {OUTCOME_KINDS.map((k) => (
          <option key={k} value={k}>
            {OUTCOME_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {kind === "recovery" ? <input name="amount" inputMode="decimal" className="input" placeholder="挽回金额（元）" aria-label="挽回金额（元）" /> : null}
      {kind === "rectification" ? <input type="date" name="feedbackDate" className="input" aria-label="收到反馈日期" /> : null}
      <input name="documentNo" className="input" placeholder="文书号（可选）" aria-label="文书号" />
      <textarea name="note" rows={2} className="input" placeholder="说明（可选）" aria-label="成效说明" />
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? "保存中…" : "记录成效"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
