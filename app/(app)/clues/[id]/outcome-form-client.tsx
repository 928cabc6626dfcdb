"use client";

import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { OUTCOME_KINDS, type OutcomeKind } from "@/db/schema";
import { OUTCOME_KIND_LABELS } from "@/lib/clues/labels";
import { OUTCOME_KIND_FIELDS } from "@/lib/clues/outcome-schema";
import { outcomeAction } from "../actions";

/**
 * Records one outcome; the amount and feedback date appear for the kinds that carry them. A refused
 * entry keeps the kind and everything typed (the page remounts the form after a recorded one).
 */
export function OutcomeForm({ clueId }: { clueId: number }) {
  const [state, onSubmit, pending, action] = useKeptFormAction(outcomeAction, null);
  const [kind, setKind] = useState<OutcomeKind | "">("");
  const fields = kind ? OUTCOME_KIND_FIELDS[kind] : undefined;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2" noValidate data-testid="outcome-form">
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
      {fields?.amount ? <input name="amount" inputMode="decimal" className="input" placeholder="挽回金额（元），如 12,500 或 1.25万" aria-label="挽回金额（元）" /> : null}
      {fields?.feedbackDate ? <input type="date" name="feedbackDate" className="input" aria-label="收到反馈日期" /> : null}
      <input name="documentNo" className="input" placeholder="文书号（可选）" aria-label="文书号" />
      <textarea name="note" rows={2} className="input" placeholder="说明（可选）" aria-label="成效说明" />
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? "保存中…" : "记录成效"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
