"use client";

import { startTransition, useActionState, type FormEvent, type ReactNode } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { applyAction } from "./actions";

export interface DatasetOption {
  value: string;
  label: string;
}

interface Props {
  datasets: DatasetOption[];
  defaults: { datasetKey: string; validFrom: string; validTo: string };
  /** The earliest start the server accepts (yesterday, China Standard Time). */
  minFrom: string;
}

function Field({ label, children, hint, error }: { label: string; children: ReactNode; hint?: string; error?: string }) {
  return (
    <label className="block">
      <span className="mb-1 block text-sm font-medium text-slate-700">{label}</span>
      {children}
      {error ? <span className="mt-1 block text-xs text-red-600">{error}</span> : hint ? <span className="mt-1 block text-xs text-slate-400">{hint}</span> : null}
    </label>
  );
}

export function ApplicationForm({ datasets, defaults, minFrom }: Props) {
  const [state, action, pending] = useActionState(applyAction, null);
  const issue = (path: string): string | undefined => (state && !state.ok ? state.issues?.find((i) => i.path === path)?.message : undefined);
  // Submitting by hand keeps what was typed when the server refuses it (a form action would reset the form).
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => action(formData));
  };
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="数据资源" error={issue("datasetKey")}>
        <select name="datasetKey" className="input" defaultValue={defaults.datasetKey}>
          <option value="" disabled>
            请选择
          </option>
          {datasets.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="用途" hint="10–500 字：用于哪个模型或哪类案件、为什么需要这些数据" error={issue("purpose")}>
        <textarea name="purpose" rows={4} maxLength={500} className="input" />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="开始日期" error={issue("validFrom")}>
          <input name="validFrom" type="date" className="input" defaultValue={defaults.validFrom} min={minFrom} />
        </Field>
        <Field label="结束日期" hint="期限最长一年" error={issue("validTo")}>
          <input name="validTo" type="date" className="input" defaultValue={defaults.validTo} min={minFrom} />
        </Field>
      </div>
      <FormMessage state={state} />
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? "正在提交…" : "提交申请"}
      </button>
    </form>
  );
}
