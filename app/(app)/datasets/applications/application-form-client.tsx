"use client";

import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { applyAction } from "./actions";
import { Field, OptionList } from "@/components/forms/field";

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


export function ApplicationForm({ datasets, defaults, minFrom }: Props) {
  const [state, onSubmit, pending, action] = useKeptFormAction(applyAction, null);
  const issue = (path: string): string | undefined => (state && !state.ok ? state.issues?.find((i) => i.path === path)?.message : undefined);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="数据资源" error={issue("datasetKey")}>
        <select name="datasetKey" className="input" defaultValue={defaults.datasetKey}>
          <OptionList options={datasets} />
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
